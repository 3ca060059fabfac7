// One generation, described once for every writer and reader: the settings of an image (what a
// front end asks for) and the record of how it was made. The record is written to the A1111
// "parameters" text, to the "hyperlora" JSON chunk (one versioned schema holding the settings
// and the identity) and to the history database, so the CLI and the studio write the same text
// for the same settings and read back every PNG either of them wrote, older versions included.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "sdxl/scheduler.h"
#include "studio/conditioning.h"
#include "text/prompt.h"
#include "util/json.h"

namespace hl::studio {

// HyperLoRA's trigger words, put before the prompt when an identity is used.
inline constexpr const char* kTriggerWords = "fcsks fxhks fhyks, ";
// The "hyperlora" chunk's schema name and the version this build writes.
inline constexpr const char* kRecordSchema = "hyperlora-studio.generation";
inline constexpr int kRecordVersion = 1;

struct UserLora {
  std::string path;  // the .safetensors file (for a record read from other tools: the name)
  double strength = 1.0;
  std::string name() const;  // the file's stem, as A1111's <lora:name:strength> names it
  bool operator==(const UserLora& o) const { return path == o.path && strength == o.strength; }
};

// The identity part: photos of A (and B), how strongly and how mixed.
struct IdentityRecord {
  std::string nameA, nameB;
  std::vector<std::string> photosA, photosB;
  double strength = 0.85;  // ID-LoRA strength; the merge scale is strength * alpha / rank
  double mix = 0.0;        // weight of B, used when both have photos
  bool baseLora = false;   // asked for the Base-LoRA
  bool trigger = true;     // put HyperLoRA's trigger words before the prompt
  bool active() const { return !photosA.empty(); }
  bool mixed() const { return active() && !photosB.empty(); }
  bool operator==(const IdentityRecord& o) const;
  bool operator!=(const IdentityRecord& o) const { return !(*this == o); }
  json::Value toJson() const;  // {"name_a", "photos_a", "name_b", "photos_b", "strength", ...}
  static IdentityRecord fromJson(const json::Value& v);  // absent keys keep their defaults
};

struct GenerationSettings {
  std::string prompt;  // as typed: without trigger words or LoRA tags
  std::string negativePrompt;
  PromptSyntax promptSyntax = PromptSyntax::A1111;
  int width = 1024, height = 1024, steps = 20;
  double cfg = 5.0, guidanceRescale = 0.0;
  SamplerKind sampler = SamplerKind::DpmPP2MKarras;
  uint64_t seed = 0;
  std::vector<UserLora> loras;
  IdentityRecord identity;
  std::vector<ControlSetting> controls;
  EditSettings edit;          // img2img / inpainting
  HiresSettings hires;        // the hires fix (text to image only)
  FaceDetailSettings faceDetail;
  // The prompt the text encoders read: trigger words (with an identity) + prompt.
  std::string promptSent() const;
};

struct GenerationRecord {
  GenerationSettings settings;
  std::string modelName, modelHash;    // A1111's "Model" and "Model hash" (10 hex digits)
  bool demo = false;                   // made with the demo models (images are noise)
  bool baseLoraApplied = false;        // the Base-LoRA was merged
  double seconds = 0;                  // how long it took (the history keeps it; the PNG does not)
  std::string app;                     // "HyperLoRA Studio 0.1.0"
  int sourceVersion = kRecordVersion;  // the version it was read from (0: an older build's PNG)

  std::string a1111() const;  // the "parameters" text
  json::Value toJson() const;
  // Our schema (this or an older version); throws hl::Error naming the key that does not fit.
  static GenerationRecord fromJson(const json::Value& v);
  // From any A1111-style "parameters" text (the prompt's <lora:...> tags become LoRAs).
  static GenerationRecord fromA1111(const std::string& text);
  // From a PNG's text chunks: our chunk when it is there (any version), else the A1111 text.
  // Throws hl::Error naming `where` when neither describes a generation.
  static GenerationRecord fromPngText(
      const std::vector<std::pair<std::string, std::string>>& chunks, const std::string& where);
  // The chunks a PNG carries: {"parameters", a1111()}, {"hyperlora", JSON}.
  std::vector<std::pair<std::string, std::string>> pngText() const;
};

}  // namespace hl::studio
