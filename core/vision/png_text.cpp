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

uint32_t crc32(const uint8_t* p, size_t n, uint32_t crc = 0xFFFFFFFFu) {
  static uint32_t table[256];
  static bool init = false;
  if (!init) {
    for (uint32_t i = 0; i < 256; ++i) {
      uint32_t c = i;
      for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
      table[i] = c;
    }
    init = true;
  }
  for (size_t i = 0; i < n; ++i) crc = table[(crc ^ p[i]) & 0xFF] ^ (crc >> 8);
  return crc;
}

void putU32(std::string& s, uint32_t v) {
  for (int i = 3; i >= 0; --i) s += char((v >> (8 * i)) & 0xFF);
}

uint32_t getU32(const std::string& s, size_t pos) {
  uint32_t v = 0;
  for (int i = 0; i < 4; ++i) v = (v << 8) | uint8_t(s[pos + size_t(i)]);
  return v;
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
  putU32(out, crc32(reinterpret_cast<const uint8_t*>(body.data()), body.size()) ^ 0xFFFFFFFFu);
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

TextChunks readPngText(const std::string& path) {
  const std::string s = fs::readText(path);
  if (s.size() < 8 || s.compare(0, 8, "\x89PNG\r\n\x1a\n") != 0) throw Error(path + ": not a PNG file");
  TextChunks out;
  size_t pos = 8;
  while (pos + 12 <= s.size()) {
    const uint32_t len = getU32(s, pos);
    if (pos + 12 + len > s.size()) throw Error(path + ": truncated PNG chunk");
    const std::string type = s.substr(pos + 4, 4);
    const std::string data = s.substr(pos + 8, len);
    const uint32_t crc = getU32(s, pos + 8 + len);
    if ((crc32(reinterpret_cast<const uint8_t*>(s.data() + pos + 4), len + 4) ^ 0xFFFFFFFFu) != crc)
      throw Error(path + ": CRC mismatch in PNG chunk " + type);
    if (type == "tEXt") {
      const size_t z = data.find('\0');
      if (z != std::string::npos) out.emplace_back(data.substr(0, z), data.substr(z + 1));
    } else if (type == "iTXt") {
      const size_t z = data.find('\0');
      if (z != std::string::npos && z + 2 < data.size() && data[z + 1] == 0) {
        size_t lang = data.find('\0', z + 3);
        size_t tr = lang == std::string::npos ? lang : data.find('\0', lang + 1);
        if (tr != std::string::npos) out.emplace_back(data.substr(0, z), data.substr(tr + 1));
      }
    }
    if (type == "IEND") break;
    pos += 12 + len;
  }
  return out;
}

}  // namespace hl
