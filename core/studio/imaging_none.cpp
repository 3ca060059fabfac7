// Torch-only builds have no OpenCV: conditioning images need the full build.
#include "studio/imaging.h"
#include "util/error.h"

namespace hl::studio {
namespace {
[[noreturn]] void none() {
  throw Error(
      "this build has no image processing (built with HYPERLORA_TORCH_ONLY, without "
      "OpenCV): control images, img2img, masks and the face-detail pass need the full build");
}
}  // namespace

RgbImage loadPicture(const std::string&) {
  none();
}
RgbImage resizePicture(const RgbImage&, int, int) {
  none();
}
RgbImage coverPicture(const RgbImage&, int, int) {
  none();
}
RgbImage cannyPicture(const RgbImage&, int, int) {
  none();
}
RgbImage faceKeypointPicture(int, int, const std::vector<std::array<float, 2>>&) {
  none();
}
std::vector<float> pictureMask(const RgbImage&, int, int, int, int) {
  none();
}
std::vector<float> softBox(int, int, const std::array<float, 4>&, int) {
  none();
}

}  // namespace hl::studio
