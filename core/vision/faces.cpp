#include "vision/faces.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <opencv2/dnn.hpp>
#include <opencv2/imgproc.hpp>

#include "util/error.h"

namespace hl::faces {
namespace {

cv::dnn::Net loadNet(const std::string& onnx, const char* what) {
  try {
    cv::dnn::Net net = cv::dnn::readNetFromONNX(onnx);
    if (net.empty()) throw Error(onnx + ": the " + std::string(what) + " model could not be loaded");
    return net;
  } catch (const cv::Exception& e) {
    throw Error(onnx + ": cannot load the " + std::string(what) + " model (" + e.msg + ")");
  }
}

float iou(const cv::Rect2f& a, const cv::Rect2f& b) {
  const float inter = (a & b).area();
  return inter <= 0 ? 0.f : inter / (a.area() + b.area() - inter);
}

class UltraLightDetector : public FaceDetector {
 public:
  UltraLightDetector(const std::string& onnx, float threshold, float nms)
      : net_(loadNet(onnx, "face detector")), threshold_(threshold), nms_(nms) {}

  std::vector<Face> detect(const cv::Mat& bgr) override {
    if (bgr.empty()) throw Error("face detector: empty image");
    cv::Mat blob = cv::dnn::blobFromImage(bgr, 1.0 / 128.0, cv::Size(320, 240), cv::Scalar(127, 127, 127), true, false);
    net_.setInput(blob);
    std::vector<cv::Mat> outs;
    net_.forward(outs, net_.getUnconnectedOutLayersNames());
    // Outputs: scores [1, N, 2] and boxes [1, N, 4] (normalised x1 y1 x2 y2), in either order.
    cv::Mat scores = outs[0], boxes = outs[1];
    if (scores.size[2] != 2) std::swap(scores, boxes);
    const int n = scores.size[1];
    std::vector<Face> cand;
    const float* s = scores.ptr<float>();
    const float* b = boxes.ptr<float>();
    for (int i = 0; i < n; ++i) {
      const float score = s[i * 2 + 1];
      if (score < threshold_) continue;
      Face f;
      f.score = score;
      const float x1 = b[i * 4] * bgr.cols, y1 = b[i * 4 + 1] * bgr.rows;
      const float x2 = b[i * 4 + 2] * bgr.cols, y2 = b[i * 4 + 3] * bgr.rows;
      f.box = cv::Rect2f(x1, y1, x2 - x1, y2 - y1);
      cand.push_back(f);
    }
    std::sort(cand.begin(), cand.end(), [](const Face& a, const Face& c) { return a.score > c.score; });
    std::vector<Face> kept;
    for (const auto& f : cand) {
      bool suppressed = false;
      for (const auto& k : kept) suppressed |= iou(f.box, k.box) > nms_;
      if (!suppressed) kept.push_back(f);
    }
    return kept;
  }

 private:
  cv::dnn::Net net_;
  float threshold_, nms_;
};

class Landmark68 : public FaceLandmarker {
 public:
  explicit Landmark68(const std::string& onnx) : net_(loadNet(onnx, "landmark")) {}

  void landmarks(const cv::Mat& bgr, Face& face) override {
    const cv::Rect clip = cv::Rect(face.box) & cv::Rect(0, 0, bgr.cols, bgr.rows);
    if (clip.width < 2 || clip.height < 2) throw Error("landmarks: the face box is outside the image");
    cv::Mat grey;
    cv::cvtColor(bgr(clip), grey, cv::COLOR_BGR2GRAY);
    cv::Mat blob = cv::dnn::blobFromImage(grey, 1.0 / 256.0, cv::Size(64, 64), cv::Scalar(), false, false);
    net_.setInput(blob);
    cv::Mat out = net_.forward();
    const float* p = out.ptr<float>();
    face.landmarks.resize(68);
    for (int i = 0; i < 68; ++i)
      face.landmarks[size_t(i)] = {clip.x + p[2 * i] * clip.width, clip.y + p[2 * i + 1] * clip.height};
    auto mean = [&](int a, int b) {
      cv::Point2f m(0, 0);
      for (int i = a; i <= b; ++i) m += face.landmarks[size_t(i)];
      return m * (1.0f / float(b - a + 1));
    };
    face.kps = {mean(36, 41), mean(42, 47), face.landmarks[30], face.landmarks[48], face.landmarks[54]};
    face.hasKps = true;
  }

