// Image files for the engine (OpenCV, no Qt): decoding with EXIF orientation applied, as
// ComfyUI's LoadImage does, to 8-bit RGB.
#pragma once

#include <opencv2/core/mat.hpp>
#include <string>

#include "util/progress.h"

namespace hl {

// Refuses images above this many pixels with a clear message instead of exhausting memory.
inline constexpr long long kMaxImagePixels = 100LL * 1000 * 1000;

// Throws hl::Error naming the file: missing, unreadable, not an image, or too large.
RgbImage loadImageRgb(const std::string& path);
// The same decoding, as the 8-bit BGR matrix the face models take (no round trip through RGB).
cv::Mat loadImageBgr(const std::string& path);

// Between the engine's RGB images and OpenCV's BGR matrices (copies).
cv::Mat toBgr(const RgbImage& rgb);
RgbImage toRgb(const cv::Mat& bgr);

}  // namespace hl
