// What a front end asks about models before anything is loaded: discovery of a model set with
// its plain-words report, the validation of every file, and whether a CUDA device is there.
#pragma once

#include <string>

#include "models/discovery.h"
#include "models/model_check.h"

namespace hl::studio {

ModelSet discover(const std::string& root, const DiscoveryOptions& options = {});
ModelSetCheck verify(const ModelSet& set);  // opens and checks every file (seconds)
int cudaDevices();                          // 0 when this build or machine has none
// Per-component placement overrides as typed ("vae=cpu:fp32, unet=bf16"): "" when they read,
// else why not.
std::string checkPlacement(const std::string& overrides);

}  // namespace hl::studio
