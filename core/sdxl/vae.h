// AutoencoderKL (diffusers semantics): encoder to the latent distribution, decoder back to
// pixels, plus a tiled decoder for large images.
#pragma once

#include <ATen/core/Tensor.h>

#include <string>

#include "models/configs.h"
#include "nn/nn.h"

namespace hl {

struct LatentDistribution {
  at::Tensor mean, logvar, std;
};

class Vae {
 public:
  Vae(VaeConfig config, nn::Weights weights);
  // config.json + weights; accepts the old attention names (query/key/value/proj_attn).
  static Vae load(const std::string& configJson, const std::string& weightsFile,
                  at::ScalarType dtype, at::Device device);
  static Vae loadDiffusers(const std::string& folder, at::ScalarType dtype, at::Device device);

  // image [B, 3, H, W] in [-1, 1].
  LatentDistribution encode(const at::Tensor& image, const nn::Tap& tap = {}) const;
  // latents already divided by scaling_factor -> image [B, 3, 8h, 8w], unclamped.
  at::Tensor decode(const at::Tensor& latents, const nn::Tap& tap = {}) const;
  // The same, tile by tile (tile and overlap in latent pixels), blending the overlaps linearly.
  at::Tensor decodeTiled(const at::Tensor& latents, int64_t tile = 64, int64_t overlap = 16) const;

  const VaeConfig& config() const { return config_; }
  nn::Weights& weights() { return weights_; }

 private:
  at::Tensor resnet(const at::Tensor& x, const std::string& p) const;
  at::Tensor midBlock(const at::Tensor& x, const std::string& p, const nn::Tap& tap) const;

  at::Tensor layout(const at::Tensor& x) const;  // the activations' layout, as the weights'
  VaeConfig config_;
  nn::Weights weights_;
  bool channelsLast_ = false;
};

// Maps older diffusers VAE attention names onto the current ones (empty = unchanged).
std::string vaeLegacyName(const std::string& name);

}  // namespace hl
