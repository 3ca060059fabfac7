// CLIP ViT image tower (transformers' CLIPVisionModelWithProjection). HyperLoRA consumes
// hidden_states[-2]: the output of the penultimate layer, with no post-layernorm.
#pragma once

#include <ATen/core/Tensor.h>

#include <string>
#include <vector>

#include "models/configs.h"
#include "nn/nn.h"

namespace hl {

struct ClipVisionOutput {
  std::vector<at::Tensor> hiddenStates;  // [0] = pre_layrnorm(embeddings), [i] = after layer i
  at::Tensor pooled;                     // post_layernorm(CLS of the last layer)
  at::Tensor imageEmbeds;                // visual_projection(pooled)
};

class ClipVision {
 public:
  ClipVision(ClipVisionConfig config, nn::Weights weights);
  // config.json + model.safetensors (the full openai CLIP file is accepted: only vision_model.*
  // and visual_projection are read).
  static ClipVision load(const std::string& folder, at::ScalarType dtype, at::Device device);

  // pixels [N, 3, S, S]. `stopAtLayer` > 0 runs only that many layers (no pooling then).
  ClipVisionOutput forward(const at::Tensor& pixels, int stopAtLayer = 0) const;
  // hidden_states[-2], running only the layers it needs.
  at::Tensor penultimate(const at::Tensor& pixels) const;
  const ClipVisionConfig& config() const { return config_; }

 private:
  ClipVisionConfig config_;
  nn::Weights weights_;
};

}  // namespace hl
