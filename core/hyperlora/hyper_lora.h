// The HyperLoRA hypernetwork (official ComfyUI-HyperLoRA semantics): IdProjector, Resampler
// (perceiver blocks over 8 query tokens per UNet attention module), the mean over reference
// images and per-token L2 normalisation, and the HyperLoraModule weight synthesis that turns
// coefficient tokens into a kohya LoRA (see ../shared/research/hyperlora.md).
#pragma once

#include <ATen/core/Tensor.h>

#include <memory>
#include <string>
#include <vector>

#include "models/configs.h"
#include "nn/nn.h"
#include "tensor/tensor_io.h"

namespace hl {

struct IdentityTokens {
  at::Tensor perImage;        // proj_out per reference image [N, 8*modules, hyper_dim]
  at::Tensor meanBeforeNorm;  // [1, 8*modules, hyper_dim]
  at::Tensor tokens;          // normalised [1, 8*modules, hyper_dim]
};

// x * rsqrt(sum(x^2, -1) + 1e-8), HyperLoRA's norm_out.
at::Tensor normalizeTokens(const at::Tensor& x);

enum class InterpolationMode {
  MixRawThenNormalize,  // norm((1-t) * meanA + t * meanB): stays on the unit sphere (default)
  MixNormalized,        // (1-t) * tokensA + t * tokensB, not renormalised
};

class HyperLora {
 public:
  // A variant folder (hyper_lora_modules.json/.safetensors, resampler, id_projector, optional
  // base_resampler and config.json). `clipHidden` is the image encoder's width. The networks
  // run in `dtype` on `device`; the bases stay memory-mapped on the CPU unless the synthesis is
  // placed on a GPU, where they are uploaded once in their file dtype.
  static std::unique_ptr<HyperLora> load(const std::string& folder, int64_t clipHidden,
                                         at::ScalarType dtype, at::Device device,
                                         at::Device synthesisDevice = at::kCPU);

  // From tensors already in memory (benchmarks, tests); shapes are checked like load().
  // `basesFile`: the mapped file the bases are views of, if they are.
  static std::unique_ptr<HyperLora> fromWeights(
      HyperLoraConfig config, std::vector<HyperLoraModuleEntry> modules, nn::Weights resampler,
      nn::Weights idProjector, nn::Weights bases,
      std::shared_ptr<const st::File> basesFile = nullptr);
  // Between syntheses the memory-mapped bases need not be resident: their pages go back to the
  // page cache and the next synthesis maps them again. Nothing when they were copied.
  void releaseBases() const {
    if (basesFile_) basesFile_->releasePages();
  }

  const HyperLoraConfig& config() const { return config_; }
  const std::vector<HyperLoraModuleEntry>& modules() const { return modules_; }
  bool hasBaseLora() const { return baseResampler_ != nullptr; }

  at::Tensor idTokens(const at::Tensor& idEmbeds) const;  // [N, 1, 512] -> [N, T, clipHidden]
  // ID path: clip = CLIP hidden_states[-2] [N, 257, E], idEmbeds [N, 1, 512].
  IdentityTokens generateId(const at::Tensor& clip, const at::Tensor& idEmbeds) const;
  // Base path (base resampler on CLIP features only). Throws when the variant has none.
  IdentityTokens generateBase(const at::Tensor& clip) const;

  // Tokens -> kohya LoRA tensors "<module>_<to_q|to_k|to_v|to_out_0>.<lora_down.weight|
  // lora_up.weight|alpha>" in module-list order (alpha = rank / 2, float32).
  st::NamedTensors makeLora(const at::Tensor& tokens, bool base = false) const;

  // The generated LoRA as the official Save LoRA node writes it: kohya names, lora_down/lora_up
  // in fp16, alpha float32. Atomic write; loadable by ComfyUI, A1111 and LoraFile::load.
  static void exportLora(const std::string& path, const st::NamedTensors& lora,
                         const std::vector<std::pair<std::string, std::string>>& metadata = {});

  static at::Tensor interpolate(const IdentityTokens& a, const IdentityTokens& b, double t,
                                InterpolationMode mode);

 private:
  HyperLora() = default;
  // What the first block computes from the learned queries alone (its self-attention output and
  // the cross-attention's query projection) does not depend on the image: computed once per
  // resampler when the weights arrive, it saves 8% of every reference's resampler FLOPs.
  struct QueryStart {
    at::Tensor latents;  // [1, Q, D] after block 0's self-attention
    at::Tensor query2;   // [1, Q, inner] block 0's attn2 to_q
  };
  static QueryStart queryStart(const nn::Weights& w, int64_t heads);
  at::Tensor resample(const nn::Weights& w, const QueryStart& start, const at::Tensor& x,
                      const at::Tensor& y) const;

  HyperLoraConfig config_;
  std::vector<HyperLoraModuleEntry> modules_;
  nn::Weights resampler_{"HyperLoRA resampler"}, idProjector_{"HyperLoRA id projector"},
      bases_{"HyperLoRA bases"};
  std::shared_ptr<const st::File> basesFile_;  // set when bases_ are views of its mapping
  std::unique_ptr<nn::Weights> baseResampler_;
  QueryStart idStart_, baseStart_;
};

}  // namespace hl
