// An 8-bit RGB picture crossing module boundaries by value (previews, decoded images, crops).
#pragma once

#include <cstdint>
#include <vector>

namespace hl {

struct RgbImage {
  int width = 0;
  int height = 0;
  std::vector<uint8_t> pixels;  // width * height * 3, row-major
  bool empty() const { return width == 0 || height == 0; }
};

}  // namespace hl
