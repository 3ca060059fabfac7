#include "vision/png_text.h"

#include "vision/image.h"

#include <cstring>
#include <opencv2/imgcodecs.hpp>
#include <cstdio>
#include <sstream>

#include "util/error.h"
#include "util/fs.h"

namespace hl {
namespace {

void putU32(std::string& s, uint32_t v) {
  for (int i = 3; i >= 0; --i) s += char((v >> (8 * i)) & 0xFF);
}

bool isLatin1Ascii(const std::string& s) {
  for (unsigned char c : s)
    if (c >= 0x80) return false;  // UTF-8 multibyte: not representable in tEXt as-is
  return true;
}

std::string chunk(const std::string& type, const std::string& data) {
  std::string out;
  putU32(out, uint32_t(data.size()));
  std::string body = type + data;
  out += body;
  putU32(out, pngCrc32(reinterpret_cast<const uint8_t*>(body.data()), body.size()));
  return out;
}

}  // namespace

std::string encodePngWithText(const RgbImage& img, const TextChunks& text) {
  if (img.empty()) throw Error("cannot write an empty image");
  const cv::Mat bgr = toBgr(img);
  std::vector<uint8_t> png;
  if (!cv::imencode(".png", bgr, png)) throw Error("PNG encoding failed");
  std::string bytes(png.begin(), png.end());
  // Insert the text chunks right after IHDR (8-byte signature + 25-byte IHDR chunk).
  std::string extra;
  for (const auto& [key, value] : text) {
    if (key.empty() || key.size() > 79) throw Error("PNG text key \"" + key + "\" must be 1 to 79 characters");
    if (isLatin1Ascii(value))
      extra += chunk("tEXt", key + '\0' + value);
    else
      extra += chunk("iTXt", key + '\0' + '\0' + '\0' + '\0' + '\0' + value);  // UTF-8, uncompressed
  }
  bytes.insert(33, extra);
  return bytes;
}

void writePngWithText(const std::string& path, const RgbImage& img, const TextChunks& text) {
  fs::writeAtomic(path, encodePngWithText(img, text));
}

TextChunks readPngText(const std::string& path) { return parsePngText(fs::readText(path), path); }

}  // namespace hl
