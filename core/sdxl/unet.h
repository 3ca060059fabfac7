// SDXL's UNet2DConditionModel (diffusers semantics): sinusoidal time and text_time embeddings
// with micro-conditioning, ResNet blocks, transformer blocks with GEGLU, down/up samplers.
#pragma once

#include <ATen/core/Tensor.h>

#include <functional>
#include <string>
#include <vector>

#include "models/configs.h"
#include "nn/nn.h"

namespace hl {

struct UnetInputs {
  at::Tensor sample;               // [B, C, H, W] latents (already scaled by the sampler)
  at::Tensor timestep;             // [B] float (or a single value for all items)
  at::Tensor encoderHiddenStates;  // [B, L, cross_attention_dim], any L (77 per chunk)
  at::Tensor textEmbeds;           // [B, pooled dim]
  at::Tensor timeIds;              // [B, 6]: orig h, orig w, crop top, crop left, target h, w
};

// ControlNet residuals: one per skip state (the UNet's down_block_res_samples order) and one
// for the mid block output, already scaled.
struct ControlResiduals {
  std::vector<at::Tensor> down;
  at::Tensor mid;
  void add(const ControlResiduals& other);  // several ControlNets sum their residuals
};

// What a ControlNet adds to the down path it shares with the UNet: a term of the time
// embedding (the union models' control types) and what to add to conv_in's output, given that
// output (the union models fuse their control images with it).
struct EncoderExtras {
  at::Tensor timeEmbedding;
  std::function<at::Tensor(const at::Tensor& convIn)> afterConvIn;
};

// The down path's results: embeddings, skip states and the mid block output.
struct UnetEncoding {
  at::Tensor embSilu, context, mid;
  std::vector<at::Tensor> skips;
};

class Unet {
 public:
  Unet(UnetConfig config, nn::Weights weights);
  // A diffusers unet/ folder (config.json + diffusion_pytorch_model[.fp16].safetensors).
  static Unet loadDiffusers(const std::string& folder, at::ScalarType dtype, at::Device device);
  static Unet load(const std::string& configJson, const std::string& weightsFile,
                   at::ScalarType dtype, at::Device device);

  // Runs in the weights' dtype; `tap` receives module outputs by diffusers module path.
  // `control` adds ControlNet residuals to the skip states and the mid block output.
  at::Tensor forward(const UnetInputs& in, const nn::Tap& tap = {},
                     const ControlResiduals* control = nullptr) const;
  // The two halves of forward. A ControlNet runs encode on its own weights with its extras.
  UnetEncoding encode(const UnetInputs& in, const nn::Tap& tap = {},
                      const EncoderExtras& extras = {}) const;
  at::Tensor decode(UnetEncoding e, const nn::Tap& tap = {},
                    const ControlResiduals* control = nullptr) const;
  bool channelsLast() const { return channelsLast_; }

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
