#include "test_photos.h"

#include <cstdlib>
#include <fstream>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <stdexcept>

#include "gif_encode.h"

namespace hl::test {
namespace {

void writeBytes(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), std::streamsize(bytes.size()));
  if (!out) throw std::runtime_error("cannot write " + path);
}

std::string encode(const char* ext, const cv::Mat& m, const std::vector<int>& params = {}) {
  std::vector<uint8_t> buf;
  if (!cv::imencode(ext, m, buf, params))
    throw std::runtime_error(std::string("cannot encode ") + ext);
  return std::string(buf.begin(), buf.end());
}

// A JPEG whose pixels are turned a quarter counter-clockwise, with the EXIF Orientation 6 that
// turns them back ("rotate 90 clockwise to display").
std::string exifRotated(const cv::Mat& bgr) {
  cv::Mat turned;
  cv::rotate(bgr, turned, cv::ROTATE_90_COUNTERCLOCKWISE);
  std::string jpeg = encode(".jpg", turned, {cv::IMWRITE_JPEG_QUALITY, 92});
  const unsigned char app1[] = {0xFF, 0xE1, 0x00, 34,   'E',  'x',  'i',  'f',  0,
                                0,    'I',  'I',  0x2A, 0x00, 0x08, 0x00, 0x00, 0x00,
                                0x01, 0x00, 0x12, 0x01, 0x03, 0x00, 0x01, 0x00, 0x00,
                                0x00, 6,    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00};
  jpeg.insert(2, reinterpret_cast<const char*>(app1), sizeof app1);
  return jpeg;
}

// An animated GIF: the photo in 256 greys as its first frame, noise as its second.
std::string animatedGif(const cv::Mat& bgr) {
  cv::Mat grey;
  cv::cvtColor(bgr, grey, cv::COLOR_BGR2GRAY);
  GifPalette pal(256);
  for (int i = 0; i < 256; ++i) pal[size_t(i)] = {uint8_t(i), uint8_t(i), uint8_t(i)};
  GifFrame first, second;
  first.width = second.width = grey.cols;
  first.height = second.height = grey.rows;
  first.index.assign(grey.datastart, grey.dataend);
  second.index.resize(first.index.size());
  for (size_t i = 0; i < second.index.size(); ++i)
    second.index[i] = uint8_t((i * 2654435761u) >> 24);
  return encodeGif(grey.cols, grey.rows, pal, 0, {first, second});
}

}  // namespace

std::vector<TestPhoto> writeTestPhotos(const std::string& dir, const std::string& facePhoto,
                                       std::vector<std::string>* skipped) {
  const cv::Mat bgr = cv::imread(facePhoto, cv::IMREAD_COLOR);
  if (bgr.empty()) throw std::runtime_error("cannot read " + facePhoto);
  std::vector<TestPhoto> set;
  auto add = [&](const std::string& name, const std::string& bytes, bool usable,
                 const std::string& says) {
    writeBytes(dir + "/" + name, bytes);
    set.push_back({name, usable, says});
  };
  cv::Mat deep, grey, bgra;
  bgr.convertTo(deep, CV_16UC3, 257.0);
  cv::cvtColor(bgr, grey, cv::COLOR_BGR2GRAY);
  cv::cvtColor(bgr, bgra, cv::COLOR_BGR2BGRA);
  add("deep16.png", encode(".png", deep), true, "1 face");
  add("grey.png", encode(".png", grey), true, "1 face");
  add("alpha.png", encode(".png", bgra), true, "1 face");
  add("rotated-exif.jpg", exifRotated(bgr), true, "1 face");
  add("animated.gif", animatedGif(bgr), true, "1 face");
  add("photo.webp", encode(".webp", bgr), true, "1 face");
  add("photo.bmp", encode(".bmp", bgr), true, "1 face");
  add("photo.tiff", encode(".tiff", bgr), true, "1 face");
  const std::string cmyk = dir + "/cmyk.jpg";
  if (std::system(
          ("convert '" + facePhoto + "' -colorspace CMYK '" + cmyk + "' 2>/dev/null").c_str()) == 0)
    set.push_back({"cmyk.jpg", true, "1 face"});
  else if (skipped)
    skipped->push_back("cmyk.jpg (ImageMagick's convert is not installed)");
  const std::string jpg = encode(".jpg", bgr), png = encode(".png", bgr);
  add("empty.jpg", "", false, "the file is empty");
  add("cut.jpg", jpg.substr(0, jpg.size() / 2), false, "truncated");
  add("cut.png", png.substr(0, png.size() * 2 / 3), false, "truncated");
  add("notes.jpg", "shopping list, renamed by mistake\n", false, "not a readable image");
  const unsigned char huge[] = {0x89, 'P', 'N',  'G',  '\r', '\n', 0x1a, '\n', 0,    0,
                                0,    13,  'I',  'H',  'D',  'R',  0,    0,    0x75, 0x30,
                                0,    0,   0x75, 0x30, 8,    2,    0,    0,    0};
  add("huge-header.png", std::string(reinterpret_cast<const char*>(huge), sizeof huge), false,
      "image is 30000x30000, more than the 100 megapixels supported");
  add("logo.svg",
      "<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" "
      "height=\"10\"/>",
      false, "SVG images are not supported");
  add("phone.heic",
      std::string("\0\0\0\x18"
                  "ftypheic\0\0\0\0mif1heic",
                  24),
      false, "HEIC images are not supported");
  return set;
}

}  // namespace hl::test
