// The face chain on real photos with real (test-only) models fetched by
// scripts/fetch-test-data.sh: detection counts, alignment against OpenCV's own alignCrop, and
// identity clustering with the fetched embedder.
#include <cmath>
#include <map>
#include <numeric>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <opencv2/objdetect/face.hpp>

#include "check.h"
#include "face_data.h"
#include "identity/identity_engine.h"
#include "util/embedding.h"
#include "vision/faces.h"

using namespace hl::faces;

std::unique_ptr<FaceDetector> det_;
std::unique_ptr<FaceLandmarker> lm_;
std::unique_ptr<FaceEmbedder> emb_;
std::string d_;

std::vector<Face> analyse(const cv::Mat& img) {
  std::vector<Face> faces = det_->detect(img);
  for (auto& f : faces) lm_->landmarks(img, f);
  return faces;
}

HL_SETUP() {
  d_ = hl::test::requireFaceData();
  det_ = makeUltraLightDetector(d_ + "/fr_detect.onnx");
  lm_ = makeLandmark68(d_ + "/fr_landmark.onnx");
  emb_ = makeMobileFaceEmbedder(d_ + "/fr_feature.onnx");
}

HL_TEST(singleFacePortraits) {
  for (const char* name : {"astronaut.png", "grace_hopper.jpg"}) {
    cv::Mat img = cv::imread(d_ + "/" + name, cv::IMREAD_COLOR);
    HL_CHECK(!img.empty());
    auto faces = analyse(img);
    HL_CHECK_MSG(faces.size() == 1,
                 (std::string(name) + ": " + std::to_string(faces.size()) + " faces").c_str());
    const Face& f = faces[0];
    // Keypoints are plausible: eyes above the nose, nose above the mouth, left eye on the left.
    HL_CHECK(f.kps[0].x < f.kps[1].x);
    HL_CHECK(f.kps[0].y < f.kps[2].y && f.kps[1].y < f.kps[2].y);
    HL_CHECK(f.kps[2].y < f.kps[3].y && f.kps[2].y < f.kps[4].y);
    HL_CHECK(f.box.contains(f.kps[2]));
  }
}

HL_TEST(alignmentMatchesOpenCv) {
  cv::Mat img = cv::imread(d_ + "/grace_hopper.jpg", cv::IMREAD_COLOR);
  Face f = analyse(img).at(0);
  cv::Mat ours = alignFace(img, f.kps);
  // OpenCV's FaceRecognizerSF::alignCrop takes [x, y, w, h, 10 landmark coords, score].
  cv::Mat row(1, 15, CV_32F);
  row.at<float>(0) = f.box.x;
  row.at<float>(1) = f.box.y;
  row.at<float>(2) = f.box.width;
  row.at<float>(3) = f.box.height;
  for (int i = 0; i < 5; ++i) {
    row.at<float>(4 + 2 * i) = f.kps[size_t(i)].x;
    row.at<float>(5 + 2 * i) = f.kps[size_t(i)].y;
  }
  row.at<float>(14) = f.score;
  auto rec = cv::FaceRecognizerSF::create(d_ + "/fr_feature.onnx", "");
  cv::Mat ref;
  rec->alignCrop(img, row, ref);
  HL_CHECK_EQ(ours.size(), ref.size());
  cv::Mat diff;
  cv::absdiff(ours, ref, diff);
  double maxDiff = 0;
  cv::minMaxLoc(diff.reshape(1), nullptr, &maxDiff);
  const int over1 = cv::countNonZero(diff.reshape(1) > 1);
  hl::test::infof(
      "Umeyama crop vs alignCrop: max |diff| %.0f grey levels, mean %.4f, %d of %d values above 1",
      maxDiff, cv::mean(diff.reshape(1))[0], over1, int(diff.total() * diff.channels()));
  // OpenCV estimates its transform in float, insightface (and we) in double; warpAffine's
  // 1/32-pixel fixed-point sampling can turn that last-bit difference into 2 grey levels on a
  // sharp edge. Everything else must be within 1 level.
  HL_CHECK(maxDiff <= 2.0);
  HL_CHECK(over1 * 10000 <= int(diff.total() * diff.channels()));
}

