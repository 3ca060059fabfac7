#include "clip/clip_image.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include <ATen/ops/empty.h>

#include "util/error.h"
#include "util/json.h"

namespace hl {
namespace {

constexpr int kPrecisionBits = 32 - 8 - 2;

double bicubic(double x) {
  const double a = -0.5;
  if (x < 0) x = -x;
  if (x < 1) return ((a + 2) * x - (a + 3)) * x * x + 1;
  if (x < 2) return (((x - 5) * x + 8) * x - 4) * a;
  return 0;
}

struct Coeffs {
  int ksize = 0;
  std::vector<int> bounds;  // xmin, count per output
  std::vector<int> k;       // fixed point, ksize per output
};

Coeffs precompute(int inSize, int outSize) {
  const double scale = double(inSize) / double(outSize);
  const double filterscale = std::max(scale, 1.0);
  const double support = 2.0 * filterscale;
  Coeffs c;
  c.ksize = int(std::ceil(support)) * 2 + 1;
  c.bounds.resize(size_t(outSize) * 2);
  c.k.assign(size_t(outSize) * size_t(c.ksize), 0);
  std::vector<double> pre(size_t(c.ksize));
  for (int xx = 0; xx < outSize; ++xx) {
    const double center = (xx + 0.5) * scale;
    const double ss = 1.0 / filterscale;
    int xmin = int(center - support + 0.5);
    if (xmin < 0) xmin = 0;
    int xmax = int(center + support + 0.5);
    if (xmax > inSize) xmax = inSize;
    xmax -= xmin;
    double ww = 0;
    for (int x = 0; x < xmax; ++x) {
      pre[size_t(x)] = bicubic((x + xmin - center + 0.5) * ss);
      ww += pre[size_t(x)];
    }
    for (int x = 0; x < xmax; ++x) {
      const double w = ww != 0.0 ? pre[size_t(x)] / ww : pre[size_t(x)];
      // Pillow rounds half away from zero into 22-bit fixed point.
      c.k[size_t(xx) * size_t(c.ksize) + size_t(x)] =
          int(w < 0 ? -0.5 + w * (1 << kPrecisionBits) : 0.5 + w * (1 << kPrecisionBits));
    }
    c.bounds[size_t(xx) * 2] = xmin;
    c.bounds[size_t(xx) * 2 + 1] = xmax;
  }
  return c;
}

uint8_t clip8(int64_t v) {
  if (v >= (int64_t(1) << kPrecisionBits) * 256) return 255;
  if (v <= 0) return 0;
  return uint8_t(v >> kPrecisionBits);
}

}  // namespace

ClipProcessorConfig ClipProcessorConfig::fromJson(const std::string& path) {
  json::Value v = json::parseFile(path);
  ClipProcessorConfig c;
  if (const json::Value* s = v.find("size")) c.shortestEdge = int(s->isObject() ? s->at("shortest_edge").asInt() : s->asInt());
  if (const json::Value* s = v.find("crop_size"))
    c.cropSize = int(s->isObject() ? s->at("height").asInt() : s->asInt());
  if (const json::Value* m = v.find("image_mean"))
    for (int i = 0; i < 3; ++i) c.mean[i] = m->at(size_t(i)).asDouble();
  if (const json::Value* m = v.find("image_std"))
    for (int i = 0; i < 3; ++i) c.std[i] = m->at(size_t(i)).asDouble();
  c.rescale = v.numberOr("rescale_factor", c.rescale);
  if (v.intOr("resample", 3) != 3) throw Error(path + ": only bicubic resampling (3) is supported");
  return c;
}

RgbImage pillowResizeBicubic(const RgbImage& in, int outW, int outH) {
  if (in.width == outW && in.height == outH) return in;
  const Coeffs h = precompute(in.width, outW), v = precompute(in.height, outH);
  // Horizontal pass over just the rows the vertical pass reads.
  const int yFirst = v.bounds[0];
  const int yLast = v.bounds[size_t(outH - 1) * 2] + v.bounds[size_t(outH - 1) * 2 + 1];
  const bool needH = outW != in.width, needV = outH != in.height;
  RgbImage tmp;
  tmp.width = outW;
  tmp.height = needV ? yLast - yFirst : in.height;
  const int rowOffset = needV ? yFirst : 0;
  tmp.pixels.resize(size_t(tmp.width) * tmp.height * 3);
  for (int y = 0; y < tmp.height; ++y) {
    const uint8_t* src = in.pixels.data() + size_t(y + rowOffset) * in.width * 3;
    uint8_t* dst = tmp.pixels.data() + size_t(y) * tmp.width * 3;
    for (int xx = 0; xx < outW; ++xx) {
      if (!needH) {
        for (int c = 0; c < 3; ++c) dst[xx * 3 + c] = src[xx * 3 + c];
        continue;
      }
      const int xmin = h.bounds[size_t(xx) * 2], xmax = h.bounds[size_t(xx) * 2 + 1];
      const int* k = &h.k[size_t(xx) * size_t(h.ksize)];
      for (int c = 0; c < 3; ++c) {
        int64_t ss = int64_t(1) << (kPrecisionBits - 1);
        for (int x = 0; x < xmax; ++x) ss += int64_t(src[(x + xmin) * 3 + c]) * k[x];
        dst[xx * 3 + c] = clip8(ss);
      }
    }
  }
  if (!needV) return tmp;
  RgbImage out;
  out.width = outW;
  out.height = outH;
  out.pixels.resize(size_t(outW) * outH * 3);
  for (int yy = 0; yy < outH; ++yy) {
    const int ymin = v.bounds[size_t(yy) * 2] - yFirst, ymax = v.bounds[size_t(yy) * 2 + 1];
    const int* k = &v.k[size_t(yy) * size_t(v.ksize)];
    for (int xx = 0; xx < outW; ++xx)
      for (int c = 0; c < 3; ++c) {
        int64_t ss = int64_t(1) << (kPrecisionBits - 1);
        for (int y = 0; y < ymax; ++y)
          ss += int64_t(tmp.pixels[(size_t(y + ymin) * outW + size_t(xx)) * 3 + size_t(c)]) * k[y];
        out.pixels[(size_t(yy) * outW + size_t(xx)) * 3 + size_t(c)] = clip8(ss);
      }
  }
  return out;
}

namespace {

// One extended-box pass over `n` samples spaced `stride` apart: weight 1 inside [-l, l], the
// fraction `fw` of a weight at +-(l+1); clamped indices repeat the edge samples.
void boxPass(uint8_t* line, int n, ptrdiff_t stride, int l, uint32_t ww, uint32_t fw, std::vector<uint8_t>& in) {
  for (int i = 0; i < n; ++i) in[size_t(i)] = line[i * stride];
  auto at = [&](int i) -> uint32_t { return in[size_t(std::clamp(i, 0, n - 1))]; };
  uint32_t acc = 0;
  for (int k = -l; k <= l; ++k) acc += at(k);
  for (int x = 0; x < n; ++x) {
    const uint32_t bulk = acc * ww + (at(x - l - 1) + at(x + l + 1)) * fw;
    line[x * stride] = uint8_t((bulk + (1u << 23)) >> 24);
    acc += at(x + l + 1) - at(x - l);  // slide the window one sample right
  }
}

}  // namespace

void pillowGaussianBlur(uint8_t* pixels, int width, int height, int channels, float radius) {
  if (radius <= 0 || width <= 0 || height <= 0) return;
  constexpr int passes = 3;
  // The box radius whose 3-pass variance equals radius^2 (float arithmetic, as Pillow does).
  const float sigma2 = radius * radius / passes;
  const float L = std::sqrt(12.0f * sigma2 + 1.0f);
  const float l = std::floor((L - 1.0f) / 2.0f);
  float a = (2 * l + 1) * (l * (l + 1) - 3 * sigma2);
  a /= 6 * (sigma2 - (l + 1) * (l + 1));
  const float boxRadius = l + a;
  const int li = int(boxRadius);
  const uint32_t ww = uint32_t(float(1 << 24) / (boxRadius * 2 + 1));
  const uint32_t fw = ((1u << 24) - uint32_t(li * 2 + 1) * ww) / 2;
  std::vector<uint8_t> scratch(size_t(std::max(width, height)));
  const ptrdiff_t row = ptrdiff_t(width) * channels;
  for (int c = 0; c < channels; ++c) {
    for (int p = 0; p < passes; ++p)
      for (int y = 0; y < height; ++y) boxPass(pixels + y * row + c, width, channels, li, ww, fw, scratch);
    for (int p = 0; p < passes; ++p)
      for (int x = 0; x < width; ++x) boxPass(pixels + ptrdiff_t(x) * channels + c, height, row, li, ww, fw, scratch);
  }
}

at::Tensor clipPreprocess(const RgbImage& image, const ClipProcessorConfig& cfg) {
  if (image.empty()) throw Error("CLIP preprocessing: empty image");
  // Shortest edge to `shortestEdge`, the other side scaled and truncated, as transformers does.
  const int shortSide = std::min(image.width, image.height), longSide = std::max(image.width, image.height);
  const int newShort = cfg.shortestEdge, newLong = int(double(cfg.shortestEdge) * longSide / shortSide);
  const int w = image.width <= image.height ? newShort : newLong;
  const int h = image.width <= image.height ? newLong : newShort;
  RgbImage r = pillowResizeBicubic(image, w, h);
  const int crop = cfg.cropSize;
  const int top = (r.height - crop) / 2, left = (r.width - crop) / 2;
  at::Tensor out = at::empty({1, 3, crop, crop}, at::kFloat);
  float* p = out.data_ptr<float>();
  for (int c = 0; c < 3; ++c) {
    const float mean = float(cfg.mean[c]), stdv = float(cfg.std[c]);
    for (int y = 0; y < crop; ++y)
      for (int x = 0; x < crop; ++x) {
        const int sy = y + top, sx = x + left;
        // Pixels outside the image (crop larger than the image) are 0, as transformers pads.
        const uint8_t u = (sy >= 0 && sy < r.height && sx >= 0 && sx < r.width)
                              ? r.pixels[(size_t(sy) * r.width + size_t(sx)) * 3 + size_t(c)] : 0;
        const float v = float(double(u) * cfg.rescale);
        p[(size_t(c) * crop + size_t(y)) * crop + size_t(x)] = (v - mean) / stdv;
      }
  }
  return out;
}

}  // namespace hl
