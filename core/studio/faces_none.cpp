// Torch-only builds have no OpenCV and so no face stack.
#include "studio/faces.h"
#include "util/error.h"

namespace hl::studio {

std::unique_ptr<FaceAnalyser> openFaceAnalyser(const std::string& folder) {
  throw Error(folder +
              ": this build has no face stack (built with HYPERLORA_TORCH_ONLY, without "
              "OpenCV): identities from photos need the full build");
}

}  // namespace hl::studio
