#include "vision/image.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "util/error.h"
#include "util/fs.h"
#include "vision/gif.h"

namespace hl {
namespace {

// Whether `b` holds the signature `m` at offset `i` (signatures may contain NUL bytes).
template <size_t N>
bool has(const std::string& b, size_t i, const char (&m)[N]) {
  return b.size() >= i + N - 1 && b.compare(i, N - 1, m, N - 1) == 0;
}
constexpr char kPng[] = "\x89PNG\r\n\x1a\n";

uint32_t be32(const std::string& b, size_t i) {
  return uint32_t(uint8_t(b[i])) << 24 | uint32_t(uint8_t(b[i + 1])) << 16 | uint32_t(uint8_t(b[i + 2])) << 8 |
         uint32_t(uint8_t(b[i + 3]));
}

// Width x height from a PNG, JPEG, BMP or WebP header, so a huge image is refused before it is decoded
// (0 x 0 when the format is another or the header is not understood: then after decoding).
std::pair<long long, long long> headerSize(const std::string& b) {
  if (b.size() >= 24 && has(b, 0, kPng) && has(b, 12, "IHDR"))
    return {be32(b, 16), be32(b, 20)};
  if (b.size() >= 4 && uint8_t(b[0]) == 0xFF && uint8_t(b[1]) == 0xD8) {
    size_t i = 2;
    while (i + 9 < b.size() && uint8_t(b[i]) == 0xFF) {
      const uint8_t marker = uint8_t(b[i + 1]);
      const size_t len = size_t(uint8_t(b[i + 2])) << 8 | uint8_t(b[i + 3]);
      const bool sof = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
      if (sof)
        return {(static_cast<long long>(uint8_t(b[i + 7])) << 8) | uint8_t(b[i + 8]),
                (static_cast<long long>(uint8_t(b[i + 5])) << 8) | uint8_t(b[i + 6])};
      i += 2 + len;
    }
  }
  auto le = [&](size_t i, int bytes) {
    uint32_t v = 0;
    for (int k = bytes - 1; k >= 0; --k) v = v << 8 | uint8_t(b[i + size_t(k)]);
    return v;
  };
  if (b.size() >= 26 && b.compare(0, 2, "BM") == 0)
    return {std::llabs(int32_t(le(18, 4))), std::llabs(int32_t(le(22, 4)))};
  if (b.size() >= 30 && b.compare(0, 4, "RIFF") == 0 && b.compare(8, 4, "WEBP") == 0) {
    if (b.compare(12, 4, "VP8X") == 0) return {le(24, 3) + 1LL, le(27, 3) + 1LL};
    if (b.compare(12, 4, "VP8L") == 0) {
      const uint32_t bits = le(21, 4);
      return {(bits & 0x3FFF) + 1LL, (bits >> 14 & 0x3FFF) + 1LL};
    }
    if (b.compare(12, 4, "VP8 ") == 0) return {le(26, 2) & 0x3FFF, le(28, 2) & 0x3FFF};
  }
  return {0, 0};
}

// Formats OpenCV here does not decode, named so that the message says what to do.
const char* unsupportedFormat(const std::string& b) {
  if (has(b, 4, "ftypheic") || has(b, 4, "ftypheix") || has(b, 4, "ftypmif1") || has(b, 4, "ftyphevc")) return "HEIC";
  if (has(b, 4, "ftypavif")) return "AVIF";
  if (has(b, 0, "8BPS")) return "Photoshop (PSD)";
  if (has(b, 4, "jP  ") || has(b, 0, "\xFF\x4F\xFF\x51")) return "JPEG 2000";
  std::string head = b.substr(0, 256);
  for (char& c : head) c = char(std::tolower(static_cast<unsigned char>(c)));
  if (head.find("<svg") != std::string::npos) return "SVG";
  return nullptr;
}

// The photo formats handed to OpenCV, by their signatures. Its other decoders (DICOM, JPEG 2000,
// PNM, Sun raster, HDR, EXR) are not for photos and some abort the process on malformed input
// (a DICOM marker at byte 128 of any file reaches gdcm's assertions).
bool photoFormat(const std::string& b) {
  return has(b, 0, kPng) || has(b, 0, "\xFF\xD8\xFF") || (has(b, 0, "RIFF") && has(b, 8, "WEBP")) || has(b, 0, "BM") ||
         has(b, 0, "II*\0") || has(b, 0, "MM\0*");
}

// A JPEG that stops before its end-of-image marker decodes "successfully" with the missing part
// grey; a PNG without IEND likewise. Both are refused instead of used half-grey.
bool truncated(const std::string& b) {
  if (has(b, 0, "\xFF\xD8\xFF")) {
    // Walk the segments to the first scan (skipping EXIF thumbnails, which have their own end
    // marker), then look for the end marker after it; data after it (motion photos) is fine.
    size_t i = 2;
    while (i + 4 <= b.size() && uint8_t(b[i]) == 0xFF && uint8_t(b[i + 1]) != 0xDA)
      i += 2 + (size_t(uint8_t(b[i + 2])) << 8 | uint8_t(b[i + 3]));
    return i + 4 > b.size() || b.find("\xFF\xD9", i) == std::string::npos;
  }
  if (has(b, 0, kPng))
    return b.rfind("IEND") == std::string::npos;
  return false;
}

std::string tooLarge(const std::string& path, long long w, long long h) {
  return path + ": image is " + std::to_string(w) + "x" + std::to_string(h) + ", more than the " +
         std::to_string(kMaxImagePixels / 1000000) + " megapixels supported";
}

}  // namespace

cv::Mat loadImageBgr(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec))
    throw Error(path + ": image file not found");
  const std::string bytes = fs::readText(path);
  if (bytes.empty()) throw Error(path + ": the file is empty");
  const auto [hw, hh] = headerSize(bytes);
  // Divided, not multiplied: a header may claim 2^32-1 on both sides.
  if (hw > 0 && hh > kMaxImagePixels / hw) throw Error(tooLarge(path, hw, hh));
  if (isGif(bytes)) return toBgr(decodeGifFirstFrame(bytes, path, kMaxImagePixels));  // animated: the first frame
  if (const char* f = unsupportedFormat(bytes))
    throw Error(path + ": " + f + " images are not supported; save it as PNG, JPEG or WebP");
  if (!photoFormat(bytes))
    throw Error(path + ": not a readable image (unknown format or corrupt data); PNG, JPEG, WebP, BMP, TIFF and GIF are supported");
  if (truncated(bytes))
    throw Error(path + ": the image file is truncated (it ends before the image does); copy or download it again");
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
    throw Error(tooLarge(path, bgr.cols, bgr.rows));
  return bgr;
}

RgbImage loadImageRgb(const std::string& path) { return toRgb(loadImageBgr(path)); }

cv::Mat toBgr(const RgbImage& img) {
  const cv::Mat rgb(img.height, img.width, CV_8UC3, const_cast<uint8_t*>(img.pixels.data()));
  cv::Mat bgr;
  cv::cvtColor(rgb, bgr, cv::COLOR_RGB2BGR);
  return bgr;
}

RgbImage toRgb(const cv::Mat& bgr) {
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
