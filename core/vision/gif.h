// GIF (87a and 89a), first frame only, as a reference photo needs it: OpenCV here reads no GIF.
// Pure C++ (no OpenCV), so the fuzz targets build it alone.
#pragma once

#include <string>

#include "util/image.h"

namespace hl {

bool isGif(const std::string& bytes);

// The first frame on the logical screen, as RGB: pixels outside the frame and transparent ones
// take the transparent entry's colour (what converting to RGB gives in Pillow, which ComfyUI
// uses), else the background colour. Interlaced frames are reordered. Throws hl::Error starting
// with `name` when the data is malformed, truncated inside the first frame, or holds more than
// `maxPixels` pixels (checked before anything is allocated).
RgbImage decodeGifFirstFrame(const std::string& bytes, const std::string& name,
                             long long maxPixels);

}  // namespace hl
