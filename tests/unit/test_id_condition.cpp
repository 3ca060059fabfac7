// The ID condition's decisions and messages with scripted face models (no model files needed):
// no face, several faces (the most confident is used), a tiny face, a face lost in its 2x crop,
// and the geometry of the face box and crops.
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "check.h"
#include "clip/clip_image.h"
#include "identity/id_condition.h"
#include "util/sha256.h"

using namespace hl;

namespace {

// Finds the faces it is told to, scaled into whatever image it is given.
class ScriptedDetector : public faces::FaceDetector {
 public:
  std::vector<faces::Face> full, crop;
  int calls = 0;
  std::vector<faces::Face> detect(const cv::Mat&) override { return calls++ == 0 ? full : crop; }
};

// 68 landmarks on an ellipse inside the box (enough for the outline and the face box).
class BoxLandmarks : public faces::FaceLandmarker {
 public:
  void landmarks(const cv::Mat&, faces::Face& f) override {
    f.landmarks.clear();
    const cv::Point2f c(f.box.x + f.box.width / 2, f.box.y + f.box.height / 2);
    for (int i = 0; i < 68; ++i) {
      const double a = 2 * CV_PI * i / 68;
      f.landmarks.emplace_back(float(c.x + 0.45 * f.box.width * std::cos(a)),
                               float(c.y + 0.45 * f.box.height * std::sin(a)));
    }
    f.kps = {c + cv::Point2f(-10, -10), c + cv::Point2f(10, -10), c, c + cv::Point2f(-8, 12),
             c + cv::Point2f(8, 12)};
    f.hasKps = true;
  }
};

class ConstEmbedder : public faces::FaceEmbedder {
 public:
  std::vector<float> embed(const cv::Mat& aligned) override {
    size = aligned.size();
    std::vector<float> e(512, 0.f);
    e[0] = 1.f;
    return e;
  }
  cv::Size size;
};

faces::Face face(float x, float y, float w, float h, float score) {
  faces::Face f;
  f.box = cv::Rect2f(x, y, w, h);
  f.score = score;
  return f;
}

}  // namespace

cv::Mat img_ = cv::Mat(400, 300, CV_8UC3, cv::Scalar(40, 80, 120));

// Pillow's GaussianBlur (the §3.3 mask step), bit for bit: SHA-256 of Pillow 9.4's output on a
// deterministic pattern, for radii below, at and above the image size and a 512x512 case.
HL_TEST(pillowGaussianBlurIsBitExact) {
  struct Case {
    int w, h;
    float r;
    const char* sha;
    int first[6];
  } cases[] = {
      {97,
       61,
       15.0f,
       "979fcb1b5d9aa9a4da01d79639c75cd6da831fbcacd511b17f0e1c086b868e1a",
       {107, 108, 108, 109, 110, 111}},
      {97,
       61,
       2.5f,
       "688616ad48140d0dc730deec6653df8fb91a080612bc2781a4f010d1ae09dfa4",
       {27, 30, 33, 39, 45, 52}},
      {40,
       33,
       40.0f,
       "9b3bf1757ee9368ba689ab245b2f1a7b30706da63301367ca205bacf5ebb17ed",
       {104, 104, 104, 104, 104, 104}},
      {512,
       512,
       15.0f,
       "fe44cbd90c0fffaf9b317c0fc2955437a1f7de0283c5c718de1c78b7497ac5b9",
       {107, 108, 108, 109, 110, 111}},
      {5,
       300,
       1.0f,
       "97065dd9c833e18ac4d1d3509bd68982128b93c175852c6a8eab17d617a6cff8",
       {8, 12, 19, 26, 31, 17}},
  };
  for (const Case& c : cases) {
    std::string px(size_t(c.w) * c.h, '\0');
    for (int y = 0; y < c.h; ++y)
      for (int x = 0; x < c.w; ++x)
        px[size_t(y) * c.w + x] = char(((x * 7 + y * 13) ^ (x * y)) & 255);
    hl::pillowGaussianBlur(reinterpret_cast<uint8_t*>(px.data()), c.w, c.h, 1, c.r);
    for (int i = 0; i < 6; ++i) HL_CHECK_EQ(int(uint8_t(px[size_t(i)])), c.first[i]);
    HL_CHECK_EQ(hl::sha256Hex(px), std::string(c.sha));
  }
}

// §3.3's background removal against the official steps run with Pillow 9.4 (outline polygon
// drawn by ImageDraw, mask resized, GaussianBlur(15), resized back, pasted over grey 127) on a
// deterministic photo and 106 landmarks; references in tests/data.
HL_TEST(removeBackgroundMatchesPillow) {
  const int W = 160, H = 200;
  cv::Mat bgr(H, W, CV_8UC3);
  for (int y = 0; y < H; ++y)
    for (int x = 0; x < W; ++x)
      for (int c = 0; c < 3; ++c)
        bgr.at<cv::Vec3b>(y, x)[2 - c] = uint8_t(((x * 5 + y * 3 + c * 60) ^ (x * y >> 3)) & 255);
  std::vector<cv::Point2f> lm;
  for (int i = 0; i < 106; ++i)
    lm.emplace_back(float(80 + 38 * std::cos(i * 2 * M_PI / 106) + 0.37 * (i % 5)),
                    float(95 + 52 * std::sin(i * 2 * M_PI / 106) - 0.21 * (i % 7)));
  // The polygon fill: this outline crosses itself; one pixel at a crossing still differs.
  cv::Mat mask = cv::Mat::zeros(H, W, CV_8UC1);
  std::vector<cv::Point> poly;
  for (const auto& p : identity::outline(lm)) poly.emplace_back(int(p.x), int(p.y));
  identity::fillPolygonPillow(mask, poly, 255);
  const cv::Mat refMask = cv::imread(HL_TEST_DATA "/outline_mask_pillow.png", cv::IMREAD_GRAYSCALE);
  HL_CHECK_EQ(refMask.size(), mask.size());
  HL_CHECK(cv::countNonZero(refMask) > 1500);
  const int maskDiff = cv::countNonZero(mask != refMask);
  hl::test::infof("polygon: %d of %d pixels differ from ImageDraw.polygon", maskDiff, W * H);
  HL_CHECK(maskDiff <= 1);

  const cv::Mat out = identity::removeBackground(bgr, lm);
  const cv::Mat ref = cv::imread(HL_TEST_DATA "/remove_background_pillow.png", cv::IMREAD_COLOR);
  HL_CHECK_EQ(ref.size(), out.size());
  cv::Mat diff;
  cv::absdiff(out, ref, diff);
  double maxDiff = 0;
  cv::minMaxLoc(diff.reshape(1), nullptr, &maxDiff);
  const int differing = cv::countNonZero(diff.reshape(1));
  hl::test::infof("background removal: %d of %d values differ, max %.0f grey levels", differing,
                  int(diff.total() * 3), maxDiff);
  // Pillow's blur and resizes are bit-exact here; what is left comes from that one polygon pixel
  // and float vs double for the outline centre.
  HL_CHECK(maxDiff <= 2);
  HL_CHECK(differing * 200 <= int(diff.total() * 3));  // under 0.5% of the values
}

