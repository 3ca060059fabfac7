// CLIP text encoders as SDXL uses them: CLIPTextModel (ViT-L/14, quick_gelu) and
// CLIPTextModelWithProjection (OpenCLIP bigG/14, gelu, text_projection), transformers semantics.
#pragma once

#include <ATen/core/Tensor.h>

#include <vector>

#include "models/configs.h"
#include "nn/nn.h"

namespace hl {

struct ClipTextOutput {
  std::vector<at::Tensor> hiddenStates;  // [0] = embeddings, [i] = after layer i (no final LN)
  at::Tensor lastHiddenState;            // final_layer_norm(hiddenStates.back())
  at::Tensor pooled;                     // final-LN state at the eos position [B, hidden]
  at::Tensor textEmbeds;                 // text_projection(pooled) when the model has one
};

class ClipTextEncoder {
 public:
  // `weights` uses transformers names ("text_model.…", "text_projection.weight").
  ClipTextEncoder(ClipTextConfig config, nn::Weights weights);
  // A transformers folder's config.json + model.safetensors, checked against the config first.
  static ClipTextEncoder load(const std::string& configJson, const std::string& weightsFile,
                              at::ScalarType dtype, at::Device device);

  // ids [B, L] int64. `stopAtLayer` > 0 runs only that many layers (SDXL needs
  // hidden_states[-2], so the last layer can be skipped); pooling then is not computed.
  ClipTextOutput forward(const at::Tensor& ids, int stopAtLayer = 0) const;

  const ClipTextConfig& config() const { return config_; }
  nn::Weights& weights() { return weights_; }
  const nn::Weights& weights() const { return weights_; }

 private:
  ClipTextConfig config_;
  nn::Weights weights_;
};

}  // namespace hl