HL_TEST(twentyFourFacesFourIdentities) {
  cv::Mat img = cv::imread(d_ + "/bald_guys.jpg", cv::IMREAD_COLOR);
  auto faces = analyse(img);
  HL_CHECK_EQ(int(faces.size()), 24);
  std::vector<std::vector<float>> e;
  for (const auto& f : faces) e.push_back(emb_->embed(alignFace(img, f.kps)));
  HL_CHECK_EQ(int(e[0].size()), 512);
  // Union-find at cosine 0.4.
  std::vector<int> parent(e.size());
  std::iota(parent.begin(), parent.end(), 0);
  std::function<int(int)> find = [&](int x) {
    return parent[size_t(x)] == x ? x : parent[size_t(x)] = find(parent[size_t(x)]);
  };
  for (size_t i = 0; i < e.size(); ++i)
    for (size_t j = i + 1; j < e.size(); ++j)
      if (hl::cosine(e[i], e[j]) > 0.4f) parent[size_t(find(int(i)))] = find(int(j));
  std::map<int, int> sizes;
  for (size_t i = 0; i < e.size(); ++i) ++sizes[find(int(i))];
  std::string desc;
  for (auto& [k, v] : sizes) desc += std::to_string(v) + " ";
  hl::test::infof("clusters: %s", desc.c_str());
  HL_CHECK_EQ(int(sizes.size()), 4);
  for (auto& [k, v] : sizes) HL_CHECK_EQ(v, 6);
}

// A drawing (a cartoon smiley on paper) with the real test detector: no face, and the message
// says drawings and cartoons are usually not detected.
HL_TEST(cartoonGetsAClearMessage) {
  cv::Mat img(480, 480, CV_8UC3, cv::Scalar(235, 245, 250));
  cv::circle(img, {240, 240}, 160, cv::Scalar(60, 200, 250), cv::FILLED);
  cv::circle(img, {240, 240}, 160, cv::Scalar(20, 20, 20), 6);
  cv::circle(img, {185, 200}, 22, cv::Scalar(20, 20, 20), cv::FILLED);
  cv::circle(img, {295, 200}, 22, cv::Scalar(20, 20, 20), cv::FILLED);
  cv::ellipse(img, {240, 290}, {90, 50}, 0, 10, 170, cv::Scalar(20, 20, 20), 8);
  const hl::identity::FaceStack stack{det_.get(), lm_.get(), emb_.get()};
  const auto r = hl::identity::prepareReference(img, stack, "smiley.png");
  HL_CHECK(!r.used);
  HL_CHECK_EQ(r.facesFound, 0);
  HL_CHECK_MSG(
      r.message.find("drawings and cartoons are usually not detected") != std::string::npos,
      r.message.c_str());
}

// What sweeps plot: a generated image's face against the identity's mean embedding.
HL_TEST(matchFaceAgainstIdentity) {
  const hl::identity::FaceStack stack{det_.get(), lm_.get(), emb_.get()};
  const cv::Mat grace = cv::imread(d_ + "/grace_hopper.jpg", cv::IMREAD_COLOR);
  const cv::Mat astro = cv::imread(d_ + "/astronaut.png", cv::IMREAD_COLOR);
  hl::identity::IdentityResult id;
  id.references.push_back(hl::identity::prepareReference(grace, stack, "grace_hopper.jpg"));
  HL_CHECK(id.references[0].used);
  const std::vector<float> one = id.meanEmbedding();
  HL_CHECK_EQ(one.size(), id.references[0].embedding.size());
  HL_CHECK(hl::cosine(one, id.references[0].embedding) > 0.99999f);  // one photo: its own embedding
  // Two photos: the normalised mean, so equally similar to both and of unit length.
  id.references.push_back(hl::identity::prepareReference(astro, stack, "astronaut.png"));
  HL_CHECK(id.references[1].used);
  const std::vector<float> mean = id.meanEmbedding();
  double norm = 0;
  for (float v : mean) norm += double(v) * v;
  HL_CHECK(std::abs(norm - 1.0) < 1e-5);
  HL_CHECK(std::abs(hl::cosine(mean, id.references[0].embedding) -
                    hl::cosine(mean, id.references[1].embedding)) < 1e-5f);

  const auto self = hl::identity::matchFace(grace, stack, one);
  const auto other = hl::identity::matchFace(astro, stack, one);
  hl::test::infof("grace vs grace identity %.3f, astronaut vs grace identity %.3f", self.similarity,
                  other.similarity);
  HL_CHECK_EQ(self.facesFound, 1);
  HL_CHECK(self.similarity > 0.8f);   // the same photo, aligned from the full frame
  HL_CHECK(other.similarity < 0.4f);  // someone else (the clustering threshold above)
  const auto none =
      hl::identity::matchFace(cv::Mat(256, 256, CV_8UC3, cv::Scalar(127, 127, 127)), stack, one);
  HL_CHECK_EQ(none.facesFound, 0);
  HL_CHECK(std::isnan(none.similarity));
}
