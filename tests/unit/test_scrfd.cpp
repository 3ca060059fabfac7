// SCRFD decoding and the input-size patch, and 2d106det post-processing, on small ONNX models this
// test builds itself (dynamic H/W input, 3 strides x 2 anchors, score/bbox/kps heads). The heads
// are set up so one known anchor fires with known distances, so the expected box and keypoints are
// exact.
#include <onnx/onnx_pb.h>

#include <fstream>
#include <opencv2/imgproc.hpp>

#include "check.h"
#include "util/error.h"
#include "vision/antelopev2.h"

using namespace hl::faces;

namespace {

void addFloat(onnx::GraphProto* g, const std::string& name, const std::vector<int64_t>& dims,
              const std::vector<float>& values) {
  auto* t = g->add_initializer();
  t->set_name(name);
  t->set_data_type(onnx::TensorProto::FLOAT);
  for (int64_t d : dims) t->add_dims(d);
  for (float v : values) t->add_float_data(v);
}

void addInt64(onnx::GraphProto* g, const std::string& name, const std::vector<int64_t>& values) {
  auto* t = g->add_initializer();
  t->set_name(name);
  t->set_data_type(onnx::TensorProto::INT64);
  t->add_dims(int64_t(values.size()));
  for (int64_t v : values) t->add_int64_data(v);
}

onnx::NodeProto* node(onnx::GraphProto* g, const std::string& op, std::vector<std::string> in,
                      std::string out) {
  auto* n = g->add_node();
  n->set_op_type(op);
  n->set_name(op + "_" + out);
  for (auto& i : in) n->add_input(i);
  n->add_output(out);
  return n;
}

void intsAttr(onnx::NodeProto* n, const std::string& name, const std::vector<int64_t>& v) {
  auto* a = n->add_attribute();
  a->set_name(name);
  a->set_type(onnx::AttributeProto::INTS);
  for (int64_t x : v) a->add_ints(x);
}

// An opset-11 model whose one input `input` is [1, 3, height, width] with dynamic height and
// width, as the insightface exports are.
onnx::GraphProto* imageModel(onnx::ModelProto& m, const std::string& name,
                             const std::string& input) {
  m.set_ir_version(7);
  m.add_opset_import()->set_version(11);
  auto* g = m.mutable_graph();
  g->set_name(name);
  auto* in = g->add_input();
  in->set_name(input);
  auto* tt = in->mutable_type()->mutable_tensor_type();
  tt->set_elem_type(onnx::TensorProto::FLOAT);
  auto* shape = tt->mutable_shape();
  shape->add_dim()->set_dim_value(1);
  shape->add_dim()->set_dim_value(3);
  shape->add_dim()->set_dim_param("height");
  shape->add_dim()->set_dim_param("width");
  return g;
}

// Head for one stride: Conv(kernel = stride = s) -> [Sigmoid] -> NHWC -> reshape to [-1, cols].
void head(onnx::GraphProto* g, const std::string& out, int s, int channels, int cols,
          const std::vector<float>& weight, const std::vector<float>& bias, bool sigmoid) {
  addFloat(g, out + "_w", {channels, 3, s, s}, weight);
  addFloat(g, out + "_b", {channels}, bias);
  auto* c = node(g, "Conv", {"input.1", out + "_w", out + "_b"}, out + "_conv");
  intsAttr(c, "kernel_shape", {s, s});
  intsAttr(c, "strides", {s, s});
  std::string x = out + "_conv";
  if (sigmoid) {
    node(g, "Sigmoid", {x}, out + "_sig");
    x = out + "_sig";
  }
  intsAttr(node(g, "Transpose", {x}, out + "_t"), "perm", {0, 2, 3, 1});
  addInt64(g, out + "_shape", {-1, cols});
  node(g, "Reshape", {out + "_t", out + "_shape"}, out);
  auto* o = g->add_output();
  o->set_name(out);
  o->mutable_type()->mutable_tensor_type()->set_elem_type(onnx::TensorProto::FLOAT);
  auto* os = o->mutable_type()->mutable_tensor_type()->mutable_shape();
  os->add_dim()->set_dim_param("rows");
  os->add_dim()->set_dim_value(cols);
}

// Stride 8 fires where the input is white; boxes are (2, 3, 4, 5) strides from the anchor and
// keypoint i sits at (i - 2, i - 1) strides.
std::string buildModel(const std::string& path) {
  onnx::ModelProto m;
  onnx::GraphProto* g = imageModel(m, "scrfd_test", "input.1");
  for (int s : {8, 16, 32}) {
    const int k = 3 * s * s;
    head(g, "score_" + std::to_string(s), s, 2, 1,
         std::vector<float>(size_t(2 * k), s == 8 ? 20.0f / float(k) : 0.0f),
         {s == 8 ? -10.0f : -100.0f, s == 8 ? -10.0f : -100.0f}, true);
    std::vector<float> bb;
    for (int a = 0; a < 2; ++a) bb.insert(bb.end(), {2, 3, 4, 5});
    head(g, "bbox_" + std::to_string(s), s, 8, 4, std::vector<float>(size_t(8 * k), 0.0f), bb,
         false);
    std::vector<float> kb;
    for (int a = 0; a < 2; ++a)
      for (int i = 0; i < 5; ++i) kb.insert(kb.end(), {float(i - 2), float(i - 1)});
    head(g, "kps_" + std::to_string(s), s, 20, 10, std::vector<float>(size_t(20 * k), 0.0f), kb,
         false);
  }
  std::ofstream(path, std::ios::binary) << m.SerializeAsString();
  return path;
}

// A 2d106det-shaped model: input "data" [1, 3, 192, 192] (given dynamic, as exported), output
// [1, 212] from one 192x192 convolution. Point i's bias is (-0.9 + 0.017 i, 0.8 - 0.015 i); point 0
// also gets the normalised red value at the crop centre added to its x, which shows the mean/std
// rule.
std::string buildLandmarkModel(const std::string& path) {
  onnx::ModelProto m;
  onnx::GraphProto* g = imageModel(m, "landmark106_test", "data");
  const int k = 192 * 192;
  std::vector<float> w(size_t(212) * 3 * k, 0.0f), b(212);
  w[size_t(96 * 192 + 96)] = 1.0f;  // output 0 reads the normalised red value of the crop centre
  for (int i = 0; i < 106; ++i) {
    b[size_t(2 * i)] = -0.9f + 0.017f * float(i);
    b[size_t(2 * i + 1)] = 0.8f - 0.015f * float(i);
  }
  addFloat(g, "fc_w", {212, 3, 192, 192}, w);
  addFloat(g, "fc_b", {212}, b);
  auto* c = node(g, "Conv", {"data", "fc_w", "fc_b"}, "conv");
  intsAttr(c, "kernel_shape", {192, 192});
  intsAttr(c, "strides", {192, 192});
  addInt64(g, "flat_shape", {1, 212});
  node(g, "Reshape", {"conv", "flat_shape"}, "fc1");
  auto* o = g->add_output();
  o->set_name("fc1");
  o->mutable_type()->mutable_tensor_type()->set_elem_type(onnx::TensorProto::FLOAT);
  auto* os = o->mutable_type()->mutable_tensor_type()->mutable_shape();
  os->add_dim()->set_dim_value(1);
  os->add_dim()->set_dim_value(212);
  std::ofstream(path, std::ios::binary) << m.SerializeAsString();
  return path;
}

}  // namespace

