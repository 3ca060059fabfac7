// A declared stack of LoRAs on a model (user LoRAs, the identity's ID-LoRA and Base-LoRA, each
// with a strength). Applying a new stack recomputes only the weights whose contributions
// changed, restores the weights no LoRA touches any more, and leaves every other weight alone:
// an unchanged stack merges nothing, a slider move re-merges only the weights its LoRA touches.
#pragma once

#include <array>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "lora/lora.h"

namespace hl {

struct LoraEntry {
  // Names the LoRA's contents: a file and its modification time, or a generated LoRA's version.
  // Two entries with the same key must hold the same tensors.
  std::string key;
  std::shared_ptr<const LoraFile> file;
  double strength = 1.0;
};

struct StackReport {
  size_t merged = 0;                   // weights recomputed
  size_t restored = 0;                 // weights given back their original tensors
  size_t kept = 0;                     // merged weights left as they were
  size_t applied = 0;                  // LoRA layers that found their weight
  std::vector<std::string> unmatched;  // LoRA modules with no weight in this model
};

class LoraStack {
 public:
  // patchers: UNet, text_encoder, text_encoder_2 (null = that component takes no LoRA).
  LoraStack(const LoraTargets* targets, std::array<WeightPatcher*, 3> patchers)
      : targets_(targets), patchers_(patchers) {}

  StackReport apply(const std::vector<LoraEntry>& entries);
  // Forgets what is merged, so the next apply recomputes every weight it touches.
  void invalidate() { signature_.clear(); }
  const std::vector<LoraEntry>& entries() const { return entries_; }

 private:
  struct Contribution {
    std::string key;
    double scale;
    const LoraLayer* layer;
    bool operator==(const Contribution& o) const { return key == o.key && scale == o.scale; }
  };
  using WeightKey = std::pair<int, std::string>;  // component, weight name
  StackReport applyOrThrow(const std::vector<LoraEntry>& entries);
  const LoraTargets* targets_;
  std::array<WeightPatcher*, 3> patchers_;
  std::map<WeightKey, std::vector<Contribution>> signature_;
  std::vector<LoraEntry> entries_;  // keeps the merged LoRAs' files alive
};

}  // namespace hl
