#include <algorithm>
#include <cmath>

#include "studio/imaging.h"
#include "util/error.h"

namespace hl::studio {

void composite(RgbImage& base, const RgbImage& over, const std::vector<float>& mask, int x0,
               int y0) {
  if (mask.size() != size_t(over.width) * size_t(over.height))
    throw Error("composite: the mask does not fit the image");
  for (int y = 0; y < over.height; ++y) {
    const int by = y0 + y;
    if (by < 0 || by >= base.height) continue;
    for (int x = 0; x < over.width; ++x) {
      const int bx = x0 + x;
      if (bx < 0 || bx >= base.width) continue;
      const float m = mask[size_t(y) * over.width + x];
      if (m <= 0.f) continue;  // untouched: the base's own bytes
      uint8_t* b = &base.pixels[(size_t(by) * base.width + bx) * 3];
      const uint8_t* o = &over.pixels[(size_t(y) * over.width + x) * 3];
      for (int c = 0; c < 3; ++c) b[c] = uint8_t(std::lround(o[c] * m + b[c] * (1.f - m)));
    }
  }
}

RgbImage cropPicture(const RgbImage& in, int x, int y, int w, int h) {
  if (x < 0 || y < 0 || w <= 0 || h <= 0 || x + w > in.width || y + h > in.height)
    throw Error("crop outside the image");
  RgbImage out;
  out.width = w;
  out.height = h;
  out.pixels.resize(size_t(w) * h * 3);
  for (int r = 0; r < h; ++r)
    std::copy_n(&in.pixels[(size_t(y + r) * in.width + x) * 3], size_t(w) * 3,
                &out.pixels[size_t(r) * w * 3]);
  return out;
}

}  // namespace hl::studio
