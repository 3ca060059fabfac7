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
  // The xinsir union/ProMax extension (diffusers' ControlNetUnionModel): a control type
  // embedding, a task embedding per type and a small transformer that fuses several control
  // images. numControlTypes 0 = a plain ControlNet.
  struct Union {
    int64_t numControlTypes = 0;  // num_control_type: 6 (union), 8 (ProMax)
    int64_t channels = 320;       // num_trans_channel (= block_out_channels[0])
    int64_t heads = 8;            // num_trans_head (not in the weights: 8 in every release)
    int64_t layers = 1;           // num_trans_layer
    int64_t projChannels = 320;   // num_proj_channel (= block_out_channels[0])
  } unionModel;
  bool isUnion() const { return unionModel.numControlTypes > 0; }
  static ControlNetConfig fromJson(const json::Value& v);
  // From a single file's tensors; heads and norms follow `base` (the UNet it will steer).
  static ControlNetConfig infer(const st::File& file, const UnetConfig& base);
  json::Value toJson() const;    // diffusers' ControlNetModel config.json
  int64_t numResiduals() const;  // 1 + layers per level + downsamplers (9 for SDXL)
};

WeightSpecs controlNetWeightSpecs(const ControlNetConfig& c);

// The union models' control types, as ComfyUI's SetUnionControlNetType numbers them. Names
// are the short ones the CLI and the PNG text use; aliases (hed, pidi, scribble, ted, lineart,
// mlsd, inpaint, ...) resolve to the type that covers them. -1 = none of them.
const std::vector<std::string>& unionControlTypeNames();
int unionControlType(const std::string& nameOrAlias);
// What each type covers, for menus ("canny / lineart / anime lineart / mlsd").
std::string unionControlTypeLabel(int type);

// True when a safetensors file holds a diffusers-layout ControlNet (its cond embedding key).
bool isControlNetFile(const st::File& file);

}  // namespace hl
