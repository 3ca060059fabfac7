// SDXL ControlNets as diffusers' ControlNetModel computes them: the control image embedded at
// pixel size and added after conv_in, the UNet's down and mid path on the ControlNet's own
// weights, then a 1x1 zero convolution per skip state and for the mid block, times the scale.
// Loaded from a diffusers folder or from one .safetensors with the same keys (the layout of
// the common SDXL single-file ControlNets), with the config inferred when there is none.
#pragma once

#include <ATen/core/Tensor.h>

#include <memory>
#include <string>
#include <vector>

#include "models/controlnet_config.h"
#include "nn/nn.h"
#include "sdxl/unet.h"

namespace hl {

// One control image of a ControlNet call. `type` is a union model's control type (see
// unionControlTypeNames; -1 = none, which plain ControlNets and a union model's "auto" take).
struct ControlImage {
  at::Tensor image;  // NCHW float in [0, 1] at the output size, batch 1 or the UNet's
  int type = -1;
  double scale = 1.0;
};

class ControlNet {
 public:
  ControlNet(ControlNetConfig config, nn::Weights weights);
  // A folder (config.json + diffusion_pytorch_model[.fp16].safetensors) or a single file;
  // `base` supplies what a file without config cannot tell (head width, norms).
  static ControlNet load(const std::string& path, const UnetConfig& base, at::ScalarType dtype,
                         at::Device device);

  // `cond` is the control image as NCHW float in [0, 1] at the output size (batch 1 or the
  // UNet's batch). Same inputs as the UNet; `scale` multiplies every residual.
  ControlResiduals forward(const UnetInputs& in, const at::Tensor& cond, double scale,
                           const nn::Tap& tap = {}) const;
  // Several images in one call fuse in a union model (diffusers' ControlNetUnionModel with a
  // list of images: each weighted by its scale, the residuals unscaled); one image, or a plain
  // ControlNet, has its residuals scaled. Images all typed, or all "auto" (then the union
  // model runs as a plain ControlNet, as ComfyUI's auto type does).
  ControlResiduals forward(const UnetInputs& in, const std::vector<ControlImage>& images,
                           const nn::Tap& tap = {}) const;
  // The embedded control image (controlnet_cond_embedding).
  at::Tensor embedCondition(const at::Tensor& cond) const;

  const ControlNetConfig& config() const { return config_; }
  const std::string& name() const { return name_; }
  // The ControlNet's weights (the UNet encoder's copy), for the memory modes.
  nn::Weights& weights() { return encoder_->weights(); }
  const nn::Weights& weights() const { return encoder_->weights(); }

 private:
  at::Tensor checkedCondition(const at::Tensor& cond, const at::Tensor& sample) const;
  // The union models' additions to the shared down path (controlnet_union.cpp).
  EncoderExtras unionExtras(const UnetInputs& in, const std::vector<ControlImage>& images,
                            const nn::Tap& tap) const;
  at::Tensor unionTransformer(at::Tensor tokens) const;

  ControlNetConfig config_;
  std::unique_ptr<Unet> encoder_;  // the UNet code on the ControlNet's weights
  std::string name_;
};

// uint8 HWC RGB [H, W, 3] or [B, H, W, 3] -> float NCHW in [0, 1] (what the pipelines feed).
at::Tensor controlImageTensor(const at::Tensor& hwcUint8);

}  // namespace hl
