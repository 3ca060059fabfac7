#include "vision/control_images.h"

#include <cmath>
#include <opencv2/imgproc.hpp>

#include "util/error.h"
#include "vision/image.h"

namespace hl {
namespace {

cv::Mat rgbMat(const RgbImage& in) {
  if (in.empty()) throw Error("empty image");
  return cv::Mat(in.height, in.width, CV_8UC3, const_cast<uint8_t*>(in.pixels.data())).clone();
}

RgbImage fromMat(const cv::Mat& m) {
  RgbImage out;
  out.width = m.cols;
  out.height = m.rows;
  const cv::Mat c = m.isContinuous() ? m : m.clone();
  out.pixels.assign(c.data, c.data + size_t(c.total()) * 3);
  return out;
}

}  // namespace

RgbImage resizeLanczos(const RgbImage& in, int width, int height) {
  if (in.width == width && in.height == height) return in;
  cv::Mat out;
  cv::resize(rgbMat(in), out, cv::Size(width, height), 0, 0, cv::INTER_LANCZOS4);
  return fromMat(out);
}

RgbImage coverCrop(const RgbImage& in, int width, int height) {
  const double s = std::max(double(width) / in.width, double(height) / in.height);
  const int w = std::max(width, int(std::lround(in.width * s))),
            h = std::max(height, int(std::lround(in.height * s)));
  const RgbImage scaled = resizeLanczos(in, w, h);
  const cv::Mat m = rgbMat(scaled);
  return fromMat(m(cv::Rect((w - width) / 2, (h - height) / 2, width, height)).clone());
}

RgbImage cannyEdges(const RgbImage& in, int low, int high) {
  cv::Mat grey, edges, rgb;
  cv::cvtColor(rgbMat(in), grey, cv::COLOR_RGB2GRAY);
  cv::Canny(grey, edges, low, high);
  cv::cvtColor(edges, rgb, cv::COLOR_GRAY2RGB);
  return fromMat(rgb);
}

RgbImage drawFaceKeypoints(int width, int height, const std::vector<std::array<float, 2>>& kps) {
  if (kps.size() != 5) throw Error("face keypoints: expected 5 points (eyes, nose, mouth corners)");
  const cv::Scalar colours[5] = {
      {255, 0, 0}, {0, 255, 0}, {0, 0, 255}, {255, 255, 0}, {255, 0, 255}};
  const int sticks[4][2] = {{0, 2}, {1, 2}, {3, 2}, {4, 2}};
  cv::Mat canvas = cv::Mat::zeros(height, width, CV_8UC3);
  for (const auto& s : sticks) {
    const auto &a = kps[size_t(s[0])], &b = kps[size_t(s[1])];
    const double length = std::hypot(a[0] - b[0], a[1] - b[1]);
    const double angle = std::atan2(a[1] - b[1], a[0] - b[0]) * 180.0 / M_PI;
    std::vector<cv::Point> poly;
    cv::ellipse2Poly(cv::Point(int((a[0] + b[0]) / 2), int((a[1] + b[1]) / 2)),
                     cv::Size(int(length / 2), 4), int(angle), 0, 360, 1, poly);
    cv::fillConvexPoly(canvas, poly, colours[s[0]]);
  }
  canvas.convertTo(canvas, CV_8UC3, 0.6);  // the sticks at 60%, truncated as numpy's astype
  for (size_t i = 0; i < 5; ++i)
    cv::circle(canvas, cv::Point(int(kps[i][0]), int(kps[i][1])), 10, colours[i], cv::FILLED);
  return fromMat(canvas);
}

std::vector<float> maskFromImage(const RgbImage& in, int width, int height, int grow, int blur) {
  cv::Mat grey, m;
  cv::cvtColor(rgbMat(in), grey, cv::COLOR_RGB2GRAY);
  cv::resize(grey, m, cv::Size(width, height), 0, 0, cv::INTER_NEAREST);
  if (grow != 0) {
    const int r = std::abs(grow);
    const cv::Mat disc =
        cv::getStructuringElement(cv::MORPH_ELLIPSE, cv::Size(2 * r + 1, 2 * r + 1));
    if (grow > 0)
      cv::dilate(m, m, disc);
    else
      cv::erode(m, m, disc);
  }
  cv::Mat f;
  m.convertTo(f, CV_32F, 1.0 / 255.0);
  if (blur > 0) cv::GaussianBlur(f, f, cv::Size(0, 0), blur / 2.0);
  return std::vector<float>(f.begin<float>(), f.end<float>());
}

std::vector<float> featheredBox(int width, int height, const std::array<float, 4>& box,
                                int feather) {
  std::vector<float> out(size_t(width) * size_t(height));
  const double x0 = box[0], y0 = box[1], x1 = box[0] + box[2], y1 = box[1] + box[3];
  for (int y = 0; y < height; ++y)
    for (int x = 0; x < width; ++x) {
      const double dx = std::max({x0 - (x + 0.5), (x + 0.5) - x1, 0.0});
      const double dy = std::max({y0 - (y + 0.5), (y + 0.5) - y1, 0.0});
      const double d = std::hypot(dx, dy);
      out[size_t(y) * width + x] =
          feather > 0 ? float(std::max(0.0, 1.0 - d / feather)) : (d > 0 ? 0.f : 1.f);
    }
  return out;
}

}  // namespace hl