hl::test::TempDir tmp_;
std::string model_;

HL_SETUP() {
  model_ = buildModel(tmp_.path() + "/scrfd.onnx");
  try {
    ScrfdDetector probe(model_);
  } catch (const std::exception& e) {
    HL_FAIL(e.what());
  }
}

HL_TEST(patchesTheDynamicInput) {
  std::vector<std::string> ops;
  const std::string bytes = patchOnnxInput(model_, 1, 640, 640, &ops);
  onnx::ModelProto m;
  HL_CHECK(m.ParseFromString(bytes));
  const auto& shape = m.graph().input(0).type().tensor_type().shape();
  HL_CHECK_EQ(shape.dim(2).dim_value(), int64_t(640));
  HL_CHECK_EQ(shape.dim(3).dim_value(), int64_t(640));
  HL_CHECK_EQ(ops.front(), std::string("Conv"));
  HL_CHECK_THROWS(hl::Error, patchOnnxInput(tmp_.path() + "/missing.onnx", 1, 8, 8));
}

HL_TEST(decodesBoxesAndKeypoints) {
  ScrfdDetector det(model_);
  // One white stride-8 cell at column 40, row 20: its anchors sit at (320, 160).
  cv::Mat img = cv::Mat::zeros(640, 640, CV_8UC3);
  img(cv::Rect(320, 160, 8, 8)).setTo(cv::Scalar(255, 255, 255));
  auto faces = det.detectAtSize(img, 640);
  HL_CHECK_EQ(int(faces.size()), 1);  // two identical anchors, one survives NMS
  const Face& f = faces[0];
  HL_CHECK(f.score > 0.99f);
  HL_CHECK_EQ(f.box.x, 320.f - 16.f);
  HL_CHECK_EQ(f.box.y, 160.f - 24.f);
  HL_CHECK_EQ(f.box.x + f.box.width, 320.f + 32.f);
  HL_CHECK_EQ(f.box.y + f.box.height, 160.f + 40.f);
  HL_CHECK(f.hasKps);
  for (int i = 0; i < 5; ++i) {
    HL_CHECK_EQ(f.kps[size_t(i)].x, 320.f + 8.f * float(i - 2));
    HL_CHECK_EQ(f.kps[size_t(i)].y, 160.f + 8.f * float(i - 1));
  }
}

