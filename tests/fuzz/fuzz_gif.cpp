// GIF first frames (reference photos): any bytes, no crash; a decoded frame is whole.
#include "fuzz.h"
#include "vision/gif.h"

HL_FUZZ_TARGET() {
  try {
    const hl::RgbImage img =
        hl::decodeGifFirstFrame(hl::fuzz::text(data, size), "fuzz.gif", 4'000'000);
    hl::fuzz::require(img.width > 0 && img.height > 0, "a decoded GIF has pixels");
    hl::fuzz::require(img.pixels.size() == size_t(img.width) * size_t(img.height) * 3,
                      "RGB buffer matches the size");
  } catch (const hl::Error& e) {
    hl::fuzz::require(std::string(e.what()).rfind("fuzz.gif: ", 0) == 0,
                      "the message names the file");
  }
  return 0;
}
