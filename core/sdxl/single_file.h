// Single-file SDXL checkpoints (the LDM/SGM layout of sd_xl_base_1.0.safetensors, A1111 and
// ComfyUI): tensors mapped onto the diffusers names the engine uses, configs read from a
// diffusers config folder when given or inferred from the tensor shapes.
#pragma once

#include <memory>
#include <string>

#include "models/configs.h"
#include "models/ldm_names.h"
#include "nn/nn.h"

namespace hl::st {
class File;
}

namespace hl {

struct SingleFileModel {
  UnetConfig unetConfig;
  VaeConfig vaeConfig;
  ClipTextConfig te1Config, te2Config;
  nn::Weights unet{"UNet"}, vae{"VAE"}, te1{"text_encoder"}, te2{"text_encoder_2"};
};

// Writes a diffusers SDXL folder as one LDM/SGM single-file checkpoint (the layout of
// sd_xl_base_1.0.safetensors), tensors converted to `dtype` (or kept when undefined).
void writeSingleFile(const std::string& diffusersFolder, const std::string& outFile,
                     c10::optional<at::ScalarType> dtype = c10::nullopt);

// Loads and maps every tensor. `configFolder` (optional) is a diffusers SDXL folder whose
// unet/, vae/, text_encoder*/ config.json files describe the model; without it the configs are
// inferred (SDXL conventions for what shapes cannot tell: 64-wide heads, 32 norm groups).
// Unknown or missing tensors raise hl::Error naming them.
SingleFileModel loadSingleFile(const std::string& path, at::ScalarType dtype, at::Device device,
                               const std::string& configFolder = "");

}  // namespace hl
