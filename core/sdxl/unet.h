// SDXL's UNet2DConditionModel (diffusers semantics): sinusoidal time and text_time embeddings
// with micro-conditioning, ResNet blocks, transformer blocks with GEGLU, down/up samplers.
#pragma once

#include <ATen/core/Tensor.h>

#include <string>

#include "models/configs.h"
#include "nn/nn.h"

namespace hl {

struct UnetInputs {
  at::Tensor sample;                // [B, C, H, W] latents (already scaled by the sampler)
  at::Tensor timestep;              // [B] float (or a single value for all items)
  at::Tensor encoderHiddenStates;   // [B, L, cross_attention_dim], any L (77 per chunk)
  at::Tensor textEmbeds;            // [B, pooled dim]
  at::Tensor timeIds;               // [B, 6]: orig h, orig w, crop top, crop left, target h, w
};

class Unet {
 public:
  Unet(UnetConfig config, nn::Weights weights);
  // A diffusers unet/ folder (config.json + diffusion_pytorch_model[.fp16].safetensors).
  static Unet loadDiffusers(const std::string& folder, at::ScalarType dtype, at::Device device);
  static Unet load(const std::string& configJson, const std::string& weightsFile,
                   at::ScalarType dtype, at::Device device);

  // Runs in the weights' dtype; `tap` receives module outputs by diffusers module path.
  at::Tensor forward(const UnetInputs& in, const nn::Tap& tap = {}) const;

  const UnetConfig& config() const { return config_; }
  nn::Weights& weights() { return weights_; }
  const nn::Weights& weights() const { return weights_; }

 private:
  at::Tensor resnet(const at::Tensor& x, const at::Tensor& embSilu, const std::string& p,
                    const nn::Tap& tap) const;
  at::Tensor transformer(const at::Tensor& x, const at::Tensor& context, const std::string& p,
                         int64_t depth, int64_t heads, const nn::Tap& tap) const;

  UnetConfig config_;
  nn::Weights weights_;
  bool channelsLast_ = false;
};

// diffusers' get_timestep_embedding: [N] -> [N, dim] in float32.
at::Tensor timestepEmbedding(const at::Tensor& t, int64_t dim, bool flipSinToCos, double freqShift);

}  // namespace hl
