#include <cstdlib>
#include <fstream>
#include <random>
#include <opencv2/imgcodecs.hpp>

#include "check.h"
#include "gif_encode.h"
#include "util/error.h"
#include "vision/image.h"

namespace {

void writeBytes(const std::string& path, const std::vector<uint8_t>& bytes) {
  std::ofstream(path, std::ios::binary)
      .write(reinterpret_cast<const char*>(bytes.data()), std::streamsize(bytes.size()));
}

// Inserts a minimal EXIF APP1 segment with the given Orientation right after the JPEG SOI.
std::vector<uint8_t> withExifOrientation(std::vector<uint8_t> jpeg, uint8_t orientation) {
  const uint8_t app1[] = {0xFF, 0xE1, 0x00, 34,   'E',  'x',  'i',  'f',  0,           0,
                          'I',  'I',  0x2A, 0x00, 0x08, 0x00, 0x00, 0x00,  // TIFF header, IFD at 8
                          0x01, 0x00,                                      // one entry
                          0x12, 0x01, 0x03, 0x00, 0x01, 0x00, 0x00, 0x00, orientation, 0x00,
                          0x00, 0x00,               // Orientation (SHORT)
                          0x00, 0x00, 0x00, 0x00};  // no next IFD
  jpeg.insert(jpeg.begin() + 2, std::begin(app1), std::end(app1));
  return jpeg;
}

}  // namespace

hl::test::TempDir tmp_;
std::string path(const char* n) {
  return tmp_.path() + "/" + n;
}

// Writes `bytes` as `name`: loading it must fail with a message that starts with the file and says `says`.
void refused(const char* name, const std::vector<uint8_t>& bytes, const char* says) {
  writeBytes(path(name), bytes);
  try {
    hl::loadImageRgb(path(name));
    HL_FAIL(std::string("loaded ") + name);
  } catch (const hl::Error& e) {
    HL_CHECK_MSG(std::string(e.what()).rfind(path(name) + ": ", 0) == 0, e.what());
    HL_CHECK_MSG(hl::test::contains(e.what(), says), e.what());
  }
}

void refused(const char* name, const std::string& bytes, const char* says) {
  refused(name, std::vector<uint8_t>(bytes.begin(), bytes.end()), says);
}

HL_TEST(loadsPngAsRgb) {
  cv::Mat bgr(3, 5, CV_8UC3, cv::Scalar(10, 20, 30));  // B, G, R
  bgr.at<cv::Vec3b>(1, 2) = cv::Vec3b(200, 100, 50);
  HL_CHECK(cv::imwrite(path("a.png"), bgr));
  hl::RgbImage img = hl::loadImageRgb(path("a.png"));
  HL_CHECK_EQ(img.width, 5);
  HL_CHECK_EQ(img.height, 3);
  HL_CHECK_EQ(int(img.pixels[0]), 30);  // R first
  HL_CHECK_EQ(int(img.pixels[2]), 10);
  const size_t i = (1 * 5 + 2) * 3;
  HL_CHECK_EQ(int(img.pixels[i]), 50);
  HL_CHECK_EQ(int(img.pixels[i + 1]), 100);
  HL_CHECK_EQ(int(img.pixels[i + 2]), 200);
}

HL_TEST(appliesExifOrientation) {
  cv::Mat bgr(40, 64, CV_8UC3, cv::Scalar(0, 0, 0));
  bgr(cv::Rect(0, 0, 16, 40)).setTo(cv::Scalar(255, 255, 255));  // white band on the left
  std::vector<uint8_t> jpeg;
  HL_CHECK(cv::imencode(".jpg", bgr, jpeg, {cv::IMWRITE_JPEG_QUALITY, 95}));
  writeBytes(path("upright.jpg"), jpeg);
  writeBytes(path("rot90.jpg"), withExifOrientation(jpeg, 6));  // "rotate 90 CW to display"
  hl::RgbImage up = hl::loadImageRgb(path("upright.jpg"));
  HL_CHECK_EQ(up.width, 64);
  hl::RgbImage rot = hl::loadImageRgb(path("rot90.jpg"));
  HL_CHECK_EQ(rot.width, 40);
  HL_CHECK_EQ(rot.height, 64);
  // After a clockwise turn the white band is at the top.
  HL_CHECK(rot.pixels[(2 * 40 + 20) * 3] > 200);
  HL_CHECK(rot.pixels[(60 * 40 + 20) * 3] < 50);
}

