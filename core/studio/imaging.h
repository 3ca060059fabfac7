// Pixel work the session needs for conditioning, behind one seam: the full build does it with
// OpenCV (core/vision); a torch-only build has none and says so.
#pragma once

#include <array>
#include <string>
#include <vector>

#include "util/image.h"

namespace hl::studio {

RgbImage loadPicture(const std::string& path);  // EXIF applied; throws naming the file
RgbImage resizePicture(const RgbImage& in, int width, int height);  // Lanczos
RgbImage coverPicture(const RgbImage& in, int width, int height);   // cover, then centre crop
RgbImage cannyPicture(const RgbImage& in, int low, int high);
RgbImage faceKeypointPicture(int width, int height, const std::vector<std::array<float, 2>>& kps);
// A mask from a picture (white = 1) at a size, grown (negative: shrunk) and blurred, in px.
std::vector<float> pictureMask(const RgbImage& in, int width, int height, int grow, int blur);
std::vector<float> softBox(int width, int height, const std::array<float, 4>& box, int feather);

// Plain pixel helpers (no OpenCV): over * m + base * (1 - m) with m in [0, 1] per pixel,
// placed at (x, y) of `base`; where m is 0 the base's pixels stay exactly as they were.
void composite(RgbImage& base, const RgbImage& over, const std::vector<float>& mask, int x = 0,
               int y = 0);
RgbImage cropPicture(const RgbImage& in, int x, int y, int width, int height);

}  // namespace hl::studio
