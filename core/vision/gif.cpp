#include "vision/gif.h"

#include <array>
#include <cstdint>
#include <vector>

#include "util/error.h"

namespace hl {
namespace {

class Reader {
 public:
  Reader(const std::string& b, const std::string& name) : b_(b), name_(name) {}
  bool atEnd() const { return i_ >= b_.size(); }
  uint8_t u8() {
    need(1);
    return uint8_t(b_[i_++]);
  }
  int u16() {
    need(2);
    const int v = uint8_t(b_[i_]) | uint8_t(b_[i_ + 1]) << 8;
    i_ += 2;
    return v;
  }
  const char* take(size_t n) {
    need(n);
    const char* p = b_.data() + i_;
    i_ += n;
    return p;
  }
  // Data sub-blocks (length byte, bytes) up to the empty one; appended to `out` unless null.
  void subBlocks(std::string* out) {
    for (size_t n = u8(); n != 0; n = u8()) {
      const char* p = take(n);
      if (out) out->append(p, n);
    }
  }
  [[noreturn]] void fail(const std::string& what) const { throw Error(name_ + ": " + what); }

 private:
  void need(size_t n) const {
    if (b_.size() - i_ < n || i_ > b_.size())
      fail("the GIF file is truncated (it ends inside the first frame); copy or download it again");
  }
  const std::string& b_;
  const std::string& name_;
  size_t i_ = 0;
};

using Palette = std::vector<std::array<uint8_t, 3>>;

Palette readPalette(Reader& r, int packed) {
  Palette p(size_t(1) << ((packed & 7) + 1));
  const char* raw = r.take(p.size() * 3);
  for (size_t k = 0; k < p.size(); ++k)
    for (int c = 0; c < 3; ++c) p[k][c] = uint8_t(raw[k * 3 + c]);
  return p;
}

// LZW codes of one frame to palette indices; at most `count` of them.
std::vector<uint8_t> lzwDecode(const std::string& data, int minCodeSize, size_t count,
                               const Reader& r) {
  if (minCodeSize < 1 || minCodeSize > 11)
    r.fail("invalid GIF data (LZW code size " + std::to_string(minCodeSize) +
           ", expected 1 to 11)");
  const int clear = 1 << minCodeSize, eoi = clear + 1;
  std::vector<uint16_t> prefix(4096);
  std::vector<uint8_t> suffix(4096), stack;
  stack.reserve(4096);
  std::vector<uint8_t> out;
  out.reserve(count);
  int size = minCodeSize + 1, next = clear + 2, prev = -1;
  uint8_t first = 0;
  uint32_t bits = 0;
  int nbits = 0;
  for (size_t i = 0; out.size() < count;) {
    while (nbits < size && i < data.size()) {
      bits |= uint32_t(uint8_t(data[i++])) << nbits;
      nbits += 8;
    }
    if (nbits < size) break;
    const int code = int(bits & ((1u << size) - 1));
    bits >>= size;
    nbits -= size;
    if (code == clear) {
      size = minCodeSize + 1;
      next = clear + 2;
      prev = -1;
      continue;
    }
    if (code == eoi) break;
    if (prev < 0) {
      if (code >= clear)
        r.fail("invalid GIF data (LZW code " + std::to_string(code) + " before any pixel)");
      out.push_back(uint8_t(code));
      first = uint8_t(code);
      prev = code;
      continue;
    }
    int cur = code;
    if (code > next || (code == next && next >= 4096))
      r.fail("invalid GIF data (LZW code " + std::to_string(code) + " not yet defined)");
    if (code == next) {  // the KwKwK case: the previous string plus its own first byte
      stack.push_back(first);
      cur = prev;
    }
    while (cur >= clear) {
      stack.push_back(suffix[size_t(cur)]);
      cur = prefix[size_t(cur)];
    }
    first = uint8_t(cur);
    stack.push_back(first);
    while (!stack.empty() && out.size() < count) {
      out.push_back(stack.back());
      stack.pop_back();
    }
    stack.clear();
    if (next < 4096) {
      prefix[size_t(next)] = uint16_t(prev);
      suffix[size_t(next)] = first;
      ++next;
      if (next == (1 << size) && size < 12) ++size;
    }
    prev = code;
  }
  return out;
}

// Row order of an interlaced frame: every 8th row from 0, every 8th from 4, every 4th from 2,
// every 2nd from 1.
std::vector<int> rowOrder(int height, bool interlaced) {
  std::vector<int> rows;
  rows.reserve(size_t(height));
  if (!interlaced) {
    for (int y = 0; y < height; ++y) rows.push_back(y);
    return rows;
  }
  const int start[4] = {0, 4, 2, 1}, step[4] = {8, 8, 4, 2};
  for (int pass = 0; pass < 4; ++pass)
    for (int y = start[pass]; y < height; y += step[pass]) rows.push_back(y);
  return rows;
}

}  // namespace

bool isGif(const std::string& b) {
  return b.size() >= 6 && (b.compare(0, 6, "GIF87a") == 0 || b.compare(0, 6, "GIF89a") == 0);
}

RgbImage decodeGifFirstFrame(const std::string& bytes, const std::string& name,
                             long long maxPixels) {
  Reader r(bytes, name);
  if (!isGif(bytes)) r.fail("not a GIF file (no GIF87a/GIF89a signature)");
  r.take(6);
  const int screenW = r.u16(), screenH = r.u16(), packed = r.u8(), background = r.u8();
  r.u8();  // pixel aspect ratio
  const Palette global = (packed & 0x80) ? readPalette(r, packed) : Palette{};
  int transparent = -1;
  for (;;) {
    if (r.atEnd()) r.fail("the GIF file holds no image");
    const uint8_t block = r.u8();
    if (block == 0x3B) r.fail("the GIF file holds no image");
    if (block == 0x21) {
      const uint8_t label = r.u8();
      std::string ext;
      r.subBlocks(&ext);
      if (label == 0xF9 && ext.size() >= 4 && transparent < 0 && (uint8_t(ext[0]) & 1))
        transparent = uint8_t(ext[3]);
      continue;
    }
    if (block != 0x2C) r.fail("invalid GIF data (unknown block 0x" + std::to_string(block) + ")");
    const int left = r.u16(), top = r.u16(), w = r.u16(), h = r.u16(), fp = r.u8();
    const Palette local = (fp & 0x80) ? readPalette(r, fp) : Palette{};
    const Palette& pal = local.empty() ? global : local;
    if (pal.empty()) r.fail("invalid GIF data (the first frame has no colour table)");
    const int width = std::max(screenW, left + w), height = std::max(screenH, top + h);
    if (w == 0 || h == 0) r.fail("the GIF's first frame is empty (0 pixels)");
    if (static_cast<long long>(width) * height > maxPixels)
      r.fail("image is " + std::to_string(width) + "x" + std::to_string(height) +
             ", more than the " + std::to_string(maxPixels / 1000000) + " megapixels supported");
    const int minCodeSize = r.u8();
    std::string data;
    r.subBlocks(&data);
    const size_t count = size_t(w) * size_t(h);
    const std::vector<uint8_t> index = lzwDecode(data, minCodeSize, count, r);
    if (index.size() < count)
      r.fail("the GIF file is truncated (its first frame has " + std::to_string(index.size()) +
             " of " + std::to_string(count) + " pixels); copy or download it again");
    auto colour = [&](int k) -> std::array<uint8_t, 3> {
      return k >= 0 && size_t(k) < pal.size() ? pal[size_t(k)] : std::array<uint8_t, 3>{0, 0, 0};
    };
    const std::array<uint8_t, 3> fill =
        colour(transparent >= 0 ? transparent : (global.empty() ? -1 : background));
    RgbImage img;
    img.width = width;
    img.height = height;
    img.pixels.resize(size_t(width) * size_t(height) * 3);
    for (size_t p = 0; p < img.pixels.size(); p += 3)
      for (int c = 0; c < 3; ++c) img.pixels[p + size_t(c)] = fill[size_t(c)];
    const std::vector<int> rows = rowOrder(h, (fp & 0x40) != 0);
    for (int k = 0; k < h; ++k) {
      uint8_t* dst =
          img.pixels.data() + (size_t(top + rows[size_t(k)]) * size_t(width) + size_t(left)) * 3;
      for (int x = 0; x < w; ++x) {
        const int v = index[size_t(k) * size_t(w) + size_t(x)];
        if (v == transparent) continue;
        const auto rgb = colour(v);
        for (int c = 0; c < 3; ++c) dst[size_t(x) * 3 + size_t(c)] = rgb[size_t(c)];
      }
    }
    return img;
  }
}

}  // namespace hl