HL_TEST(clearErrors) {
  auto expectError = [](const std::string& p, const char* what) {
    try {
      hl::loadImageRgb(p);
      HL_FAIL("no error");
    } catch (const hl::Error& e) {
      HL_CHECK_MSG((std::string(e.what()).rfind(std::string(p), 0) == 0), e.what());
      HL_CHECK_MSG(hl::test::contains(e.what(), what), e.what());
    }
  };
  expectError(path("missing.png"), "not found");
  writeBytes(path("empty.png"), {});
  expectError(path("empty.png"), "empty");
  writeBytes(path("garbage.jpg"), {'n', 'o', 't', ' ', 'a', 'n', ' ', 'i', 'm', 'a', 'g', 'e'});
  expectError(path("garbage.jpg"), "not a readable image");
  // Huge images are refused from their header, before any pixel is decoded: a PNG claiming
  // 20000 x 20000 (no pixel data at all) and a JPEG whose frame header says 12000 x 9000.
  std::vector<uint8_t> png = {0x89, 'P', 'N',  'G',  '\r', '\n', 0x1a, '\n', 0,    0,
                              0,    13,  'I',  'H',  'D',  'R',  0,    0,    0x4e, 0x20,
                              0,    0,   0x4e, 0x20, 8,    2,    0,    0,    0};
  writeBytes(path("huge.png"), png);
  expectError(path("huge.png"), "image is 20000x20000, more than the 100 megapixels supported");
  // The largest sizes a PNG header can hold: the check must not overflow (a fuzzing find).
  for (size_t i = 16; i < 24; ++i) png[i] = 0xFF;
  writeBytes(path("max.png"), png);
  expectError(path("max.png"), "image is 4294967295x4294967295, more than the 100 megapixels supported");
  std::vector<uint8_t> jpg = {0xFF, 0xD8, 0xFF, 0xE0, 0,    4,    'J',  'F',  0xFF,
                              0xC0, 0,    17,   8,    0x23, 0x28, 0x2E, 0xE0, 3,
                              1,    0x22, 0,    2,    0x11, 1,    3,    0x11, 1};
  writeBytes(path("huge.jpg"), jpg);
  expectError(path("huge.jpg"), "image is 12000x9000, more than the 100 megapixels supported");
  // The same for BMP and WebP headers claiming 30000 x 30000 with no pixel data.
  std::vector<uint8_t> bmp(54, 0);
  bmp[0] = 'B', bmp[1] = 'M';
  bmp[18] = 0x30, bmp[19] = 0x75, bmp[22] = 0x30, bmp[23] = 0x75;  // 30000 = 0x7530
  writeBytes(path("huge.bmp"), bmp);
  expectError(path("huge.bmp"), "image is 30000x30000, more than the 100 megapixels supported");
  const std::string riff = std::string("RIFF\x16\0\0\0WEBPVP8X\x0a\0\0\0\0\0\0\0", 24) + std::string("\x2f\x75\0\x2f\x75\0", 6);
  writeBytes(path("huge.webp"), std::vector<uint8_t>(riff.begin(), riff.end()));
  expectError(path("huge.webp"), "image is 30000x30000, more than the 100 megapixels supported");
}

