// Image files for the engine (OpenCV, no Qt): decoding with EXIF orientation applied, as
// ComfyUI's LoadImage does, to 8-bit RGB.
#pragma once

#include <string>

#include "util/progress.h"

namespace hl {

// Refuses images above this many pixels with a clear message instead of exhausting memory.
inline constexpr long long kMaxImagePixels = 100LL * 1000 * 1000;

// Throws hl::Error naming the file: missing, unreadable, not an image, or too large.
RgbImage loadImageRgb(const std::string& path);

}  // namespace hl
