// SDXL ControlNets (diffusers' ControlNetModel): the UNet's encoder half with its own widths,
// depths and block types, a conditioning-image embedding and zero convolutions. The config comes
// from config.json, or, for the common single files that carry none, from the tensor shapes
// plus what shapes cannot tell (head width, norm groups) from the base UNet.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "models/configs.h"
#include "models/weight_specs.h"

namespace hl::st {
class File;
}

namespace hl {

struct ControlNetConfig {
  UnetConfig unet;  // the encoder half: down blocks, mid block, embeddings (up blocks unused)
  std::vector<int64_t> conditioningChannels{16, 32, 96,
                                            256};  // conditioning_embedding_out_channels
  int64_t conditioningInChannels = 3;
  bool globalPoolConditions = false;
  static ControlNetConfig fromJson(const json::Value& v);
  // From a single file's tensors; heads and norms follow `base` (the UNet it will steer).
  static ControlNetConfig infer(const st::File& file, const UnetConfig& base);
  json::Value toJson() const;  // diffusers' ControlNetModel config.json
  int64_t numResiduals() const;  // 1 + layers per level + downsamplers (9 for SDXL)
};

WeightSpecs controlNetWeightSpecs(const ControlNetConfig& c);

// True when a safetensors file holds a diffusers-layout ControlNet (its cond embedding key).
bool isControlNetFile(const st::File& file);

}  // namespace hl
