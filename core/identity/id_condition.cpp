#include "identity/id_condition.h"

#include <algorithm>
#include <cmath>
#include <climits>
#include <opencv2/imgproc.hpp>

#include "clip/clip_image.h"
#include "util/error.h"
#include "vision/image.h"

namespace hl::identity {
namespace {

// 106-point indices (insightface 2d106det): jaw contour, then the brow line, as the official
// node draws it.
const int kOutline106[] = {1, 9, 10, 11, 12, 13, 14, 15, 16, 2, 3, 4, 5, 6, 7, 8, 0, 24, 23, 22, 21,
                           20, 19, 18, 32, 31, 30, 29, 28, 27, 26, 25, 17, 101, 105, 104, 103, 102, 50, 51, 49, 48, 43};
// The same role for 68-point landmarks: jaw 0..16, then the brows from right to left.
const int kOutline68[] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 26, 25, 24, 23, 22, 21, 20, 19, 18, 17};

cv::Mat grey(const RgbImage& g) {  // RgbImage with equal channels -> 1-channel Mat
  cv::Mat m(g.height, g.width, CV_8UC1);
  for (int i = 0; i < g.width * g.height; ++i) m.data[i] = g.pixels[size_t(i) * 3];
  return m;
}

RgbImage greyRgb(const cv::Mat& m) {
  RgbImage g;
  g.width = m.cols;
  g.height = m.rows;
  g.pixels.resize(size_t(m.total()) * 3);
  for (size_t i = 0; i < m.total(); ++i) g.pixels[i * 3] = g.pixels[i * 3 + 1] = g.pixels[i * 3 + 2] = m.data[i];
  return g;
}

long pyRound(double v) { return std::lround(std::nearbyint(v)); }  // half to even, as Python

}  // namespace

void fillPolygonPillow(cv::Mat& mask, const std::vector<cv::Point>& poly, uint8_t value) {
  // Pillow's scanline rule: on every integer row, the crossings of the non-horizontal edges
  // (ends included; a crossing at an edge's lower end counted twice below the last row) are
  // sorted and paired, and each span runs from its left crossing rounded half up to its right
  // crossing rounded half down. Horizontal edges are drawn as they are.
  struct Edge {
    int x0, y0, ymin, ymax;
    float dx;
  };
  std::vector<Edge> edges;
  const size_t n = poly.size();
  int ylo = INT_MAX, yhi = INT_MIN;
  for (size_t i = 0; i < n; ++i) {
    const cv::Point a = poly[i], b = poly[(i + 1) % n];
    if (i + 1 == n && a == b) break;
    if (a.y == b.y) {  // drawn as it is
      if (a.y >= 0 && a.y < mask.rows)
        for (int x = std::max(0, std::min(a.x, b.x)); x <= std::min(mask.cols - 1, std::max(a.x, b.x)); ++x)
          mask.at<uint8_t>(a.y, x) = value;
      continue;
    }
    edges.push_back({a.x, a.y, std::min(a.y, b.y), std::max(a.y, b.y), float(b.x - a.x) / float(b.y - a.y)});
    ylo = std::min(ylo, std::min(a.y, b.y));
    yhi = std::max(yhi, std::max(a.y, b.y));
  }
  std::vector<float> xs;
  for (int y = std::max(ylo, 0); y <= std::min(yhi, mask.rows - 1); ++y) {
    xs.clear();
    for (const Edge& e : edges) {
      if (y >= e.ymin && y <= e.ymax) xs.push_back(float(y - e.y0) * e.dx + float(e.x0));
      if (y == e.ymax && y < yhi) xs.push_back(xs.back());
    }
    std::sort(xs.begin(), xs.end());
    for (size_t i = 1; i < xs.size(); i += 2) {
      const int x0 = std::max(0, int(std::floor(xs[i - 1] + 0.5f)));
      const int x1 = std::min(mask.cols - 1, int(std::ceil(xs[i] - 0.5f)));
      for (int x = x0; x <= x1; ++x) mask.at<uint8_t>(y, x) = value;
    }
  }
}

