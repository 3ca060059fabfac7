#include "studio/models.h"

#include "runtime/placement.h"
#include "util/error.h"

namespace hl::studio {

ModelSet discover(const std::string& root, const DiscoveryOptions& options) {
  return discoverModels(root, options);
}

ModelSetCheck verify(const ModelSet& set) {
  return verifyModelSet(set);
}

int cudaDevices() {
  return cudaAvailable() ? cudaDeviceCount() : 0;
}

std::string checkPlacement(const std::string& overrides) {
  try {
    PlacementRequest r;
    r.overrides = PlacementRequest::parseOverrides(overrides);
    choosePlacement(r);
    return {};
  } catch (const Error& e) {
    return e.what();
  }
}

}  // namespace hl::studio