HL_TEST(letterboxScalesBack) {
  ScrfdDetector det(model_);
  // A 1280x960 image is scaled by 0.5 into the 640 canvas: coordinates come back doubled.
  cv::Mat img = cv::Mat::zeros(960, 1280, CV_8UC3);
  img(cv::Rect(640, 320, 16, 16)).setTo(cv::Scalar(255, 255, 255));
  auto faces = det.detect(img);
  HL_CHECK_EQ(int(faces.size()), 1);
  HL_CHECK_EQ(faces[0].box.x, 2.f * (320.f - 16.f));
  HL_CHECK_EQ(faces[0].kps[2].y, 2.f * (160.f + 8.f));
  // No face at any size of the ladder: an empty result, not an error.
  HL_CHECK(det.detect(cv::Mat::zeros(300, 400, CV_8UC3)).empty());
}

// 2d106 post-processing as insightface does it: a 192 crop scaled so 1.5x the box's larger side
// fits, centred on the box, (p + 1) * 96 in the crop, mapped back through the inverse affine;
// input mean 127.5 and std 128 for a model without its own Sub/Mul.
HL_TEST(landmarks106MapBack) {
  const std::string path = buildLandmarkModel(tmp_.path() + "/2d106.onnx");
  std::unique_ptr<Landmark106> model;
  try {
    model = std::make_unique<Landmark106>(path);
  } catch (const std::exception& e) {
    HL_FAIL(e.what());
  }
  Landmark106& lm = *model;
  cv::Mat img(600, 800, CV_8UC3, cv::Scalar(10, 20, 200));  // BGR: red 200 everywhere
  Face f;
  f.box = cv::Rect2f(300, 200, 120, 160);  // the crop covers 240x240 around (360, 280): inside
  try {
    lm.landmarks(img, f);
  } catch (const std::exception& e) {
    HL_FAIL(e.what());
  }
  HL_CHECK_EQ(int(f.landmarks.size()), 106);
  const double scale = 192.0 / (160 * 1.5), cx = 360, cy = 280;
  const double red = (200 - 127.5) / 128.0;  // what point 0's x gains from the input
  for (int i = 0; i < 106; ++i) {
    const double px = -0.9 + 0.017 * i + (i == 0 ? red : 0.0), py = 0.8 - 0.015 * i;
    const double x = ((px + 1) * 96 - 96) / scale + cx, y = ((py + 1) * 96 - 96) / scale + cy;
    HL_CHECK_MSG(std::abs(f.landmarks[size_t(i)].x - x) < 2e-3 &&
                     std::abs(f.landmarks[size_t(i)].y - y) < 2e-3,
                 hl::test::format("point %d: (%g, %g) vs (%g, %g)", i, f.landmarks[size_t(i)].x,
                                  f.landmarks[size_t(i)].y, x, y));
  }
}