std::vector<cv::Point2f> outline(const std::vector<cv::Point2f>& lm) {
  std::vector<cv::Point2f> out;
  if (lm.size() >= 106) for (int i : kOutline106) out.push_back(lm[size_t(i)]);
  else if (lm.size() >= 68) for (int i : kOutline68) out.push_back(lm[size_t(i)]);
  else throw Error("face outline needs 68 or 106 landmarks, got " + std::to_string(lm.size()));
  return out;
}

FaceBox faceBox(const std::vector<cv::Point2f>& lm) {
  float x0 = lm[0].x, x1 = lm[0].x, y0 = lm[0].y, y1 = lm[0].y;
  for (const auto& p : lm) {
    x0 = std::min(x0, p.x); x1 = std::max(x1, p.x);
    y0 = std::min(y0, p.y); y1 = std::max(y1, p.y);
  }
  FaceBox b;
  b.cx = (x0 + x1) / 2;
  b.cy = (y0 + y1) / 2;
  b.l = 0.75f * std::max(x1 - x0, y1 - y0);
  b.cy -= 0.125f * b.l;
  return b;
}

cv::Mat cropPadded(const cv::Mat& img, double x0, double y0, double x1, double y1) {
  const int l = int(pyRound(x0)), t = int(pyRound(y0)), r = int(pyRound(x1)), b = int(pyRound(y1));
  cv::Mat out = cv::Mat::zeros(std::max(0, b - t), std::max(0, r - l), img.type());
  const cv::Rect src = cv::Rect(l, t, r - l, b - t) & cv::Rect(0, 0, img.cols, img.rows);
  if (src.area() > 0) img(src).copyTo(out(cv::Rect(src.x - l, src.y - t, src.width, src.height)));
  return out;
}

cv::Mat removeBackground(const cv::Mat& bgr, const std::vector<cv::Point2f>& lm) {
  const std::vector<cv::Point2f> pts = outline(lm);
  cv::Point2f center(0, 0);
  for (const auto& p : pts) center += p;
  center *= 1.0f / float(pts.size());
  // Polygon mask on the whole image; vertices truncated to integers as Pillow draws them.
  cv::Mat mask = cv::Mat::zeros(bgr.rows, bgr.cols, CV_8UC1);
  std::vector<cv::Point> poly;
  for (const auto& p : pts) poly.emplace_back(int(p.x), int(p.y));
  fillPolygonPillow(mask, poly, 255);
  float x0 = pts[0].x, x1 = pts[0].x, y0 = pts[0].y, y1 = pts[0].y;
  for (const auto& p : pts) {
    x0 = std::min(x0, p.x); x1 = std::max(x1, p.x);
    y0 = std::min(y0, p.y); y1 = std::max(y1, p.y);
  }
  const float lm2 = 0.8f * std::max(x1 - x0, y1 - y0);
  const cv::Mat faceCrop = cropPadded(bgr, center.x - lm2, center.y - lm2, center.x + lm2, center.y + lm2);
  cv::Mat maskCrop = cropPadded(mask, center.x - lm2, center.y - lm2, center.x + lm2, center.y + lm2);
  if (faceCrop.empty()) throw Error("face outline has no area");
  // Blur the mask at 512x512 (radius 15), then back to the crop size, both resizes bicubic.
  RgbImage m512 = pillowResizeBicubic(greyRgb(maskCrop), 512, 512);
  pillowGaussianBlur(m512.pixels.data(), 512, 512, 3, 15.0f);  // Pillow's GaussianBlur(15), bit-exact
  cv::Mat alpha = grey(pillowResizeBicubic(m512, maskCrop.cols, maskCrop.rows));
  // Grey 127 everywhere, the face pasted through the blurred mask.
  cv::Mat out(bgr.size(), CV_8UC3, cv::Scalar(127, 127, 127));
  const int ox = int(center.x - lm2), oy = int(center.y - lm2);
  for (int y = 0; y < faceCrop.rows; ++y) {
    const int ty = oy + y;
    if (ty < 0 || ty >= out.rows) continue;
    for (int x = 0; x < faceCrop.cols; ++x) {
      const int tx = ox + x;
      if (tx < 0 || tx >= out.cols) continue;
      const int a = alpha.at<uint8_t>(y, x);
      const cv::Vec3b s = faceCrop.at<cv::Vec3b>(y, x);
      cv::Vec3b& d = out.at<cv::Vec3b>(ty, tx);
      for (int c = 0; c < 3; ++c) d[c] = uint8_t((s[c] * a + d[c] * (255 - a) + 127) / 255);
    }
  }
  return out;
}

