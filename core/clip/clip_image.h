// CLIPImageProcessor, faithful to transformers + Pillow: bicubic resize of the shortest edge
// (Pillow's fixed-point separable filter, horizontal pass first, 8-bit intermediate), centre
// crop, rescale by 1/255 in double, normalise in float32. Output NCHW [1, 3, crop, crop].
#pragma once

#include <ATen/core/Tensor.h>

#include <string>

#include "util/progress.h"

namespace hl {

struct ClipProcessorConfig {
  int shortestEdge = 224;
  int cropSize = 224;
  double mean[3] = {0.48145466, 0.4578275, 0.40821073};
  double std[3] = {0.26862954, 0.26130258, 0.27577711};
  double rescale = 1.0 / 255.0;
  static ClipProcessorConfig fromJson(const std::string& path);  // preprocessor_config.json
};

// Pillow's Image.resize(size, BICUBIC) on an 8-bit RGB image.
RgbImage pillowResizeBicubic(const RgbImage& in, int width, int height);

// Pillow's ImageFilter.GaussianBlur(radius) on interleaved 8-bit pixels, in place: not a true
// Gaussian but three passes of an extended box filter (fractional radius chosen so the variance
// is radius^2, after Gwosdek et al. 2011) along rows, then three along columns, edges repeated,
// 8.24 fixed-point weights and a rounding to 8 bits after every pass - bit for bit.
void pillowGaussianBlur(uint8_t* pixels, int width, int height, int channels, float radius);

at::Tensor clipPreprocess(const RgbImage& image, const ClipProcessorConfig& config);

}  // namespace hl
