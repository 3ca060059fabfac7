// The face seam on OpenCV DNN: antelopev2 (or the test-only models) and HyperLoRA's ID condition.
#include "identity/identity_engine.h"
#include "studio/faces.h"
#include "vision/antelopev2.h"
#include "vision/image.h"

namespace hl::studio {
namespace {

PreparedPhoto toPrepared(const identity::ReferenceResult& r) {
  PreparedPhoto p;
  p.source = r.source;
  p.message = r.message;
  p.used = r.used;
  p.imageWidth = r.imageWidth;
  p.imageHeight = r.imageHeight;
  p.facesFound = r.facesFound;
  if (r.faceUsed >= 0) {
    p.box = {r.face.box.x, r.face.box.y, r.face.box.width, r.face.box.height};
    if (r.face.hasKps)
      for (const auto& k : r.face.kps) p.keypoints.push_back({k.x, k.y});
    for (const auto& k : r.face.landmarks) p.landmarks.push_back({k.x, k.y});
  }
  p.clipCrop = r.clipCrop;
  p.baseCrop = r.baseCrop;
  p.embedding = r.embedding;
  return p;
}

class OpenCvFaces : public FaceAnalyser {
 public:
  explicit OpenCvFaces(const std::string& folder) : folder_(folder) {
    models_ = faces::loadFaceModels(folder, &testOnly_);
  }
  PreparedPhoto prepare(const std::string& path) override {
    return toPrepared(identity::analysePhoto(path, stack()));
  }
  std::vector<DetectedFace> detect(const RgbImage& image) override {
    const cv::Mat bgr = toBgr(image);
    std::vector<DetectedFace> out;
    for (faces::Face f : models_.detector->detect(bgr)) {
      if (!f.hasKps) models_.landmarker->landmarks(bgr, f);
      DetectedFace d;
      d.box = {f.box.x, f.box.y, f.box.width, f.box.height};
      d.score = f.score;
      for (const auto& k : f.kps) d.keypoints.push_back({k.x, k.y});
      out.push_back(std::move(d));
    }
    return out;
  }
  FaceMatch match(const RgbImage& image, const std::vector<float>& identity) override {
    const identity::FaceMatch m = identity::matchFace(toBgr(image), stack(), identity);
    return {m.facesFound, m.similarity, m.embedding};
  }
  bool testOnly() const override { return testOnly_; }
  std::string description() const override {
    return (testOnly_ ? "TEST-ONLY face models (not ArcFace: identities are not meaningful) from "
                      : "antelopev2 from ") +
           folder_;
  }

 private:
  identity::FaceStack stack() const {
    return {models_.detector.get(), models_.landmarker.get(), models_.embedder.get()};
  }
  std::string folder_;
  faces::FaceModels models_;
  bool testOnly_ = false;
};

}  // namespace

std::unique_ptr<FaceAnalyser> openFaceAnalyser(const std::string& folder) {
  return std::make_unique<OpenCvFaces>(folder);
}

}  // namespace hl::studio
