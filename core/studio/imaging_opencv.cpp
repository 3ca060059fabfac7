#include "studio/imaging.h"
#include "vision/control_images.h"
#include "vision/image.h"

namespace hl::studio {

RgbImage loadPicture(const std::string& path) {
  return loadImageRgb(path);
}
RgbImage resizePicture(const RgbImage& in, int w, int h) {
  return resizeLanczos(in, w, h);
}
RgbImage coverPicture(const RgbImage& in, int w, int h) {
  return coverCrop(in, w, h);
}
RgbImage cannyPicture(const RgbImage& in, int low, int high) {
  return cannyEdges(in, low, high);
}
RgbImage faceKeypointPicture(int w, int h, const std::vector<std::array<float, 2>>& kps) {
  return drawFaceKeypoints(w, h, kps);
}
std::vector<float> pictureMask(const RgbImage& in, int w, int h, int grow, int blur) {
  return maskFromImage(in, w, h, grow, blur);
}
std::vector<float> softBox(int w, int h, const std::array<float, 4>& box, int feather) {
  return featheredBox(w, h, box, feather);
}

}  // namespace hl::studio
