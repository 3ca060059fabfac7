// Finds a complete model set (SDXL + HyperLoRA + CLIP ViT-L/14 + antelopev2 + CLIP tokenizer)
// from a diffusers folder, a single-file checkpoint or a ComfyUI models/ root, and says in plain
// words what was found and what is missing (which file, where it was looked for).
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace hl {

enum class SdxlFormat { None, DiffusersFolder, SingleFile };

struct ComponentStatus {
  explicit ComponentStatus(std::string name = {}) : component(std::move(name)) {}
  std::string component;                 // "SDXL checkpoint", "HyperLoRA", ...
  bool found = false;
  bool required = true;                  // optional parts do not make the set incomplete
  std::string path;                      // what was found
  std::vector<std::string> lookedIn;     // where it was looked for
  std::string detail;                    // what exactly is missing, or notes
  std::string hint;                      // where to get it
};

struct ModelSet {
  std::string root;  // what discovery was given
  bool isDemo = false;

  SdxlFormat sdxlFormat = SdxlFormat::None;
  std::string sdxlPath;  // diffusers folder or .safetensors file
  std::vector<std::string> checkpointAlternatives;  // other checkpoints seen (ComfyUI)
  std::vector<std::string> loras;                   // kohya LoRAs seen in loras/
  std::vector<std::string> controlnets;             // ControlNets seen in controlnet/
  // Model files seen that are not read, each with why and what to do ("x.ckpt: a Python
  // pickle ... never opens them: ...").
  std::vector<std::string> unsupported;

  std::string hyperLoraDir;  // the variant folder
  std::string hyperLoraVariant;
  std::vector<std::string> hyperLoraVariants;
  bool hyperLoraHasBase = false;

  std::string clipVisionDir;  // config.json + model.safetensors
  std::string clipProcessorConfig;  // may be empty: the CLIP defaults apply
  std::string faceModelsDir;        // antelopev2

  std::string tokenizerVocab, tokenizerMerges;

  std::vector<ComponentStatus> components;

  bool canGenerate() const;        // SDXL + tokenizer
  bool canMakeIdentity() const;    // HyperLoRA + CLIP vision + face models
  bool complete() const;           // every required component
  const ComponentStatus* status(const std::string& component) const;
  std::string report() const;      // multi-line, plain words
};

struct DiscoveryOptions {
  // Each overrides what is found under the root; empty = search.
  std::string sdxl;          // diffusers folder or single file
  std::string hyperLora;     // a variant folder or the hyper_lora/hyper_lora parent
  std::string clipVision;    // folder with config.json + model.safetensors
  std::string faceModels;    // antelopev2 folder
  std::string tokenizer;     // folder with vocab.json + merges.txt
  std::string preferredCheckpoint;  // file name within checkpoints/
  std::string preferredVariant;     // e.g. sdxl_hyper_id_lora_v1_edit
};

// Component names used in ModelSet::components.
inline constexpr const char* kCompSdxl = "SDXL checkpoint";
inline constexpr const char* kCompTokenizer = "CLIP tokenizer";
inline constexpr const char* kCompHyperLora = "HyperLoRA";
inline constexpr const char* kCompClipVision = "CLIP ViT-L/14 image encoder";
inline constexpr const char* kCompFaces = "Face models (insightface antelopev2)";

// `root` may be empty when every component is given in options. Never throws for missing
// files: they are reported in the result.
ModelSet discoverModels(const std::string& root, const DiscoveryOptions& options = {});

// The marker file that a demo pack carries at its root.
inline constexpr const char* kDemoPackMarker = "hyperlora-demo-pack.json";

// True when `file` is a safetensors file whose header has SDXL UNet keys in the single-file
// (LDM/SGM) layout. Reads only the header.
bool isSingleFileSdxl(const std::string& file);

}  // namespace hl