HL_TEST(noFace) {
  ScriptedDetector d;
  BoxLandmarks l;
  ConstEmbedder e;
  auto r = identity::prepareReference(img_, {&d, &l, &e}, "a.jpg");
  HL_CHECK(!r.used);
  HL_CHECK_EQ(r.facesFound, 0);
  HL_CHECK(hl::test::contains(r.message, "no face found"));
  HL_CHECK(hl::test::contains(r.message, "cartoons"));
}

HL_TEST(severalFacesUseTheMostConfident) {
  ScriptedDetector d;
  d.full = {face(150, 100, 80, 100, 0.95f), face(20, 20, 120, 150, 0.7f)};  // score order
  d.crop = {face(100, 100, 80, 100, 0.9f)};
  BoxLandmarks l;
  ConstEmbedder e;
  auto r = identity::prepareReference(img_, {&d, &l, &e}, "b.jpg");
  HL_CHECK(r.used);
  HL_CHECK_EQ(r.facesFound, 2);
  HL_CHECK_EQ(r.faceUsed, 0);
  HL_CHECK_EQ(r.face.box.x, 150.f);  // the most confident, not the largest
  HL_CHECK(hl::test::contains(r.message, "2 faces, using the most confident"));
  HL_CHECK_EQ(e.size, cv::Size(112, 112));
  HL_CHECK_EQ(int(r.embedding.size()), 512);
  // The CLIP crop is the square of side 2l around the face box, l = 0.75 x the larger extent.
  const identity::FaceBox b = identity::faceBox(r.face.landmarks);
  HL_CHECK(std::abs(r.clipCrop.width - 2 * b.l) <= 1.0f &&
           std::abs(r.clipCrop.height - 2 * b.l) <= 1.0f);
  HL_CHECK(!r.baseCrop.empty());
}

HL_TEST(tinyFaceAndLostFace) {
  ScriptedDetector tiny;
  tiny.full = {face(100, 100, 6, 8, 0.9f)};
  BoxLandmarks l;
  ConstEmbedder e;
  auto r = identity::prepareReference(img_, {&tiny, &l, &e}, "c.jpg");
  HL_CHECK(!r.used);
  HL_CHECK(hl::test::contains(r.message, "too small"));
  ScriptedDetector lost;
  lost.full = {face(100, 100, 80, 100, 0.9f)};  // nothing found again in the 2x crop
  auto r2 = identity::prepareReference(img_, {&lost, &l, &e}, "d.jpg");
  HL_CHECK(!r2.used);
  HL_CHECK(hl::test::contains(r2.message, "could not be found again"));
}

HL_TEST(cropsArePaddedBlack) {
  cv::Mat c = identity::cropPadded(img_, -10, -10, 20, 20);
  HL_CHECK_EQ(c.size(), cv::Size(30, 30));
  HL_CHECK_EQ(c.at<cv::Vec3b>(0, 0), cv::Vec3b(0, 0, 0));
  HL_CHECK_EQ(c.at<cv::Vec3b>(20, 20), cv::Vec3b(40, 80, 120));
  // Pillow-style rounding of the box corners (half to even).
  HL_CHECK_EQ(identity::cropPadded(img_, 0.5, 0, 10.5, 10).cols, 10);
}

HL_TEST(backgroundGoesGrey) {
  // 68-point layout: jaw 0..16 along the bottom, brows 17..26 along the top, the rest inside.
  std::vector<cv::Point2f> lm(68, cv::Point2f(150, 200));
  for (int i = 0; i <= 16; ++i) {
    const double a = CV_PI - CV_PI * i / 16;
    lm[size_t(i)] = cv::Point2f(float(150 + 60 * std::cos(a)), float(200 + 80 * std::sin(a)));
  }
  for (int i = 17; i <= 26; ++i) {
    const double a = CV_PI + CV_PI * (i - 17) / 9;
    lm[size_t(i)] = cv::Point2f(float(150 + 60 * std::cos(a)), float(200 + 80 * std::sin(a)));
  }
  cv::Mat out = identity::removeBackground(img_, lm);
  HL_CHECK_EQ(out.at<cv::Vec3b>(5, 5), cv::Vec3b(127, 127, 127));    // far outside: grey
  HL_CHECK_EQ(out.at<cv::Vec3b>(200, 150), cv::Vec3b(40, 80, 120));  // inside: the photo
}
