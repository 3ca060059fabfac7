// Key names of SDXL single-file (LDM/SGM) checkpoints and their diffusers equivalents, used by
// the single-file loader and writer and by the kohya LoRA mapping (no tensors, no torch).
#pragma once

#include <cstdint>
#include <string>

#include "models/configs.h"

namespace hl {

// The diffusers name of an LDM UNet key (without "model.diffusion_model."), or "" if it is not
// one. Needs layers_per_block for the block numbering.
std::string ldmUnetToDiffusers(const std::string& key, int64_t layersPerBlock);
// The inverse: the LDM name of a diffusers UNet parameter name, or "" if it has none.
std::string diffusersUnetToLdm(const std::string& name, const UnetConfig& config);

// The diffusers name of an LDM VAE key (without "first_stage_model."), or "".
std::string ldmVaeToDiffusers(const std::string& key, int64_t levels);

// The inverse for the VAE: the LDM name (without "first_stage_model.") of a diffusers name.
std::string diffusersVaeToLdm(const std::string& name, int64_t levels);

}  // namespace hl
