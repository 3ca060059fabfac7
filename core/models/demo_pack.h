// The embedded default model set: tiny random networks in the real on-disk layouts (a ComfyUI
// models/ root holding a diffusers SDXL folder, a HyperLoRA variant and a CLIP ViT folder), so
// every loader and every stage of the app runs for real before a user brings real weights.
// Random weights give noise images; the pack says so, and it has no face models.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "models/configs.h"
#include "models/controlnet_config.h"

namespace hl {

struct DemoPackSpec {
  UnetConfig unet;
  VaeConfig vae;
  ClipTextConfig textEncoder, textEncoder2;
  ClipVisionConfig clipVision;
  HyperLoraConfig hyperLora;
  ControlNetConfig controlNet;       // models/controlnet/demo-controlnet-sdxl
  ControlNetConfig controlNetUnion;  // models/controlnet/demo-controlnet-union-promax.safetensors
  int bpeMerges = 1200;
  uint64_t seed = 20251122;
  static DemoPackSpec defaults();
};

struct DemoPackResult {
  std::string root;
  std::vector<std::string> files;  // every file written
  uint64_t bytes = 0;
};

inline constexpr const char* kDemoSdxlFolder = "diffusers/sdxl-demo";
inline constexpr const char* kDemoHyperLoraVariant = "sdxl_hyper_id_lora_demo";

// Writes the pack under `dir` (created if needed). Every file is written atomically; an existing
// pack is overwritten. Throws hl::Error on I/O failure.
DemoPackResult writeDemoPack(const std::string& dir,
                             const DemoPackSpec& spec = DemoPackSpec::defaults());

// True when `dir` holds a demo pack marker.
bool isDemoPack(const std::string& dir);

}  // namespace hl
