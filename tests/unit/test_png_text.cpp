#include <filesystem>
#include <fstream>

#include "check.h"
#include "util/error.h"
#include "util/fs.h"
#include "util/sha256.h"
#include "vision/image.h"
#include "vision/png_text.h"

hl::test::TempDir tmp_;

HL_TEST(roundTripsTextAndPixels) {
  hl::RgbImage img;
  img.width = 7;
  img.height = 5;
  for (int i = 0; i < 7 * 5 * 3; ++i) img.pixels.push_back(uint8_t(i * 7));
  const std::string path = tmp_.path() + "/a.png";
  const std::string utf8 = "portrait, caf\xc3\xa9, \xe7\x8c\xab";  // needs iTXt
  hl::writePngWithText(path, img, {{"parameters", "plain ascii\nline 2"}, {"hyperlora", utf8}});
  hl::TextChunks t = hl::readPngText(path);
  HL_CHECK_EQ(t.size(), size_t(2));
  HL_CHECK_EQ(t[0].first, std::string("parameters"));
  HL_CHECK_EQ(t[0].second, std::string("plain ascii\nline 2"));
  HL_CHECK_EQ(t[1].second, utf8);
  hl::RgbImage back = hl::loadImageRgb(path);  // still a valid PNG for any decoder
  HL_CHECK_EQ(back.pixels, img.pixels);
}

HL_TEST(detectsCorruption) {
  hl::RgbImage img;
  img.width = img.height = 2;
  img.pixels.assign(12, 9);
  std::string bytes = hl::encodePngWithText(img, {{"parameters", "x"}});
  bytes[40] ^= 0x20;  // inside the tEXt chunk
  const std::string path = tmp_.path() + "/bad.png";
  hl::fs::writeAtomic(path, bytes);
  HL_CHECK_THROWS(hl::Error, hl::readPngText(path));
  hl::fs::writeAtomic(path, "GIF89a");
  HL_CHECK_THROWS(hl::Error, hl::readPngText(path));
}

HL_TEST(sha256KnownAnswers) {
  HL_CHECK_EQ(hl::sha256Hex(""),
              std::string("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"));
  HL_CHECK_EQ(hl::sha256Hex("abc"),
              std::string("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
  HL_CHECK_EQ(hl::sha256Hex(std::string(1000000, 'a')),
              std::string("cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"));
  const std::string f = tmp_.path() + "/h.bin", cache = tmp_.path() + "/c.json";
  hl::fs::writeAtomic(f, "abc");
  HL_CHECK_EQ(hl::cachedSha256File(f, cache), hl::sha256Hex("abc"));
  HL_CHECK(std::filesystem::exists(cache));
  HL_CHECK_EQ(hl::cachedSha256File(f, cache), hl::sha256Hex("abc"));  // from the cache
}
