// What a generation's activations need at least, from the model configs and the image size, so
// that a request that cannot fit is refused with a message before anything is allocated
// (instead of the process being killed by the kernel or the driver).
#pragma once

#include <cstdint>
#include <string>

#include "models/configs.h"
#include "runtime/device_memory.h"

namespace hl {

struct ActivationEstimate {
  int64_t unetBytes = 0;    // skip connections kept for the up path + the largest block's work
  int64_t decodeBytes = 0;  // VAE decode (one tile when tiled) + the output image
  int64_t total() const { return unetBytes + decodeBytes; }
};

struct EstimateInput {
  int64_t width = 0, height = 0;
  int64_t batch = 2;         // 2 with CFG
  int64_t elementBytes = 4;  // the UNet's and VAE's compute dtype
  int64_t controlNets = 0;   // each adds its residuals
  int64_t decodeTile = 0;    // latent tile side when decoding in tiles, 0 for one pass
};

// A lower bound: the tensors that are alive together at the peaks, without allocator slack.
ActivationEstimate estimateActivations(const UnetConfig& unet, const VaeConfig& vae,
                                       const EstimateInput& in);

// Throws hl::OutOfMemory ("WxH needs at least X GB ... Y GB free ...; try ...") when the
// estimate exceeds the free memory (unknown free memory: no check).
void requireActivationsFit(const ActivationEstimate& e, const DeviceMemory& free,
                           const std::string& device, int64_t width, int64_t height);

}  // namespace hl
