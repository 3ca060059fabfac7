// kohya LoRA module names (lora_unet_*, lora_te1_*, lora_te2_*) to the weights they change, in
// both UNet naming schemes (diffusers and LDM). Names come from outside files: no torch here,
// so the fuzz targets build it alone.
#pragma once

#include <string>
#include <unordered_map>

#include "models/configs.h"

namespace hl {

// Where each kohya module name lands: component (0 UNet, 1 text_encoder, 2 text_encoder_2) and
// the diffusers/transformers weight name.
class LoraTargets {
 public:
  LoraTargets(const UnetConfig& unet, const ClipTextConfig* te1, const ClipTextConfig* te2);
  struct Target {
    int component = -1;
    std::string weight;
  };
  const Target* find(const std::string& module) const;
  size_t size() const { return map_.size(); }

 private:
  std::unordered_map<std::string, Target> map_;
};

// The diffusers block a kohya UNet module name belongs to ("" when it is not in a block).
std::string unetBlockOf(const std::string& kohyaModule);

}  // namespace hl