ReferenceResult prepareReference(const cv::Mat& bgr, const FaceStack& st, const std::string& source) {
  ReferenceResult r;
  r.source = source;
  std::vector<faces::Face> found = st.detector->detect(bgr);
  r.facesFound = int(found.size());
  if (found.empty()) {
    r.message = "no face found (photos of real people work best; drawings and cartoons are usually not detected)";
    return r;
  }
  faces::Face f = found[0];  // insightface's faces[0]: the most confident, not the largest
  st.landmarker->landmarks(bgr, f);
  r.face = f;
  r.faceUsed = 0;
  const FaceBox b = faceBox(f.landmarks);
  if (b.l < 8) {
    r.message = "the face is too small (under 16 pixels across); use a closer or larger photo";
    return r;
  }
  // CLIP stream: the background-removed photo, square crop around the face box.
  const cv::Mat clean = removeBackground(bgr, f.landmarks);
  r.clipCrop = toRgb(cropPadded(clean, b.cx - b.l, b.cy - b.l, b.cx + b.l, b.cy + b.l));
  // ArcFace stream: a 2x crop of the original, detected again.
  const cv::Mat wide = cropPadded(bgr, b.cx - 2 * b.l, b.cy - 2 * b.l, b.cx + 2 * b.l, b.cy + 2 * b.l);
  std::vector<faces::Face> again = st.detector->detect(wide);
  if (again.empty()) {
    r.message = "the face could not be found again in its crop; image skipped";
    return r;
  }
  {
    // Blur the face region (outline polygon, softened) inside the wide crop.
    cv::Mat mask = cv::Mat::zeros(wide.size(), CV_8UC1);
    std::vector<cv::Point> poly;
    const float ox = float(pyRound(b.cx - 2 * b.l)), oy = float(pyRound(b.cy - 2 * b.l));
    for (const auto& p : outline(f.landmarks)) poly.emplace_back(int(p.x - ox), int(p.y - oy));
    cv::fillPoly(mask, std::vector<std::vector<cv::Point>>{poly}, cv::Scalar(255));
    const double sigma = std::max(2.0, double(b.l) / 4.0);
    cv::Mat soft, blurred;
    cv::GaussianBlur(mask, soft, cv::Size(0, 0), sigma / 2);
    cv::GaussianBlur(wide, blurred, cv::Size(0, 0), sigma);
    cv::Mat base = wide.clone();
    for (int y = 0; y < base.rows; ++y)
      for (int x = 0; x < base.cols; ++x) {
        const int a = soft.at<uint8_t>(y, x);
        cv::Vec3b& d = base.at<cv::Vec3b>(y, x);
        const cv::Vec3b& s2 = blurred.at<cv::Vec3b>(y, x);
        for (int c = 0; c < 3; ++c) d[c] = uint8_t((s2[c] * a + d[c] * (255 - a) + 127) / 255);
      }
    r.baseCrop = toRgb(base);
  }
  faces::Face g = again[0];
  if (!g.hasKps) st.landmarker->landmarks(wide, g);
  r.embedding = st.embedder->embed(faces::alignFace(wide, g.kps, st.embedder->inputSize()));
  r.used = true;
  r.message = r.facesFound == 1 ? "1 face"
                                : std::to_string(r.facesFound) + " faces, using the most confident";
  return r;
}

}  // namespace hl::identity
