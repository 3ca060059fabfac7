// Pixel work for conditioning (OpenCV): Lanczos resizing, cover-and-crop to a size, Canny edge
// maps, InstantID's face-keypoint drawing, and masks grown and blurred for a soft paste-back.
#pragma once

#include <array>
#include <vector>

#include "util/image.h"

namespace hl {

RgbImage resizeLanczos(const RgbImage& in, int width, int height);
// Scales `in` to cover width x height (keeping its aspect), then crops the centre.
RgbImage coverCrop(const RgbImage& in, int width, int height);
// White edges on black, 3 channels (what Canny ControlNets were trained on).
RgbImage cannyEdges(const RgbImage& in, int low, int high);
// InstantID's draw_kps on black: the eye-nose-mouth sticks as ellipses at 60% brightness, then
// a disc of radius 10 per keypoint, in its five colours.
RgbImage drawFaceKeypoints(int width, int height, const std::vector<std::array<float, 2>>& kps);
// A mask from an image (luminance; white = 1) at width x height (nearest), grown by `grow` px
// (negative: shrunk) and blurred by `blur` px. Values in [0, 1], row-major.
std::vector<float> maskFromImage(const RgbImage& in, int width, int height, int grow, int blur);
// A soft rectangle mask: 1 inside `box` (x, y, w, h), falling to 0 over `feather` px outside.
std::vector<float> featheredBox(int width, int height, const std::array<float, 4>& box,
                                int feather);

}  // namespace hl
