// hyperlora-bench --faces: the detector, landmark and ArcFace stages of the face stack at full
// size. glintr100 is an IResNet-100 (stages of 3, 13, 30 and 3 blocks at 64/128/256/512 channels,
// 112x112 input, a 25088 -> 512 embedding layer; about 24 GFLOP); this builds a model of exactly
// that shape with random weights as ONNX in memory and times it through OpenCV DNN, the path the
// real file takes.
#include "bench_faces.h"

#include <onnx/onnx_pb.h>

#include <chrono>
#include <cstdio>
#include <opencv2/dnn.hpp>
#include <random>
#include <vector>

#include "vision/faces.h"

namespace hl::bench {
namespace {

struct Builder {
  onnx::GraphProto* g;
  std::mt19937 rng{7};
  int counter = 0;
  double flops = 0;

  std::string weight(const std::vector<int64_t>& dims, float stddev, float constant = 0,
                     bool random = true) {
    auto* t = g->add_initializer();
    const std::string name = "w" + std::to_string(counter++);
    t->set_name(name);
    t->set_data_type(onnx::TensorProto::FLOAT);
    size_t n = 1;
    for (int64_t d : dims) {
      t->add_dims(d);
      n *= size_t(d);
    }
    std::vector<float> v(n, constant);
    std::normal_distribution<float> dist(0.0f, stddev);
    if (random)
      for (float& x : v) x = dist(rng);
    t->set_raw_data(std::string(reinterpret_cast<const char*>(v.data()), v.size() * sizeof(float)));
    return name;
  }
  std::string node(const std::string& op, std::vector<std::string> in,
                   std::initializer_list<onnx::AttributeProto> attrs = {}) {
    auto* n = g->add_node();
    n->set_op_type(op);
    const std::string out = "t" + std::to_string(counter++);
    n->set_name(out);
    for (auto& i : in) n->add_input(i);
    n->add_output(out);
    for (const auto& a : attrs) *n->add_attribute() = a;
    return out;
  }
  static onnx::AttributeProto ints(const std::string& name, std::vector<int64_t> v) {
    onnx::AttributeProto a;
    a.set_name(name);
    a.set_type(onnx::AttributeProto::INTS);
    for (int64_t x : v) a.add_ints(x);
    return a;
  }
  std::string conv(const std::string& x, int in, int out, int k, int stride, int& size) {
    const int outSize = (size + 2 * (k / 2) - k) / stride + 1;
    flops += 2.0 * in * out * k * k * outSize * outSize;
    size = outSize;
    const std::string w = weight({out, in, k, k}, std::sqrt(2.0f / float(in * k * k)));
    return node("Conv", {x, w},
                {ints("kernel_shape", {k, k}), ints("strides", {stride, stride}),
                 ints("pads", {k / 2, k / 2, k / 2, k / 2})});
  }
  std::string bn(const std::string& x, int c) {
    return node("BatchNormalization", {x, weight({c}, 0, 1, false), weight({c}, 0, 0, false),
                                       weight({c}, 0, 0, false), weight({c}, 0, 1, false)});
  }
  // Fully connected (ONNX Gemm with a transposed [out, in] weight), as the exported models do.
  std::string fc(const std::string& x, int in, int out) {
    flops += 2.0 * in * out;
    onnx::AttributeProto transB;
    transB.set_name("transB");
    transB.set_type(onnx::AttributeProto::INT);
    transB.set_i(1);
    return node("Gemm", {x, weight({out, in}, 0.01f), weight({out}, 0, 0, false)}, {transB});
  }
  std::string prelu(const std::string& x, int c) {
    return node("PRelu", {x, weight({c, 1, 1}, 0, 0.25f, false)});
  }
  // conv + BN + ReLU with explicit spatial sizes (non-square inputs)
  std::string convBnRelu(const std::string& x, int in, int out, int k, int stride, int& h, int& w,
                         bool relu = true) {
    const int oh = (h + 2 * (k / 2) - k) / stride + 1, ow = (w + 2 * (k / 2) - k) / stride + 1;
    flops += 2.0 * in * out * k * k * oh * ow;
    h = oh;
    w = ow;
    const std::string wt = weight({out, in, k, k}, std::sqrt(2.0f / float(in * k * k)));
    std::string y = bn(node("Conv", {x, wt},
                            {ints("kernel_shape", {k, k}), ints("strides", {stride, stride}),
                             ints("pads", {k / 2, k / 2, k / 2, k / 2})}),
                       out);
    return relu ? node("Relu", {y}) : y;
  }
  std::string pool(const char* op, const std::string& x, int k, int stride, int pad) {
    return node(op, {x},
                {ints("kernel_shape", {k, k}), ints("strides", {stride, stride}),
                 ints("pads", {pad, pad, pad, pad})});
  }
  std::string upsample2(const std::string& x) {
    auto* roi = g->add_initializer();
    const std::string r = "roi" + std::to_string(counter++);
    roi->set_name(r);
    roi->set_data_type(onnx::TensorProto::FLOAT);
    roi->add_dims(0);
    const std::string sc = weight({4}, 0, 1, false);
    float v[4] = {1, 1, 2, 2};
    g->mutable_initializer(g->initializer_size() - 1)
        ->set_raw_data(std::string(reinterpret_cast<const char*>(v), sizeof v));
    onnx::AttributeProto mode;
    mode.set_name("mode");
    mode.set_type(onnx::AttributeProto::STRING);
    mode.set_s("nearest");
    return node("Resize", {x, r, sc}, {mode});
  }
};

// An opset-11 model with one float input of fixed dims; the builder adds to its graph.
onnx::GraphProto* newGraph(onnx::ModelProto& m, const char* name, const char* input,
                           std::initializer_list<int64_t> dims) {
  m.set_ir_version(7);
  m.add_opset_import()->set_version(11);
  onnx::GraphProto* g = m.mutable_graph();
  g->set_name(name);
  auto* in = g->add_input();
  in->set_name(input);
  auto* tt = in->mutable_type()->mutable_tensor_type();
  tt->set_elem_type(onnx::TensorProto::FLOAT);
  for (int64_t d : dims) tt->mutable_shape()->add_dim()->set_dim_value(d);
  return g;
}

// Best of `repeats` passes after a warm-up; `outputs` gets the number of outputs and, when asked,
// `firstTotal` the element count of the first.
double timeNet(const std::string& bytes, const cv::Mat& blob, int repeats, size_t* outputs,
               size_t* firstTotal = nullptr) {
  cv::dnn::Net net = cv::dnn::readNetFromONNX(bytes.data(), bytes.size());
  net.setPreferableBackend(cv::dnn::DNN_BACKEND_OPENCV);
  double best = 1e30;
  for (int i = 0; i < repeats + 1; ++i) {  // the first round warms up
    const auto t0 = std::chrono::steady_clock::now();
    net.setInput(blob);
    std::vector<cv::Mat> outs;
    net.forward(outs, net.getUnconnectedOutLayersNames());
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    if (i > 0) best = std::min(best, s);
    *outputs = outs.size();
    if (firstTotal) *firstTotal = outs.empty() ? 0 : outs.front().total();
  }
  return best;
}

void addOutput(onnx::GraphProto* g, const std::string& name, std::initializer_list<int64_t> dims) {
  auto* out = g->add_output();
  out->set_name(name);
  auto* t = out->mutable_type()->mutable_tensor_type();
  t->set_elem_type(onnx::TensorProto::FLOAT);
  for (int64_t d : dims) t->mutable_shape()->add_dim()->set_dim_value(d);
}

// SCRFD-10G as insightface's config describes it: ResNetV1e deep stem (3x3 convs 3->28 stride 2,
// 28->28, 28->56), 3x3 max-pool, BasicBlock stages (3, 4, 2, 3) at 56/88/88/224 channels with
// average-pool shortcuts, a PAFPN to 56 channels on the stride 8/16/32 levels, and the shared head
// (three 3x3 convs to 80 channels, then 3x3 convs to 2 scores, 8 box and 20 keypoint values per
// cell). The head's GroupNorm is a BatchNorm here (same cost class; OpenCV 4.6 has no GN op).
std::string scrfd10g(double* flops, int size) {
  onnx::ModelProto m;
  Builder b{newGraph(m, "scrfd_10g_shaped", "input.1", {1, 3, size, size})};
  int h = size, w = size;
  std::string x = b.convBnRelu("input.1", 3, 28, 3, 2, h, w);
  x = b.convBnRelu(x, 28, 28, 3, 1, h, w);
  x = b.convBnRelu(x, 28, 56, 3, 1, h, w);
  x = b.pool("MaxPool", x, 3, 2, 1);
  h = (h + 1) / 2;
  w = (w + 1) / 2;
  const int blocks[4] = {3, 4, 2, 3}, planes[4] = {56, 88, 88, 224};
  int channels = 56;
  std::vector<std::string> levels;
  std::vector<std::pair<int, int>> sizes;
  for (int s = 0; s < 4; ++s) {
    for (int i = 0; i < blocks[s]; ++i) {
      const int stride = i == 0 && s > 0 ? 2 : 1;
      int ih = h, iw = w;
      std::string y = b.convBnRelu(x, channels, planes[s], 3, stride, ih, iw);
      y = b.convBnRelu(y, planes[s], planes[s], 3, 1, ih, iw, false);
      std::string shortcut = x;
      if (stride != 1 || channels != planes[s]) {
        std::string p = stride != 1 ? b.pool("AveragePool", x, 2, 2, 0) : x;
        int ph = ih, pw = iw;
        shortcut = b.convBnRelu(p, channels, planes[s], 1, 1, ph, pw, false);
      }
      x = b.node("Relu", {b.node("Add", {y, shortcut})});
      h = ih;
      w = iw;
      channels = planes[s];
    }
    if (s > 0) {
      levels.push_back(x);
      sizes.push_back({h, w});
    }
  }
  const int in3[3] = {88, 88, 224};
  std::vector<std::string> lat(3);
  for (int l = 0; l < 3; ++l) {
    int lh = sizes[size_t(l)].first, lw = sizes[size_t(l)].second;
    lat[size_t(l)] = b.convBnRelu(levels[size_t(l)], in3[l], 56, 1, 1, lh, lw, false);
  }
  for (int l = 2; l > 0; --l)
    lat[size_t(l - 1)] = b.node("Add", {lat[size_t(l - 1)], b.upsample2(lat[size_t(l)])});
  std::vector<std::string> fpn(3);
  for (int l = 0; l < 3; ++l) {
    int lh = sizes[size_t(l)].first, lw = sizes[size_t(l)].second;
    fpn[size_t(l)] = b.convBnRelu(lat[size_t(l)], 56, 56, 3, 1, lh, lw, false);
  }
  for (int l = 0; l < 2; ++l) {
    int lh = sizes[size_t(l)].first, lw = sizes[size_t(l)].second;
    fpn[size_t(l + 1)] = b.node(
        "Add", {fpn[size_t(l + 1)], b.convBnRelu(fpn[size_t(l)], 56, 56, 3, 2, lh, lw, false)});
  }
  for (int l = 1; l < 3; ++l) {
    int lh = sizes[size_t(l)].first, lw = sizes[size_t(l)].second;
    fpn[size_t(l)] = b.convBnRelu(fpn[size_t(l)], 56, 56, 3, 1, lh, lw, false);
  }
  for (int l = 0; l < 3; ++l) {
    int lh = sizes[size_t(l)].first, lw = sizes[size_t(l)].second;
    std::string f = b.convBnRelu(fpn[size_t(l)], 56, 80, 3, 1, lh, lw);
    f = b.convBnRelu(f, 80, 80, 3, 1, lh, lw);
    f = b.convBnRelu(f, 80, 80, 3, 1, lh, lw);
    for (int outC : {2, 8, 20}) {
      int oh = lh, ow = lw;
      addOutput(b.g, b.convBnRelu(f, 80, outC, 3, 1, oh, ow, false), {1, outC, oh, ow});
    }
  }
  *flops = b.flops;
  return m.SerializeAsString();
}

// 2d106det as insightface's alignment README describes it: a MobileNetV1-0.5 backbone on a 192x192
// crop (3x3 convolution to 16 channels, stride 2, then 13 depthwise-separable blocks up to 512
// channels at 6x6, BN + PReLU after each convolution), a 3x3 stride-2 convolution to 64 channels
// and a fully connected layer to the 212 coordinates.
std::string landmarks106(double* flops) {
  onnx::ModelProto m;
  Builder b{newGraph(m, "2d106det_shaped", "data", {1, 3, 192, 192})};
  int size = 192;
  std::string x = b.prelu(b.bn(b.conv("data", 3, 16, 3, 2, size), 16), 16);
  const int outs[13] = {32, 64, 64, 128, 128, 256, 256, 256, 256, 256, 256, 512, 512};
  const int strides[13] = {1, 2, 1, 2, 1, 2, 1, 1, 1, 1, 1, 2, 1};
  int c = 16;
  for (int i = 0; i < 13; ++i) {
    const int o = (size + 2 - 3) / strides[i] + 1;  // depthwise 3x3, one filter per channel
    b.flops += 2.0 * c * 9 * o * o;
    onnx::AttributeProto group;
    group.set_name("group");
    group.set_type(onnx::AttributeProto::INT);
    group.set_i(c);
    x = b.node(
        "Conv", {x, b.weight({c, 1, 3, 3}, 0.3f)},
        {Builder::ints("kernel_shape", {3, 3}), Builder::ints("strides", {strides[i], strides[i]}),
         Builder::ints("pads", {1, 1, 1, 1}), group});
    size = o;
    x = b.prelu(b.bn(x, c), c);
    x = b.prelu(b.bn(b.conv(x, c, outs[i], 1, 1, size), outs[i]), outs[i]);
    c = outs[i];
  }
  x = b.prelu(b.bn(b.conv(x, 512, 64, 3, 2, size), 64), 64);
  x = b.fc(b.node("Flatten", {x}), 64 * size * size, 212);
  addOutput(b.g, x, {1, 212});
  *flops = b.flops;
  return m.SerializeAsString();
}

// glintr100's shape: ArcFace IResNet-100 (blocks 3, 13, 30, 3 at 64..512 channels), 112x112 in,
// a 512-d embedding out.
std::string iresnet100(double* flops) {
  onnx::ModelProto m;
  Builder b{newGraph(m, "iresnet100", "input.1", {1, 3, 112, 112})};
  int size = 112;
  std::string x = b.prelu(b.bn(b.conv("input.1", 3, 64, 3, 1, size), 64), 64);
  int channels = 64;
  const int blocks[4] = {3, 13, 30, 3}, planes[4] = {64, 128, 256, 512};
  for (int s = 0; s < 4; ++s)
    for (int i = 0; i < blocks[s]; ++i) {
      const int stride = i == 0 ? 2 : 1;
      int inner = size;
      std::string y = b.bn(x, channels);
      y = b.prelu(b.bn(b.conv(y, channels, planes[s], 3, 1, inner), planes[s]), planes[s]);
      y = b.bn(b.conv(y, planes[s], planes[s], 3, stride, inner), planes[s]);
      std::string shortcut = x;
      if (stride != 1 || channels != planes[s]) {
        int ds = size;
        shortcut = b.bn(b.conv(x, channels, planes[s], 1, stride, ds), planes[s]);
      }
      x = b.node("Add", {y, shortcut});
      size = inner;
      channels = planes[s];
    }
  x = b.fc(b.node("Flatten", {b.bn(x, 512)}), 512 * 7 * 7, 512);
  addOutput(b.g, x, {1, 512});
  *flops = b.flops;
  return m.SerializeAsString();
}

}  // namespace

int faces(int repeats) {
  double embFlops = 0;
  const std::string emb = iresnet100(&embFlops);
  cv::Mat face(112, 112, CV_8UC3);
  cv::randu(face, 0, 255);
  const cv::Mat blob =
      cv::dnn::blobFromImage(face, 1.0 / 127.5, {112, 112}, {127.5, 127.5, 127.5}, true, false);
  size_t outputs = 0, embSize = 0;
  const double best = timeNet(emb, blob, repeats, &outputs, &embSize);
  if (embSize != 512) {
    std::fprintf(stderr, "unexpected embedding size %zu\n", embSize);
    return 1;
  }
  std::printf(
      "\nFace stack (models of the antelopev2 shapes, random weights, OpenCV DNN %s, %d threads), "
      "best of %d:\n",
      CV_VERSION, cv::getNumThreads(), repeats);
  std::printf(
      "  glintr100-shaped ArcFace (IResNet-100), one 112x112 face: %.3f s, %.1f GFLOP, %.1f "
      "GFLOP/s (model %.0f MB)\n",
      best, embFlops / 1e9, embFlops / 1e9 / best, double(emb.size()) / 1e6);
  double detFlops = 0;
  const std::string det = scrfd10g(&detFlops, 640);
  cv::Mat photo(640, 640, CV_8UC3);
  cv::randu(photo, 0, 255);
  const cv::Mat detBlob =
      cv::dnn::blobFromImage(photo, 1.0 / 128, {640, 640}, {127.5, 127.5, 127.5}, true, false);
  const double detS = timeNet(det, detBlob, repeats, &outputs);
  std::printf(
      "  SCRFD-10G-shaped detector, one 640x640 pass: %.3f s, %.1f GFLOP, %.1f GFLOP/s (%zu "
      "outputs)\n",
      detS, detFlops / 1e9, detFlops / 1e9 / detS, outputs);
  double lmkFlops = 0;
  const std::string lmk = landmarks106(&lmkFlops);
  cv::Mat crop(192, 192, CV_8UC3);
  cv::randu(crop, 0, 255);
  const cv::Mat lmkBlob = cv::dnn::blobFromImage(crop, 1.0, {192, 192}, {0, 0, 0}, true, false);
  const double lmkS = timeNet(lmk, lmkBlob, repeats, &outputs);
  std::printf("  2d106det-shaped landmarks, one 192x192 crop: %.4f s, %.2f GFLOP\n", lmkS,
              lmkFlops / 1e9);
  std::printf(
      "  per reference photo (detect, 106 landmarks, re-detect on the 2x crop, embed): %.3f s\n",
      2 * detS + lmkS + best);
  return 0;
}

}  // namespace hl::bench