 private:
  cv::dnn::Net net_;
};

class MobileFaceEmbedder : public FaceEmbedder {
 public:
  explicit MobileFaceEmbedder(const std::string& onnx) : net_(loadNet(onnx, "face embedding")) {}
  std::vector<float> embed(const cv::Mat& aligned) override {
    cv::Mat blob = cv::dnn::blobFromImage(aligned, 1.0 / 128.0, cv::Size(112, 112), cv::Scalar(127, 127, 127), true, false);
    net_.setInput(blob);
    cv::Mat out = net_.forward();
    std::vector<float> e(out.ptr<float>(), out.ptr<float>() + out.total());
    const float norm = std::sqrt(std::inner_product(e.begin(), e.end(), e.begin(), 0.f));
    for (float& v : e) v /= std::max(norm, 1e-12f);
    return e;
  }

 private:
  cv::dnn::Net net_;
};

}  // namespace

const std::array<cv::Point2f, 5>& arcfaceTemplate() {
  static const std::array<cv::Point2f, 5> t = {cv::Point2f(38.2946f, 51.6963f), cv::Point2f(73.5318f, 51.5014f),
                                               cv::Point2f(56.0252f, 71.7366f), cv::Point2f(41.5493f, 92.3655f),
                                               cv::Point2f(70.7299f, 92.2041f)};
  return t;
}

cv::Mat umeyama(const std::vector<cv::Point2f>& src, const std::vector<cv::Point2f>& dst) {
  const int n = int(src.size());
  if (n < 2 || dst.size() != src.size()) throw Error("umeyama: need two equal sets of at least 2 points");
  cv::Point2d ms(0, 0), md(0, 0);
  for (int i = 0; i < n; ++i) {
    ms += cv::Point2d(src[size_t(i)]);
    md += cv::Point2d(dst[size_t(i)]);
  }
  ms *= 1.0 / n;
  md *= 1.0 / n;
  cv::Mat A = cv::Mat::zeros(2, 2, CV_64F);
  double varS = 0;
  for (int i = 0; i < n; ++i) {
    const cv::Point2d s = cv::Point2d(src[size_t(i)]) - ms, d = cv::Point2d(dst[size_t(i)]) - md;
    A.at<double>(0, 0) += d.x * s.x;
    A.at<double>(0, 1) += d.x * s.y;
    A.at<double>(1, 0) += d.y * s.x;
    A.at<double>(1, 1) += d.y * s.y;
    varS += s.x * s.x + s.y * s.y;
  }
  A /= n;
  varS /= n;
  cv::Mat U, S, Vt;
  cv::SVD::compute(A, S, U, Vt);
  cv::Mat D = cv::Mat::eye(2, 2, CV_64F);
  if (cv::determinant(A) < 0) D.at<double>(1, 1) = -1;
  cv::Mat R = U * D * Vt;
  // A rank-deficient A: skimage picks the sign from det(U) * det(V).
  if (cv::countNonZero(S > 1e-12) < 2) {
    if (cv::determinant(U) * cv::determinant(Vt) < 0) {
      D.at<double>(1, 1) = -1;
      R = U * D * Vt;
    }
  }
  const double scale = varS > 0 ? (S.at<double>(0) * D.at<double>(0, 0) + S.at<double>(1) * D.at<double>(1, 1)) / varS : 1.0;
  cv::Mat M(2, 3, CV_64F);
  R *= scale;
  R.copyTo(M(cv::Rect(0, 0, 2, 2)));
  M.at<double>(0, 2) = md.x - (R.at<double>(0, 0) * ms.x + R.at<double>(0, 1) * ms.y);
  M.at<double>(1, 2) = md.y - (R.at<double>(1, 0) * ms.x + R.at<double>(1, 1) * ms.y);
  return M;
}

cv::Mat alignFace(const cv::Mat& bgr, const std::array<cv::Point2f, 5>& kps, int size) {
  std::vector<cv::Point2f> dst(arcfaceTemplate().begin(), arcfaceTemplate().end());
  const float ratio = float(size) / 112.0f;
  for (auto& p : dst) p *= ratio;
  cv::Mat M = umeyama(std::vector<cv::Point2f>(kps.begin(), kps.end()), dst);
  cv::Mat out;
  cv::warpAffine(bgr, out, M, cv::Size(size, size), cv::INTER_LINEAR, cv::BORDER_CONSTANT, cv::Scalar(0, 0, 0));
  return out;
}

std::unique_ptr<FaceDetector> makeUltraLightDetector(const std::string& onnx, float threshold, float nms) {
  return std::make_unique<UltraLightDetector>(onnx, threshold, nms);
}
std::unique_ptr<FaceLandmarker> makeLandmark68(const std::string& onnx) {
  return std::make_unique<Landmark68>(onnx);
}
std::unique_ptr<FaceEmbedder> makeMobileFaceEmbedder(const std::string& onnx) {
  return std::make_unique<MobileFaceEmbedder>(onnx);
}

}  // namespace hl::faces