// Photos as people have them: every form either loads as 8-bit RGB or is refused with a message
// that starts with the file and says what is wrong.
HL_TEST(photosOfEveryKindLoadOrSayWhy) {
  cv::Mat bgr(48, 40, CV_8UC3, cv::Scalar(30, 120, 220));
  auto encode = [](const char* ext, const cv::Mat& m, std::vector<int> params = {}) {
    std::vector<uint8_t> out;
    HL_CHECK(cv::imencode(ext, m, out, params));
    return out;
  };
  auto loads = [&](const char* name, const std::vector<uint8_t>& bytes) {
    writeBytes(path(name), bytes);
    const hl::RgbImage img = hl::loadImageRgb(path(name));
    HL_CHECK_EQ(img.width, 40);
    HL_CHECK_EQ(img.height, 48);
    HL_CHECK_EQ(img.pixels.size(), size_t(40 * 48 * 3));
    return img;
  };
  cv::Mat deep;
  bgr.convertTo(deep, CV_16UC3, 257.0);
  const hl::RgbImage d = loads("deep16.png", encode(".png", deep));
  HL_CHECK_NEAR(double(d.pixels[0]), 220.0, 1.0);  // 16-bit reduced to 8, RGB order
  cv::Mat grey(48, 40, CV_8UC1, cv::Scalar(90));
  HL_CHECK_EQ(int(loads("grey.png", encode(".png", grey)).pixels[1]), 90);
  cv::Mat bgra(48, 40, CV_8UC4, cv::Scalar(30, 120, 220, 0));
  HL_CHECK_EQ(int(loads("alpha.png", encode(".png", bgra)).pixels[0]), 220);  // alpha dropped, as PIL's convert("RGB")
  loads("photo.webp", encode(".webp", bgr));
  loads("photo.bmp", encode(".bmp", bgr));
  loads("photo.tiff", encode(".tiff", bgr));
  // A motion photo: a JPEG with a video appended after its end marker.
  std::vector<uint8_t> motion = encode(".jpg", bgr);
  motion.insert(motion.end(), 100000, 0x42);
  loads("motion.jpg", motion);

  std::vector<uint8_t> jpg = encode(".jpg", bgr), png = encode(".png", bgr);
  refused("cut.jpg", std::vector<uint8_t>(jpg.begin(), jpg.begin() + long(jpg.size() / 2)), "truncated");
  refused("cut.png", std::vector<uint8_t>(png.begin(), png.begin() + long(png.size() * 2 / 3)), "truncated");
  const std::string text = "just some notes, renamed";
  refused("notes.jpg", std::vector<uint8_t>(text.begin(), text.end()), "not a readable image");
  const uint8_t heic[] = {0, 0, 0, 24, 'f', 't', 'y', 'p', 'h', 'e', 'i', 'c', 0, 0, 0, 0, 'm', 'i', 'f', '1', 'h', 'e', 'i', 'c'};
  refused("phone.heic", std::vector<uint8_t>(std::begin(heic), std::end(heic)), "HEIC images are not supported");
  // Formats OpenCV could decode but photos never use stay away from its decoders: a DICOM
  // marker at byte 128 aborted the process in gdcm (a fuzzing find), whatever came before it.
  std::string dicom(128, 'G');
  dicom.replace(0, 6, "GIF89G");
  dicom += "DICM\x0c\x1b\xfe";
  refused("scan.dcm", dicom, "not a readable image");
  refused("scan.jpg", dicom, "PNG, JPEG, WebP, BMP, TIFF and GIF are supported");
  refused("photo.jp2", std::string("\0\0\0\x0cjP  \r\n\x87\n", 12), "JPEG 2000 images are not supported");
  refused("sun.ras", std::string("\x59\xa6\x6a\x95\0\0\0\x08\0\0\0\x08", 12), "not a readable image");
  const std::string svg = "<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"/>";
  refused("logo.svg", std::vector<uint8_t>(svg.begin(), svg.end()), "SVG images are not supported");
  // CMYK JPEG: written by ImageMagick when it is there (the project installs it).
  if (std::system(("convert -size 40x48 xc:'#1e78dc' -colorspace CMYK " + path("cmyk.jpg") + " 2>/dev/null").c_str()) == 0) {
    const hl::RgbImage c = hl::loadImageRgb(path("cmyk.jpg"));
    HL_CHECK_EQ(c.width, 40);
    HL_CHECK_NEAR(double(c.pixels[2]), 220.0, 12.0);  // converted back to RGB
  } else {
    hl::test::skipCase("cmyk.jpg", "ImageMagick's convert is not installed");
  }
}

