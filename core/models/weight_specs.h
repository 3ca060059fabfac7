// The tensor names and shapes each model family expects, derived from its config.
// Loaders check files against these before use (naming every missing, unexpected or misshaped
// tensor), and the demo pack writes exactly these tensors.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "models/configs.h"

namespace hl::st {
class File;
}

namespace hl {

struct WeightSpec {
  std::string name;
  std::vector<int64_t> shape;
};
using WeightSpecs = std::vector<WeightSpec>;

WeightSpecs unetWeightSpecs(const UnetConfig& c);
WeightSpecs vaeWeightSpecs(const VaeConfig& c);
// Names as transformers writes them ("text_model.…", plus "text_projection.weight").
WeightSpecs clipTextWeightSpecs(const ClipTextConfig& c);
// Names as transformers writes CLIPVisionModelWithProjection ("vision_model.…",
// "visual_projection.weight"); the full CLIP file has the same vision keys.
WeightSpecs clipVisionWeightSpecs(const ClipVisionConfig& c, bool withProjection = true);
// HyperLoRA parts. nConds is 2 for the ID resampler (ArcFace + CLIP), 1 for the base one.
WeightSpecs resamplerWeightSpecs(const HyperLoraConfig& c, int64_t numModules, int nConds);
WeightSpecs idProjectorWeightSpecs(const HyperLoraConfig& c);
WeightSpecs hyperLoraBasisSpecs(const HyperLoraConfig& c,
                                const std::vector<HyperLoraModuleEntry>& modules);

struct WeightCheck {
  std::vector<std::string> missing;
  std::vector<std::string> unexpected;
  std::vector<std::string> wrongShape;  // "name: expected [..], found [..]"
  bool ok() const { return missing.empty() && unexpected.empty() && wrongShape.empty(); }
  // A readable summary naming the first few offenders of each kind.
  std::string describe(const std::string& component, const std::string& path) const;
};

// `prefix` is prepended to every spec name (e.g. "model.diffusion_model." never: that layout is
// mapped elsewhere; this is for "vision_model." inside a full CLIP file and similar). Tensors
// starting with any of `ignorePrefixes` are neither required nor reported as unexpected.
WeightCheck checkWeights(const st::File& file, const WeightSpecs& specs,
                         const std::vector<std::string>& ignorePrefixes = {},
                         bool allowUnexpected = false);
// Throws hl::Error with WeightCheck::describe when the check fails.
void requireWeights(const st::File& file, const WeightSpecs& specs, const std::string& component,
                    const std::vector<std::string>& ignorePrefixes = {},
                    bool allowUnexpected = false);

}  // namespace hl
