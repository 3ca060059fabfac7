#include "sdxl/memory_estimate.h"

#include <algorithm>
#include <cstdio>

#include "util/error.h"

namespace hl {
namespace {

std::string gigabytes(int64_t bytes) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f GB", double(bytes) / 1e9);
  return buf;
}

}  // namespace

ActivationEstimate estimateActivations(const UnetConfig& unet, const VaeConfig& vae,
                                       const EstimateInput& in) {
  ActivationEstimate e;
  const int64_t lh = in.height / 8, lw = in.width / 8;
  // UNet: conv_in's output, each down layer's output and each downsampler's, kept for the up path
  // (and once more per ControlNet, as its residuals); at the widest level, the block's input,
  // output, norm and the feed-forward's 8x-wide GEGLU projection are alive together.
  int64_t skips = 0, widest = 0;
  const size_t levels = unet.blockOutChannels.size();
  for (size_t l = 0; l < levels; ++l) {
    const int64_t res = (lh >> l) * (lw >> l), c = unet.blockOutChannels[l];
    skips += (l == 0 ? c * res : 0) + unet.layersPerBlock * c * res;
    if (l + 1 < levels) skips += c * (lh >> (l + 1)) * (lw >> (l + 1));
    widest = std::max(widest, c * res);
  }
  e.unetBytes = in.batch * in.elementBytes * (skips * (1 + in.controlNets) + 11 * widest);
  // VAE decode: at full resolution the second-widest up block's channels (after its upsampler)
  // and the last block's, input and output of a convolution at once, over one tile or the image;
  // then the float image and its 8-bit copy.
  const size_t nb = vae.blockOutChannels.size();
  const int64_t cLast = vae.blockOutChannels.front(),
                cPrev = nb > 1 ? vae.blockOutChannels[1] : cLast;
  const int64_t th = in.decodeTile > 0 ? std::min(lh, in.decodeTile) : lh;
  const int64_t tw = in.decodeTile > 0 ? std::min(lw, in.decodeTile) : lw;
  const int64_t pixels = th * 8 * tw * 8;
  e.decodeBytes =
      in.elementBytes * pixels * (2 * cPrev + cLast) + in.width * in.height * 3 * (4 + 4 + 1);
  return e;
}

void requireActivationsFit(const ActivationEstimate& e, const DeviceMemory& free,
                           const std::string& device, int64_t width, int64_t height) {
  if (free.freeBytes < 0 || e.total() <= free.freeBytes) return;
  throw OutOfMemory(std::to_string(width) + "x" + std::to_string(height) + " needs at least " +
                    gigabytes(e.total()) + " for its activations (UNet " + gigabytes(e.unetBytes) +
                    ", decode " + gigabytes(e.decodeBytes) + ") but " + device + " has " +
                    gigabytes(free.freeBytes) + " free of " + gigabytes(free.totalBytes) +
                    "; nothing was started. Try a smaller size (then upscale with the hires fix)");
}

}  // namespace hl
