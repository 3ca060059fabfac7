// Single-file SDXL checkpoints (the LDM/SGM layout of sd_xl_base_1.0.safetensors, A1111 and
// ComfyUI): tensors mapped onto the diffusers names the engine uses, configs read from a
// diffusers config folder when given or inferred from the tensor shapes.
#pragma once

#include <memory>
#include <string>

#include "models/configs.h"
#include "sdxl/nn.h"

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

// The diffusers name of an LDM UNet key (without "model.diffusion_model."), or "" if it is not
// one. Needs layers_per_block for the block numbering.
std::string ldmUnetToDiffusers(const std::string& key, int64_t layersPerBlock);
// The inverse: the LDM name of a diffusers UNet parameter name, or "" if it has none.
std::string diffusersUnetToLdm(const std::string& name, const UnetConfig& config);

// The diffusers name of an LDM VAE key (without "first_stage_model."), or "".
std::string ldmVaeToDiffusers(const std::string& key, int64_t levels);

// The inverse for the VAE: the LDM name (without "first_stage_model.") of a diffusers name.
std::string diffusersVaeToLdm(const std::string& name, int64_t levels);

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
