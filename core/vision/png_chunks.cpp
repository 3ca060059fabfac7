// Reading PNG text chunks: plain bytes, no image library (also the fuzz target's code).
#include <array>

#include "util/error.h"
#include "vision/png_text.h"

namespace hl {
namespace {

uint32_t getU32(const std::string& s, size_t pos) {
  uint32_t v = 0;
  for (int i = 0; i < 4; ++i) v = (v << 8) | uint8_t(s[pos + size_t(i)]);
  return v;
}

}  // namespace

uint32_t pngCrc32(const uint8_t* p, size_t n) {
  static const auto table = [] {
    std::array<uint32_t, 256> t{};
    for (uint32_t i = 0; i < 256; ++i) {
      uint32_t c = i;
      for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
      t[i] = c;
    }
    return t;
  }();
  uint32_t crc = 0xFFFFFFFFu;
  for (size_t i = 0; i < n; ++i) crc = table[(crc ^ p[i]) & 0xFF] ^ (crc >> 8);
  return crc ^ 0xFFFFFFFFu;
}

TextChunks parsePngText(const std::string& s, const std::string& source) {
  if (s.size() < 8 || s.compare(0, 8, "\x89PNG\r\n\x1a\n") != 0) throw Error(source + ": not a PNG file");
  TextChunks out;
  size_t pos = 8;
  while (pos + 12 <= s.size()) {
    const uint32_t len = getU32(s, pos);
    if (uint64_t(len) + 12 > s.size() - pos) throw Error(source + ": truncated PNG chunk");
    const std::string type = s.substr(pos + 4, 4);
    const std::string data = s.substr(pos + 8, len);
    const uint32_t crc = getU32(s, pos + 8 + len);
    if (pngCrc32(reinterpret_cast<const uint8_t*>(s.data() + pos + 4), size_t(len) + 4) != crc)
      throw Error(source + ": CRC mismatch in PNG chunk " + type);
    if (type == "tEXt") {
      const size_t z = data.find('\0');
      if (z != std::string::npos) out.emplace_back(data.substr(0, z), data.substr(z + 1));
    } else if (type == "iTXt") {
      // keyword \0 compression-flag compression-method language \0 translated \0 text
      const size_t z = data.find('\0');
      if (z != std::string::npos && z + 2 < data.size() && data[z + 1] == 0) {
        const size_t lang = data.find('\0', z + 3);
        const size_t tr = lang == std::string::npos ? lang : data.find('\0', lang + 1);
        if (tr != std::string::npos) out.emplace_back(data.substr(0, z), data.substr(tr + 1));
      }
    }
    if (type == "IEND") break;
    pos += 12 + size_t(len);
  }
  return out;
}

}  // namespace hl
