// insightface's antelopev2 models on OpenCV DNN (user-supplied files): SCRFD-10G detection with
// the input size patched into the graph (OpenCV 4.6 refuses its dynamic H/W), 2d106det
// landmarks and the glintr100 ArcFace embedder, with insightface's pre- and post-processing.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "vision/faces.h"
#include "vision/onnx_patch.h"

namespace hl::faces {

class ScrfdDetector : public FaceDetector {
 public:
  explicit ScrfdDetector(std::string onnx, float threshold = 0.5f, float nms = 0.4f);
  // HyperLoRA's ladder: 640, 512, 384, 256 until a face is found.
  std::vector<Face> detect(const cv::Mat& bgr) override;
  std::vector<Face> detectAtSize(const cv::Mat& bgr, int size);

 private:
  struct Net;
  Net& netFor(int size);
  std::string path_;
  float threshold_, nms_;
  std::map<int, std::shared_ptr<Net>> nets_;
};

class Landmark106 : public FaceLandmarker {
 public:
  explicit Landmark106(const std::string& onnx);
  void landmarks(const cv::Mat& bgr, Face& face) override;

 private:
  struct Impl;
  std::shared_ptr<Impl> impl_;
};

class ArcFaceEmbedder : public FaceEmbedder {
 public:
  explicit ArcFaceEmbedder(const std::string& onnx);
  std::vector<float> embed(const cv::Mat& alignedBgr) override;
  double inputMean() const { return mean_; }
  double inputStd() const { return std_; }

 private:
  struct Impl;
  std::shared_ptr<Impl> impl_;
  double mean_ = 127.5, std_ = 127.5;
};

// The three antelopev2 models from a folder (scrfd_10g_bnkps.onnx, 2d106det.onnx,
// glintr100.onnx); errors name the missing or unloadable file.
struct FaceModels {
  std::unique_ptr<FaceDetector> detector;
  std::unique_ptr<FaceLandmarker> landmarker;
  std::unique_ptr<FaceEmbedder> embedder;
};
FaceModels loadAntelopev2(const std::string& folder);

// What a faces folder holds: antelopev2 when scrfd_10g_bnkps.onnx is there, else the small
// test-only models (fr_detect/fr_landmark/fr_feature.onnx; not ArcFace, so *testOnly is set).
FaceModels loadFaceModels(const std::string& folder, bool* testOnly = nullptr);

}  // namespace hl::faces
