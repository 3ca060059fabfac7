// Face analysis behind interfaces (detector, landmarker, embedder), so the production
// antelopev2 models and the small real models tests can fetch plug into the same chain:
// detect -> 5 keypoints -> Umeyama alignment to the ArcFace template -> 512-d L2-normalised
// embedding.
#pragma once

#include <array>
#include <memory>
#include <opencv2/core.hpp>
#include <string>
#include <vector>

namespace hl::faces {

struct Face {
  cv::Rect2f box;
  float score = 0;
  std::array<cv::Point2f, 5> kps{};  // left eye, right eye, nose, left mouth, right mouth
  bool hasKps = false;
  std::vector<cv::Point2f> landmarks;  // optional dense landmarks (68 or 106)
};

class FaceDetector {
 public:
  virtual ~FaceDetector() = default;
  // Faces in `bgr`, ordered by descending score (as insightface orders them).
  virtual std::vector<Face> detect(const cv::Mat& bgr) = 0;
};

class FaceLandmarker {
 public:
  virtual ~FaceLandmarker() = default;
  // Fills face.landmarks and the 5 keypoints derived from them.
  virtual void landmarks(const cv::Mat& bgr, Face& face) = 0;
};

class FaceEmbedder {
 public:
  virtual ~FaceEmbedder() = default;
  virtual int inputSize() const { return 112; }
  // An aligned BGR crop -> L2-normalised embedding.
  virtual std::vector<float> embed(const cv::Mat& alignedBgr) = 0;
};

// insightface's ArcFace template for a 112x112 crop.
const std::array<cv::Point2f, 5>& arcfaceTemplate();

// Least-squares similarity transform (Umeyama, as skimage's SimilarityTransform.estimate) that
// maps `src` onto `dst`: a 2x3 matrix for cv::warpAffine.
cv::Mat umeyama(const std::vector<cv::Point2f>& src, const std::vector<cv::Point2f>& dst);

// insightface's norm_crop: the 112x112 (or `size`) crop aligned on the 5 keypoints, black outside.
cv::Mat alignFace(const cv::Mat& bgr, const std::array<cv::Point2f, 5>& kps, int size = 112);

// --- Small real models for tests (faceplugin-face-recognition-js@0.0.1, fetched at test time) --
// An Ultra-Light RFB-320 style detector: 320x240 input, (x-127)/128, boxes already decoded.
std::unique_ptr<FaceDetector> makeUltraLightDetector(const std::string& onnx, float threshold = 0.7f,
                                                     float nms = 0.4f);
// 68-point landmarks on a 64x64 grey crop of the box.
std::unique_ptr<FaceLandmarker> makeLandmark68(const std::string& onnx);
// 112x112 RGB (x-127)/128 -> 512-d.
std::unique_ptr<FaceEmbedder> makeMobileFaceEmbedder(const std::string& onnx);

}  // namespace hl::faces
