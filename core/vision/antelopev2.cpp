#include "vision/antelopev2.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <numeric>
#include <opencv2/dnn.hpp>
#include <opencv2/imgproc.hpp>

#include "util/error.h"

namespace hl::faces {
namespace {

cv::dnn::Net netFromBuffer(const std::string& bytes, const std::string& path) {
  try {
    cv::dnn::Net net = cv::dnn::readNetFromONNX(bytes.data(), bytes.size());
    if (net.empty()) throw Error(path + ": OpenCV could not build the network");
    return net;
  } catch (const cv::Exception& e) {
    throw Error(path + ": OpenCV DNN cannot load this model (" + e.msg + ")");
  }
}

// insightface: mean 0 / std 1 when the graph starts with its own Sub and Mul nodes.
bool normalisesItself(const std::vector<std::string>& ops) {
  const bool sub = std::count(ops.begin(), ops.end(), "Sub") > 0;
  const bool mul = std::count(ops.begin(), ops.end(), "Mul") > 0;
  return sub && mul;
}

}  // namespace

// --- SCRFD ---------------------------------------------------------------------------------
struct ScrfdDetector::Net {
  cv::dnn::Net net;
  std::vector<std::string> outputs;
};

ScrfdDetector::ScrfdDetector(std::string onnx, float threshold, float nms)
    : path_(std::move(onnx)), threshold_(threshold), nms_(nms) {
  netFor(640);  // fail early on a bad file
}

ScrfdDetector::Net& ScrfdDetector::netFor(int size) {
  auto it = nets_.find(size);
  if (it != nets_.end()) return *it->second;
  auto n = std::make_shared<Net>();
  n->net = netFromBuffer(patchOnnxInput(path_, 1, size, size), path_);
  n->outputs = n->net.getUnconnectedOutLayersNames();
  if (n->outputs.size() != 9 && n->outputs.size() != 6)
    throw Error(
        path_ +
        ": expected SCRFD's 6 or 9 outputs (scores, boxes[, keypoints] at 3 strides), found " +
        std::to_string(n->outputs.size()));
  nets_[size] = n;
  return *n;
}

std::vector<Face> ScrfdDetector::detect(const cv::Mat& bgr) {
  for (int size : {640, 512, 384, 256}) {
    std::vector<Face> f = detectAtSize(bgr, size);
    if (!f.empty()) return f;
  }
  return {};
}

namespace {

// Letterbox: aspect kept, placed top-left, zero padding. Returns the S x S canvas and the scale
// from the image to it.
cv::Mat letterbox(const cv::Mat& bgr, int S, double& detScale) {
  const double imRatio = double(bgr.rows) / bgr.cols;
  int newW, newH;
  if (imRatio > 1.0) {
    newH = S;
    newW = int(newH / imRatio);
  } else {
    newW = S;
    newH = int(newW * imRatio);
  }
  detScale = double(newH) / bgr.rows;
  cv::Mat resized, canvas = cv::Mat::zeros(S, S, CV_8UC3);
  cv::resize(bgr, resized, cv::Size(newW, newH));
  resized.copyTo(canvas(cv::Rect(0, 0, newW, newH)));
  return canvas;
}

// One stride's outputs: rows = (S/stride)^2 * 2 anchors; columns 1 (score), 4 (box), 10 (kps).
struct Level {
  cv::Mat score, box, kps;
};

// The outputs identified by shape and grouped by stride (their row count).
std::map<int, Level> levelsOf(const std::vector<cv::Mat>& outs, const std::string& path) {
  std::map<int, Level> levels;
  for (const auto& o : outs) {
    cv::Mat m = o.reshape(1, int(o.total() / o.size[o.dims - 1]));
    Level& l = levels[m.rows];
    if (m.cols == 1)
      l.score = m;
    else if (m.cols == 4)
      l.box = m;
    else if (m.cols == 10)
      l.kps = m;
    else
      throw Error(path + ": unexpected SCRFD output with " + std::to_string(m.cols) + " columns");
  }
  return levels;
}

struct Candidate {
  cv::Rect2f box;
  float score;
  std::array<cv::Point2f, 5> kps;
  bool hasKps;
};

// The anchors of one level above `threshold`, in image coordinates.
void decodeLevel(const Level& l, int rows, int S, double detScale, float threshold,
                 const std::string& path, std::vector<Candidate>& out) {
  if (l.score.empty() || l.box.empty())
    throw Error(path + ": SCRFD outputs do not pair up by level");
  const int side = int(std::lround(std::sqrt(double(rows / 2))));
  if (side * side * 2 != rows)
    throw Error(path + ": SCRFD output rows do not match a square feature map");
  const int stride = S / side;
  for (int r = 0; r < rows; ++r) {
    const float score = l.score.at<float>(r, 0);
    if (score < threshold) continue;
    const int cell = r / 2;
    const float cx = float((cell % side) * stride), cy = float((cell / side) * stride);
    const float* d = l.box.ptr<float>(r);
    Candidate c;
    c.score = score;
    const float x1 = cx - d[0] * stride, y1 = cy - d[1] * stride, x2 = cx + d[2] * stride,
                y2 = cy + d[3] * stride;
    c.box = cv::Rect2f(float(x1 / detScale), float(y1 / detScale), float((x2 - x1) / detScale),
                       float((y2 - y1) / detScale));
    c.hasKps = !l.kps.empty();
    if (c.hasKps) {
      const float* k = l.kps.ptr<float>(r);
      for (int i = 0; i < 5; ++i)
        c.kps[size_t(i)] = cv::Point2f(float((cx + k[2 * i] * stride) / detScale),
                                       float((cy + k[2 * i + 1] * stride) / detScale));
    }
    out.push_back(c);
  }
}

// insightface's NMS (areas with the +1 pixel convention), best score first.
std::vector<Face> suppressOverlaps(std::vector<Candidate> cands, float nms) {
  std::stable_sort(cands.begin(), cands.end(),
                   [](const Candidate& a, const Candidate& b) { return a.score > b.score; });
  auto area = [](const cv::Rect2f& r) { return (r.width + 1) * (r.height + 1); };
  std::vector<Face> faces;
  std::vector<bool> dropped(cands.size(), false);
  for (size_t i = 0; i < cands.size(); ++i) {
    if (dropped[i]) continue;
    const auto& a = cands[i].box;
    for (size_t j = i + 1; j < cands.size(); ++j) {
      const auto& b = cands[j].box;
      const float w =
          std::max(0.f, std::min(a.x + a.width, b.x + b.width) - std::max(a.x, b.x) + 1);
      const float h =
          std::max(0.f, std::min(a.y + a.height, b.y + b.height) - std::max(a.y, b.y) + 1);
      const float inter = w * h;
      if (inter / (area(a) + area(b) - inter) > nms) dropped[j] = true;
    }
    Face f;
    f.box = a;
    f.score = cands[i].score;
    f.kps = cands[i].kps;
    f.hasKps = cands[i].hasKps;
    faces.push_back(f);
  }
  return faces;
}

}  // namespace

std::vector<Face> ScrfdDetector::detectAtSize(const cv::Mat& bgr, int S) {
  if (bgr.empty()) throw Error("face detector: empty image");
  double detScale = 1.0;
  const cv::Mat canvas = letterbox(bgr, S, detScale);
  Net& n = netFor(S);
  n.net.setInput(cv::dnn::blobFromImage(canvas, 1.0 / 128.0, cv::Size(S, S),
                                        cv::Scalar(127.5, 127.5, 127.5), true, false));
  std::vector<cv::Mat> outs;
  n.net.forward(outs, n.outputs);
  std::vector<Candidate> cands;
  for (const auto& [rows, l] : levelsOf(outs, path_))
    decodeLevel(l, rows, S, detScale, threshold_, path_, cands);
  return suppressOverlaps(std::move(cands), nms_);
}

// --- 2d106det --------------------------------------------------------------------------------
struct Landmark106::Impl {
  cv::dnn::Net net;
  double mean = 0, std = 1;
};

Landmark106::Landmark106(const std::string& onnx) : impl_(std::make_shared<Impl>()) {
  std::vector<std::string> ops;
  impl_->net = netFromBuffer(patchOnnxInput(onnx, 1, 192, 192, &ops), onnx);
  if (!normalisesItself(ops)) {
    impl_->mean = 127.5;
    impl_->std = 128.0;
  }
}

void Landmark106::landmarks(const cv::Mat& bgr, Face& face) {
  // A 192x192 crop centred on the box, scaled so 1.5x its larger side fits, no rotation.
  const float w = face.box.width, h = face.box.height;
  const cv::Point2f center(face.box.x + w / 2, face.box.y + h / 2);
  const double scale = 192.0 / (std::max(w, h) * 1.5);
  cv::Mat M =
      (cv::Mat_<double>(2, 3) << scale, 0, 96 - center.x * scale, 0, scale, 96 - center.y * scale);
  cv::Mat crop;
  cv::warpAffine(bgr, crop, M, cv::Size(192, 192), cv::INTER_LINEAR, cv::BORDER_CONSTANT,
                 cv::Scalar(0, 0, 0));
  impl_->net.setInput(cv::dnn::blobFromImage(crop, 1.0 / impl_->std, cv::Size(192, 192),
                                             cv::Scalar(impl_->mean, impl_->mean, impl_->mean),
                                             true, false));
  cv::Mat out = impl_->net.forward();
  const int n = int(out.total() / 2);
  cv::Mat IM;
  cv::invertAffineTransform(M, IM);
  face.landmarks.resize(size_t(n));
  const float* p = out.ptr<float>();
  for (int i = 0; i < n; ++i) {
    const double x = (p[2 * i] + 1.0) * 96.0, y = (p[2 * i + 1] + 1.0) * 96.0;
    face.landmarks[size_t(i)] =
        cv::Point2f(float(IM.at<double>(0, 0) * x + IM.at<double>(0, 1) * y + IM.at<double>(0, 2)),
                    float(IM.at<double>(1, 0) * x + IM.at<double>(1, 1) * y + IM.at<double>(1, 2)));
  }
}

// --- ArcFace ---------------------------------------------------------------------------------
struct ArcFaceEmbedder::Impl {
  cv::dnn::Net net;
};

ArcFaceEmbedder::ArcFaceEmbedder(const std::string& onnx) : impl_(std::make_shared<Impl>()) {
  std::vector<std::string> ops;
  impl_->net = netFromBuffer(patchOnnxInput(onnx, 1, 112, 112, &ops), onnx);
  if (normalisesItself(ops)) {
    mean_ = 0.0;
    std_ = 1.0;
  }
}

std::vector<float> ArcFaceEmbedder::embed(const cv::Mat& aligned) {
  impl_->net.setInput(cv::dnn::blobFromImage(aligned, 1.0 / std_, cv::Size(112, 112),
                                             cv::Scalar(mean_, mean_, mean_), true, false));
  cv::Mat out = impl_->net.forward();
  std::vector<float> e(out.ptr<float>(), out.ptr<float>() + out.total());
  const float norm = std::sqrt(std::inner_product(e.begin(), e.end(), e.begin(), 0.f));
  for (float& v : e) v /= std::max(norm, 1e-12f);
  return e;
}

FaceModels loadAntelopev2(const std::string& folder) {
  namespace fs = std::filesystem;
  for (const char* f : {"scrfd_10g_bnkps.onnx", "2d106det.onnx", "glintr100.onnx"}) {
    std::error_code ec;
    if (!fs::is_regular_file(fs::path(folder) / f, ec))
      throw Error(folder + ": " + f + " is missing (insightface antelopev2 face models)");
  }
  FaceModels m;
  m.detector = std::make_unique<ScrfdDetector>(folder + "/scrfd_10g_bnkps.onnx");
  m.landmarker = std::make_unique<Landmark106>(folder + "/2d106det.onnx");
  m.embedder = std::make_unique<ArcFaceEmbedder>(folder + "/glintr100.onnx");
  return m;
}

FaceModels loadFaceModels(const std::string& folder, bool* testOnly) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (testOnly) *testOnly = false;
  if (fs::exists(fs::path(folder) / "scrfd_10g_bnkps.onnx", ec)) return loadAntelopev2(folder);
  if (!fs::exists(fs::path(folder) / "fr_detect.onnx", ec))
    throw Error(folder +
                ": no face models (expected scrfd_10g_bnkps.onnx, 2d106det.onnx, glintr100.onnx)");
  FaceModels m;
  m.detector = makeUltraLightDetector(folder + "/fr_detect.onnx");
  m.landmarker = makeLandmark68(folder + "/fr_landmark.onnx");
  m.embedder = makeMobileFaceEmbedder(folder + "/fr_feature.onnx");
  if (testOnly) *testOnly = true;
  return m;
}

}  // namespace hl::faces