// GIF: the first frame, decoded exactly (against the test's own LZW writer), whatever the
// palette size, interlacing, offsets, transparency or number of frames.
namespace {

hl::test::GifPalette palette(size_t n, uint32_t seed) {
  std::mt19937 rng(seed);
  hl::test::GifPalette p(n);
  for (auto& c : p)
    for (auto& v : c) v = uint8_t(rng() & 0xFF);
  return p;
}

hl::test::GifFrame randomFrame(int w, int h, int colours, uint32_t seed, bool smooth) {
  std::mt19937 rng(seed);
  hl::test::GifFrame f;
  f.width = w;
  f.height = h;
  f.index.resize(size_t(w) * size_t(h));
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x)  // runs (long codes) or noise (dictionary resets)
      f.index[size_t(y) * size_t(w) + size_t(x)] =
          uint8_t(smooth ? ((x / 7 + y / 5) % colours) : int(rng() % uint32_t(colours)));
  return f;
}

void expectPixels(const hl::RgbImage& img, const hl::test::GifPalette& pal, const hl::test::GifFrame& f) {
  HL_CHECK_EQ(img.width, f.width);
  HL_CHECK_EQ(img.height, f.height);
  size_t wrong = 0;
  for (size_t i = 0; i < f.index.size(); ++i)
    for (int c = 0; c < 3; ++c) wrong += img.pixels[i * 3 + size_t(c)] != pal[f.index[i]][size_t(c)];
  HL_CHECK_EQ(wrong, size_t(0));
}

void writeText(const std::string& p, const std::string& bytes) { writeBytes(p, std::vector<uint8_t>(bytes.begin(), bytes.end())); }

}  // namespace

HL_TEST(gifFirstFrameExact) {
  struct Case {
    int w, h, colours;
    bool smooth, interlaced;
  };
  const Case cases[] = {{1, 1, 2, false, false},     {37, 23, 3, false, false},  {37, 23, 3, false, true},
                        {300, 200, 256, false, false}, {300, 200, 256, true, true}, {64, 64, 16, true, false},
                        {9, 700, 5, false, true}};
  uint32_t seed = 1;
  for (const Case& c : cases) {
    size_t n = 2;
    while (n < size_t(c.colours)) n *= 2;
    const auto pal = palette(n, seed);
    auto f = randomFrame(c.w, c.h, c.colours, seed++, c.smooth);
    f.interlaced = c.interlaced;
    auto second = randomFrame(c.w, c.h, c.colours, 999, false);  // animated: never shown
    const std::string p = path("frame.gif");
    writeText(p, hl::test::encodeGif(c.w, c.h, pal, 0, {f, second}));
    expectPixels(hl::loadImageRgb(p), pal, f);
  }
}

