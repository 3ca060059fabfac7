// A GIF writer for the tests (the decoder's reference: real LZW with growing code sizes and
// dictionary resets, interlacing, transparency, frame offsets, several frames).
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

namespace hl::test {

using GifPalette = std::vector<std::array<uint8_t, 3>>;  // 2, 4, ..., 256 entries

struct GifFrame {
  int left = 0, top = 0, width = 0, height = 0;
  std::vector<uint8_t> index;  // width * height palette indices, row-major (top to bottom)
  bool interlaced = false;
  int transparent = -1;
  GifPalette local;  // empty: the global table
};

namespace detail {

inline int log2Size(size_t n) {
  int b = 1;
  while ((size_t(1) << b) < n) ++b;
  return b;
}

inline void putPalette(std::string& out, const GifPalette& p) {
  for (const auto& c : p) out.append(reinterpret_cast<const char*>(c.data()), 3);
}

inline void put16(std::string& out, int v) {
  out.push_back(char(v & 0xFF));
  out.push_back(char(v >> 8 & 0xFF));
}

inline std::string lzw(const std::vector<uint8_t>& in, int minCode) {
  const int clear = 1 << minCode, eoi = clear + 1;
  std::string bytes;
  uint32_t acc = 0;
  int nacc = 0, size = minCode + 1, next = eoi + 1;
  auto emit = [&](int code) {
    acc |= uint32_t(code) << nacc;
    nacc += size;
    while (nacc >= 8) {
      bytes.push_back(char(acc & 0xFF));
      acc >>= 8;
      nacc -= 8;
    }
  };
  std::unordered_map<uint32_t, int> dict;
  emit(clear);
  int prefix = in.empty() ? 0 : in[0];
  for (size_t i = 1; i < in.size(); ++i) {
    const uint32_t key = uint32_t(prefix) << 8 | in[i];
    auto it = dict.find(key);
    if (it != dict.end()) {
      prefix = it->second;
      continue;
    }
    emit(prefix);
    if (next < 4096) {
      dict[key] = next;
      if (next == (1 << size)) ++size;
      ++next;
    } else {
      emit(clear);
      dict.clear();
      size = minCode + 1;
      next = eoi + 1;
    }
    prefix = in[i];
  }
  emit(prefix);
  emit(eoi);
  if (nacc > 0) bytes.push_back(char(acc & 0xFF));
  return bytes;
}

}  // namespace detail

// The frame's rows in file order when it is interlaced.
inline std::vector<uint8_t> gifRowsInFileOrder(const GifFrame& f) {
  if (!f.interlaced) return f.index;
  std::vector<uint8_t> out;
  const int start[4] = {0, 4, 2, 1}, step[4] = {8, 8, 4, 2};
  for (int pass = 0; pass < 4; ++pass)
    for (int y = start[pass]; y < f.height; y += step[pass])
      out.insert(out.end(), f.index.begin() + long(y) * f.width,
                 f.index.begin() + long(y + 1) * f.width);
  return out;
}

inline std::string encodeGif(int screenW, int screenH, const GifPalette& global, int background,
                             const std::vector<GifFrame>& frames) {
  std::string out = "GIF89a";
  detail::put16(out, screenW);
  detail::put16(out, screenH);
  const int gbits = global.empty() ? 1 : detail::log2Size(global.size());
  out.push_back(char(global.empty() ? 0 : 0x80 | 0x70 | (gbits - 1)));
  out.push_back(char(background));
  out.push_back(0);
  detail::putPalette(out, global);
  // NETSCAPE2.0 loop extension, as animations carry it.
  out += std::string("\x21\xFF\x0BNETSCAPE2.0\x03\x01\x00\x00\x00", 19);
  for (const GifFrame& f : frames) {
    out += std::string("\x21\xF9\x04", 3);
    out.push_back(
        char(f.transparent >= 0 ? 0x09 : 0x08));  // dispose to background, transparency flag
    detail::put16(out, 10);
    out.push_back(char(f.transparent >= 0 ? f.transparent : 0));
    out.push_back(0);
    out.push_back(0x2C);
    detail::put16(out, f.left);
    detail::put16(out, f.top);
    detail::put16(out, f.width);
    detail::put16(out, f.height);
    const int lbits = f.local.empty() ? 0 : detail::log2Size(f.local.size());
    out.push_back(char((f.local.empty() ? 0 : 0x80 | (lbits - 1)) | (f.interlaced ? 0x40 : 0)));
    detail::putPalette(out, f.local);
    const int minCode = std::max(2, f.local.empty() ? gbits : lbits);
    out.push_back(char(minCode));
    const std::string data = detail::lzw(gifRowsInFileOrder(f), minCode);
    for (size_t i = 0; i < data.size(); i += 255) {
      const size_t n = std::min<size_t>(255, data.size() - i);
      out.push_back(char(n));
      out.append(data, i, n);
    }
    out.push_back(0);
  }
  out.push_back(0x3B);
  return out;
}

}  // namespace hl::test
