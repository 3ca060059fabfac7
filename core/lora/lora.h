// kohya-format LoRAs (lora_unet_*, lora_te1_*, lora_te2_*; .lora_down/.lora_up/.alpha; linear
// and conv) in both UNet naming schemes, merged the way ComfyUI does it:
//   W += strength * (alpha / rank) * (up.flatten(1) @ down.flatten(1)).reshape(W.shape)
// computed in float32 and cast back, rank = lora_down.shape[0] (no alpha: scale 1). Merged
// weights go to separate buffers and the originals are kept, so removing LoRAs restores them
// bit for bit; HyperLoRA's sliders re-merge through the same routine.
#pragma once

#include <ATen/core/Tensor.h>

#include <memory>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "models/configs.h"
#include "models/kohya_names.h"
#include "nn/nn.h"

namespace hl {

struct LoraLayer {
  std::string module;  // kohya module name, e.g. "lora_unet_input_blocks_4_1_proj_in"
  at::Tensor down, up;
  double alpha = 0;      // 0 = absent
  double scale() const;  // alpha / rank, or 1 without alpha
};

struct LoraFile {
  std::string name;  // file stem or a label
  std::vector<LoraLayer> layers;
  static LoraFile load(const std::string& path);  // throws naming the file and the tensor
  // From in-memory tensors named "<module>.lora_down.weight" etc. (e.g. a generated ID-LoRA).
  static LoraFile fromTensors(const std::string& name,
                              const std::vector<std::pair<std::string, at::Tensor>>& tensors);
};

// Adds LoRA deltas to a weight store, remembering the original of each touched tensor.
// A merge set runs between begin() and end(): the first delta on a weight in a set is computed
// from the pristine copy (so a slider move costs one pass per weight, not restore + merge), and
// weights the previous set touched but this one does not go back to their original bits.
//
// At run time (`runtime`), linear weights (2-d) are not rewritten at all: each delta becomes a
// low-rank term that nn::linear adds to the layer's output, so a LoRA costs no copy of the
// weights it touches and a strength change no pass over them (diffusers' unfused PEFT layers,
// sd.cpp's at_runtime mode). Convolution weights are merged either way.
class WeightPatcher {
 public:
  explicit WeightPatcher(nn::Weights* weights, bool runtime = false)
      : weights_(weights), runtime_(runtime) {}
  bool runtime() const { return runtime_; }
  void begin();
  // Allocates the merged buffers of these weights in one block (one populated mapping on Linux:
  // first-touch page faults were most of a first merge); optional, addLowRank allocates alone.
  void reserve(const std::vector<std::string>& weights);
  // W = (first in this set ? W0 : W) + scale * up @ down, in float32, cast back. The result goes
  // to a separate buffer that replaces W in the weights; W0 itself is never written, so weights
  // memory-mapped from a checkpoint stay shared, clean pages and need no pristine copy.
  void addLowRank(const std::string& weight, const at::Tensor& up, const at::Tensor& down,
                  double scale);
  // Keeps a merged weight as it is through this set (its LoRAs did not change).
  void keep(const std::string& weight);
  void end();
  // Every touched weight back to its original tensor.
  void restore() {
    begin();
    end();
  }
  size_t touched() const { return pristine_.size() + terms_.size(); }

 private:
  bool addTerm(const std::string& weight, const at::Tensor& up, const at::Tensor& down,
               double scale);
  nn::Weights* weights_;
  bool runtime_;
  std::unordered_set<std::string> terms_;  // weights carrying runtime terms (held by weights_)
  std::unordered_map<std::string, at::Tensor> pristine_;  // the original tensors
  std::unordered_map<std::string, at::Tensor> merged_;    // what the weights hold instead
  std::unordered_map<std::string, bool> inSet_;
};

struct LoraApplyReport {
  size_t applied = 0;
  std::vector<std::string> unmatched;  // module names with no target in this model
};

// Merges `lora` at `strength` into the components through their patchers (null = skip).
LoraApplyReport applyLora(const LoraFile& lora, double strength, const LoraTargets& targets,
                          WeightPatcher* unet, WeightPatcher* te1, WeightPatcher* te2);

// Energy of a LoRA per UNet block: for each block, the sum over its layers of
// ||scale * up @ down||_F^2 (the squared size of the weight change at strength 1). Blocks are
// named as diffusers does ("down_blocks.1.attentions.0", "mid_block.attentions.0",
// "up_blocks.0.resnets.2") whichever naming the file uses, and listed in UNet order (down, mid,
// up). Text-encoder layers and names that are not UNet blocks are left out.
std::vector<std::pair<std::string, double>> unetBlockEnergy(const LoraFile& lora);

}  // namespace hl
