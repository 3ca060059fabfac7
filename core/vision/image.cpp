#include "vision/image.h"

#include <cstring>
#include <filesystem>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "util/error.h"
#include "util/fs.h"

namespace hl {

RgbImage loadImageRgb(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec))
    throw Error(path + ": image file not found");
  const std::string bytes = fs::readText(path);
  if (bytes.empty()) throw Error(path + ": the file is empty");
  cv::Mat buf(1, int(bytes.size()), CV_8U, const_cast<char*>(bytes.data()));
  // IMREAD_COLOR applies the EXIF orientation tag and drops alpha, like exif_transpose + RGB.
  cv::Mat bgr;
  try {
    bgr = cv::imdecode(buf, cv::IMREAD_COLOR);
  } catch (const cv::Exception& e) {
    throw Error(path + ": cannot decode the image (" + e.what() + ")");
  }
  if (bgr.empty()) throw Error(path + ": not a readable image (unknown format or corrupt data)");
  if (static_cast<long long>(bgr.cols) * bgr.rows > kMaxImagePixels)
    throw Error(path + ": image is " + std::to_string(bgr.cols) + "x" + std::to_string(bgr.rows) +
                ", more than the " + std::to_string(kMaxImagePixels / 1000000) +
                " megapixels supported");
  cv::Mat rgb;
  cv::cvtColor(bgr, rgb, cv::COLOR_BGR2RGB);
  RgbImage out;
  out.width = rgb.cols;
  out.height = rgb.rows;
  out.pixels.resize(size_t(rgb.cols) * rgb.rows * 3);
  for (int y = 0; y < rgb.rows; ++y)
    std::memcpy(out.pixels.data() + size_t(y) * rgb.cols * 3, rgb.ptr(y), size_t(rgb.cols) * 3);
  return out;
}

}  // namespace hl