HL_TEST(gifOffsetsTransparencyAndLocalTables) {
  const auto global = palette(4, 7), local = palette(8, 8);
  hl::test::GifFrame f = randomFrame(10, 6, 8, 3, false);
  f.left = 5;
  f.top = 2;
  f.local = local;
  f.transparent = 6;
  const std::string p = path("offset.gif");
  writeText(p, hl::test::encodeGif(20, 12, global, 1, {f}));
  const hl::RgbImage img = hl::loadImageRgb(p);
  HL_CHECK_EQ(img.width, 20);
  HL_CHECK_EQ(img.height, 12);
  size_t wrong = 0;
  for (int y = 0; y < 12; ++y)
    for (int x = 0; x < 20; ++x) {
      const bool inside = x >= 5 && x < 15 && y >= 2 && y < 8;
      const int v = inside ? f.index[size_t(y - 2) * 10 + size_t(x - 5)] : 6;
      // Outside the frame and where it is transparent: the transparent entry's colour.
      const auto& want = local[size_t(v)];
      for (int c = 0; c < 3; ++c) wrong += img.pixels[(size_t(y) * 20 + size_t(x)) * 3 + size_t(c)] != want[size_t(c)];
    }
  HL_CHECK_EQ(wrong, size_t(0));
}

HL_TEST(gifBadFilesSayWhy) {
  const auto pal = palette(256, 5);
  const std::string gif = hl::test::encodeGif(120, 80, pal, 0, {randomFrame(120, 80, 256, 4, false)});
  refused("cut.gif", gif.substr(0, gif.size() / 2), "truncated");
  refused("header.gif", gif.substr(0, 10), "truncated");
  // A 30000 x 30000 screen with one pixel of data: refused before anything is allocated.
  hl::test::GifFrame tiny = randomFrame(1, 1, 2, 1, false);
  refused("huge.gif", hl::test::encodeGif(30000, 30000, palette(2, 1), 0, {tiny}),
          "image is 30000x30000, more than the 100 megapixels supported");
  refused("empty.gif", hl::test::encodeGif(16, 16, palette(2, 1), 0, {}), "holds no image");
  // 2 x 2, two colours, LZW codes: clear (4), then 7, which nothing has defined yet.
  const std::string badCode("GIF89a\x02\x00\x02\x00\x80\x00\x00" "\x00\x00\x00\xff\xff\xff"
                            "\x2c\x00\x00\x00\x00\x02\x00\x02\x00\x00" "\x02\x01\x3c\x00\x3b", 34);
  refused("code.gif", badCode, "invalid GIF data (LZW code 7 before any pixel)");
}

// Against another decoder: an animated, interlaced GIF written by ImageMagick (installed by the
// project) decodes to exactly what ImageMagick reads back as its first frame.
HL_TEST(gifMatchesImageMagick) {
  cv::Mat a(48, 64, CV_8UC3), b(48, 64, CV_8UC3, cv::Scalar(0, 255, 0));
  for (int y = 0; y < a.rows; ++y)
    for (int x = 0; x < a.cols; ++x) a.at<cv::Vec3b>(y, x) = cv::Vec3b(uchar(x * 4), uchar(y * 5), uchar((x * y) % 256));
  HL_CHECK(cv::imwrite(path("im_a.png"), a) && cv::imwrite(path("im_b.png"), b));
  const std::string gif = path("im_anim.gif"), ppm = path("im_first.ppm");
  const std::string make = "convert -delay 10 " + path("im_a.png") + " " + path("im_b.png") + " -loop 0 -interlace GIF " + gif;
  if (std::system((make + " 2>/dev/null").c_str()) != 0) {
    hl::test::skipCase("gifMatchesImageMagick", "ImageMagick's convert is not installed");
    return;
  }
  HL_CHECK(std::system(("convert '" + gif + "[0]' " + ppm).c_str()) == 0);
  const hl::RgbImage ours = hl::loadImageRgb(gif);
  const hl::RgbImage ref = hl::toRgb(cv::imread(ppm, cv::IMREAD_COLOR));
  HL_CHECK_EQ(ours.width, 64);
  HL_CHECK_EQ(ours.height, 48);
  HL_CHECK(ours.pixels == ref.pixels);
  // Not the second frame (all green).
  HL_CHECK(!(ours.pixels[1] == 255 && ours.pixels[0] == 0 && ours.pixels[2] == 0));
}
