// The face-detail pass on a real photo with the test-only face models: every detected face is
// redone, largest first, and only inside its feathered box; the face-keypoint control image of
// an identity lands the keypoints where the identity's face is.

#include "check.h"
#include "face_data.h"
#include "models/demo_pack.h"
#include "studio/imaging.h"
#include "studio/session.h"
#include "vision/png_text.h"

using namespace hl;
using namespace hl::studio;

namespace {
test::TempDir tmp_;
std::string data_;
StudioSession* session_ = nullptr;
}  // namespace

HL_SETUP() {
  data_ = test::requireFaceData();
  writeDemoPack(tmp_.path() + "/pack");
  static StudioSession s;
  session_ = &s;
  ModelChoice c;
  c.root = tmp_.path() + "/pack";
  c.facesDir = data_;
  c.placement.device = "cpu";
  c.placement.precision = Precision::Float32;
  s.open(c);
}

HL_TEST(onlyInsideEachFeatheredFace) {
  StudioSession& s = *session_;
  const RgbImage photo = loadPicture(data_ + "/bald_guys.jpg");
  GenerationSettings st;
  st.prompt = "a portrait";
  st.steps = 4;
  st.seed = 2;
  st.faceDetail.enabled = true;
  st.faceDetail.longSide = 64;  // small crops: the mechanics, quickly
  st.faceDetail.steps = 2;
  st.faceDetail.feather = 6;
  const RgbImage out = s.detailFaces(photo, st);
  HL_CHECK_EQ(out.width, photo.width);
  // Every pixel farther than the feather from every detected face box is the photo's own.
  std::vector<float> any(size_t(photo.width) * photo.height, 0.f);
  int boxes = 0;
  for (const auto& f : s.detectFaces(photo)) {
    ++boxes;
    const std::vector<float> m = softBox(photo.width, photo.height, f.box, st.faceDetail.feather);
    for (size_t i = 0; i < m.size(); ++i) any[i] = std::max(any[i], m[i]);
  }
  HL_CHECK(boxes >= 20);  // the photo's 24 faces, give or take the test-only detector
  size_t outside = 0, changed = 0;
  for (size_t p = 0; p < any.size(); ++p) {
    const bool same = std::equal(&out.pixels[p * 3], &out.pixels[p * 3 + 3], &photo.pixels[p * 3]);
    if (any[p] == 0.f) {
      HL_CHECK(same);
      ++outside;
    } else {
      changed += !same;
    }
  }
  HL_CHECK(outside > any.size() / 4);
  HL_CHECK(changed > 1000);
  test::infof("%d faces redone; %zu pixels changed inside their boxes, %zu outside untouched",
              boxes, changed, outside);
}

// Inpainting with face detail: the edit's mask is the whole picture's, not the face crop's (the
// pass used to fail on it), and only what the mask lets change changes; faces the mask does
// not touch are not redone.
HL_TEST(afterInpaintingOnlyInsideTheMask) {
  StudioSession& s = *session_;
  const std::string photoPath = data_ + "/bald_guys.jpg";
  const RgbImage photo = loadPicture(photoPath);
  const int w = photo.width / 3 / 8 * 8, h = photo.height / 3 / 8 * 8;  // faces still found
  RgbImage mask;  // a vertical band through the middle, crossing a column of faces
  mask.width = w, mask.height = h;
  mask.pixels.assign(size_t(w) * h * 3, 0);
  const int x0 = w / 2 - 12, x1 = w / 2 + 12;
  for (int y = 0; y < h; ++y)
    std::fill(&mask.pixels[(size_t(y) * w + x0) * 3], &mask.pixels[(size_t(y) * w + x1) * 3], 255);
  writePngWithText(tmp_.path() + "/band.png", mask, {});
  GenerationSettings st;
  st.prompt = "a portrait";
  st.width = w, st.height = h;
  st.steps = 4;
  st.seed = 3;
  st.edit.initImage = photoPath;
  st.edit.mask = tmp_.path() + "/band.png";
  st.edit.strength = 0.5;
  const RgbImage plain = s.generate(st).image;
  st.faceDetail.enabled = true;
  st.faceDetail.longSide = 64;
  st.faceDetail.steps = 2;
  st.faceDetail.feather = 6;
  const RgbImage detailed = s.generate(st).image;
  const RgbImage original = coverPicture(photo, w, h);
  const int reach = st.edit.maskBlur * 3 + 2;  // the blurred edge's reach, generously
  size_t outside = 0, changedOutside = 0, changedInside = 0;
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x) {
      const size_t p = (size_t(y) * w + x) * 3;
      const bool same = std::equal(&detailed.pixels[p], &detailed.pixels[p + 3], &plain.pixels[p]);
      if (x < x0 - reach || x >= x1 + reach) {
        ++outside;
        changedOutside += !(
            same && std::equal(&detailed.pixels[p], &detailed.pixels[p + 3], &original.pixels[p]));
      } else {
        changedInside += !same;
      }
    }
  HL_CHECK(outside > size_t(w) * h / 2);
  HL_CHECK_EQ(changedOutside, size_t(0));
  HL_CHECK(changedInside > 500);  // the faces the band crosses were redone
  test::infof("face detail after inpainting: %zu pixels changed in the band, %zu outside untouched",
              changedInside, outside);
}

HL_TEST(faceKeypointsFromTheIdentity) {
  StudioSession& s = *session_;
  const IdentityState& a = s.setIdentity(0, {data_ + "/grace_hopper.jpg"});
  HL_CHECK(a.ready);
  const PreparedPhoto& p = a.prepared.at(0);
  ControlSetting c;
  c.preprocess = ControlPreprocess::FaceKeypoints;
  const int w = p.imageWidth, h = p.imageHeight;  // same size: the keypoints stay in place
  const RgbImage k = s.previewControl(c, w, h);
  const auto& nose = p.keypoints.at(2);
  const uint8_t* px = &k.pixels[(size_t(int(nose[1])) * w + int(nose[0])) * 3];
  HL_CHECK_EQ(int(px[2]), 255);  // the nose disc is blue
  HL_CHECK_EQ(int(px[0]), 0);
}
