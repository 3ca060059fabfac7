// Any file a user drops as a photo: the header sniffing, size limits and truncation checks in
// front of OpenCV's decoders, then the decoders themselves. Decoded images are 8-bit BGR.
#include <opencv2/core.hpp>

#include "fuzz.h"
#include "vision/image.h"

HL_FUZZ_TARGET() {
  static const bool quiet = [] {
    cv::setNumThreads(0);
    return true;
  }();
  (void)quiet;
  const std::string path = hl::fuzz::scratchFile("photo", hl::fuzz::text(data, size));
  try {
    const cv::Mat bgr = hl::loadImageBgr(path);
    hl::fuzz::require(!bgr.empty() && bgr.type() == CV_8UC3, "a decoded photo is 8-bit BGR");
    hl::fuzz::require(static_cast<long long>(bgr.cols) * bgr.rows <= hl::kMaxImagePixels,
                      "size limit holds");
  } catch (const hl::Error& e) {
    hl::fuzz::require(std::string(e.what()).rfind(path + ": ", 0) == 0,
                      "the message names the file");
  }
  return 0;
}
