// Umeyama similarity estimation and the ArcFace crop, on synthetic data (no models needed).
#include <cmath>
#include <opencv2/imgproc.hpp>

#include "check.h"
#include "util/error.h"
#include "vision/faces.h"

using namespace hl::faces;

HL_TEST(recoversASimilarity) {
  // Points moved by a known rotation, scale and shift come back to the template exactly.
  const double angle = 0.3, scale = 2.5, tx = 140, ty = 75;
  std::vector<cv::Point2f> moved, tmpl(arcfaceTemplate().begin(), arcfaceTemplate().end());
  for (const auto& p : tmpl)
    moved.emplace_back(float(scale * (std::cos(angle) * p.x - std::sin(angle) * p.y) + tx),
                       float(scale * (std::sin(angle) * p.x + std::cos(angle) * p.y) + ty));
  cv::Mat M = umeyama(moved, tmpl);
  for (size_t i = 0; i < moved.size(); ++i) {
    const double x =
        M.at<double>(0, 0) * moved[i].x + M.at<double>(0, 1) * moved[i].y + M.at<double>(0, 2);
    const double y =
        M.at<double>(1, 0) * moved[i].x + M.at<double>(1, 1) * moved[i].y + M.at<double>(1, 2);
    HL_CHECK(std::abs(x - tmpl[i].x) < 1e-3 && std::abs(y - tmpl[i].y) < 1e-3);
  }
  HL_CHECK(std::abs(std::hypot(M.at<double>(0, 0), M.at<double>(1, 0)) - 1.0 / scale) < 1e-6);
  // A mirrored point set still gives a proper rotation (no reflection), as skimage does.
  std::vector<cv::Point2f> mirrored;
  for (const auto& p : tmpl) mirrored.emplace_back(-p.x, p.y);
  cv::Mat R = umeyama(mirrored, tmpl)(cv::Rect(0, 0, 2, 2));
  HL_CHECK(cv::determinant(R) > 0);
  HL_CHECK_THROWS(hl::Error, umeyama({cv::Point2f(0, 0)}, {cv::Point2f(1, 1)}));
}

HL_TEST(cropPutsTheKeypointsOnTheTemplate) {
  // Draw dots at five keypoints; after alignment they sit on the ArcFace template.
  cv::Mat img(400, 500, CV_8UC3, cv::Scalar(0, 0, 0));
  std::array<cv::Point2f, 5> kps;
  for (int i = 0; i < 5; ++i) {
    const auto& t = arcfaceTemplate()[size_t(i)];
    kps[size_t(i)] = cv::Point2f(200 + 2.0f * t.x, 100 + 2.0f * t.y);
    cv::circle(img, kps[size_t(i)], 4, cv::Scalar(255, 255, 255), cv::FILLED);
  }
  cv::Mat crop = alignFace(img, kps);
  HL_CHECK_EQ(crop.size(), cv::Size(112, 112));
  for (const auto& t : arcfaceTemplate())
    HL_CHECK(crop.at<cv::Vec3b>(int(std::lround(t.y)), int(std::lround(t.x)))[0] > 200);
  HL_CHECK(crop.at<cv::Vec3b>(5, 5)[0] == 0);
}
