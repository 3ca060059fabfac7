#include <cstdlib>
#include <fstream>
#include <opencv2/imgcodecs.hpp>

#include "check.h"
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
  std::vector<uint8_t> jpg = {0xFF, 0xD8, 0xFF, 0xE0, 0,    4,    'J',  'F',  0xFF,
                              0xC0, 0,    17,   8,    0x23, 0x28, 0x2E, 0xE0, 3,
                              1,    0x22, 0,    2,    0x11, 1,    3,    0x11, 1};
  writeBytes(path("huge.jpg"), jpg);
  expectError(path("huge.jpg"), "image is 12000x9000, more than the 100 megapixels supported");
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

  auto refused = [&](const char* name, const std::vector<uint8_t>& bytes, const char* says) {
    writeBytes(path(name), bytes);
    try {
      hl::loadImageRgb(path(name));
      HL_FAIL(std::string("loaded ") + name);
    } catch (const hl::Error& e) {
      HL_CHECK_MSG(std::string(e.what()).rfind(path(name) + ": ", 0) == 0, e.what());
      HL_CHECK_MSG(hl::test::contains(e.what(), says), e.what());
    }
  };
  std::vector<uint8_t> jpg = encode(".jpg", bgr), png = encode(".png", bgr);
  refused("cut.jpg", std::vector<uint8_t>(jpg.begin(), jpg.begin() + long(jpg.size() / 2)), "truncated");
  refused("cut.png", std::vector<uint8_t>(png.begin(), png.begin() + long(png.size() * 2 / 3)), "truncated");
  const std::string text = "just some notes, renamed";
  refused("notes.jpg", std::vector<uint8_t>(text.begin(), text.end()), "not a readable image");
  const uint8_t gif[] = {'G', 'I', 'F', '8', '9', 'a', 1, 0, 1, 0, 0x80, 0, 0, 0, 0, 0, 255, 255, 255,
                         0x21, 0xF9, 4, 0, 0, 0, 0, 0, 0x2C, 0, 0, 0, 0, 1, 0, 1, 0, 0, 2, 2, 0x44, 1, 0, 0x3B};
  refused("anim.gif", std::vector<uint8_t>(std::begin(gif), std::end(gif)), "GIF images are not supported");
  const uint8_t heic[] = {0, 0, 0, 24, 'f', 't', 'y', 'p', 'h', 'e', 'i', 'c', 0, 0, 0, 0, 'm', 'i', 'f', '1', 'h', 'e', 'i', 'c'};
  refused("phone.heic", std::vector<uint8_t>(std::begin(heic), std::end(heic)), "HEIC images are not supported");
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
