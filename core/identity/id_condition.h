// HyperLoRA's ID condition (research/hyperlora.md §3.3): from a photo and its faces to the two
// network inputs - the background-removed CLIP crop and the ArcFace embedding of the face found
// again in a 2x crop of the original. An image whose re-detection fails is dropped from both.
#pragma once

#include <opencv2/core.hpp>
#include <string>
#include <vector>

#include "util/progress.h"
#include "vision/faces.h"

namespace hl::identity {

// Fills a polygon with integer vertices as Pillow's ImageDraw.polygon(fill=...) does.
void fillPolygonPillow(cv::Mat& mask, const std::vector<cv::Point>& poly, uint8_t value);

// The outline polygon (jaw contour + brow line) for 106- or 68-point landmarks.
std::vector<cv::Point2f> outline(const std::vector<cv::Point2f>& landmarks);

struct FaceBox {
  float cx = 0, cy = 0, l = 0;  // centre and half side of the CLIP crop
};
FaceBox faceBox(const std::vector<cv::Point2f>& landmarks);

// Pixels outside the image are black; box corners rounded as Pillow's crop does.
cv::Mat cropPadded(const cv::Mat& img, double x0, double y0, double x1, double y1);

// The photo with everything outside the face outline faded into grey 127 through a blurred mask.
cv::Mat removeBackground(const cv::Mat& bgr, const std::vector<cv::Point2f>& landmarks);

struct ReferenceResult {
  std::string source;
  int imageWidth = 0, imageHeight = 0;  // the decoded photo (EXIF applied); face coordinates are in it
  int facesFound = 0;
  int faceUsed = -1;          // index in score order (0 = highest score, as insightface)
  bool used = false;          // false: dropped from both streams
  std::string message;        // plain-words status: "1 face", "3 faces, using the most confident"...
  faces::Face face;           // the face used (box, keypoints, landmarks)
  RgbImage clipCrop;          // the crop the CLIP encoder sees (before its own resize)
  // Base-LoRA input: the 2x crop with the face itself blurred away, keeping hair, head shape and
  // surroundings (the official node's exact crop is not public; this follows the paper's
  // "blurred-face inputs").
  RgbImage baseCrop;
  std::vector<float> embedding;  // ArcFace, L2-normalised
};

struct FaceStack {
  faces::FaceDetector* detector = nullptr;
  faces::FaceLandmarker* landmarker = nullptr;
  faces::FaceEmbedder* embedder = nullptr;
};

// Runs §3.3 on one image (BGR). Never throws for "no face": the result says why it was dropped.
ReferenceResult prepareReference(const cv::Mat& bgr, const FaceStack& stack, const std::string& source = "");

}  // namespace hl::identity
