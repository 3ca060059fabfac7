// The identity networks of one model set: CLIP ViT-L/14 (hidden_states[-2]) and the HyperLoRA
// hypernetwork, loaded where the placement puts them. From prepared photos to identity tokens,
// and from tokens to the ID-LoRA (and Base-LoRA).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "clip/clip_image.h"
#include "clip/clip_vision.h"
#include "hyperlora/hyper_lora.h"
#include "models/discovery.h"
#include "runtime/placement.h"
#include "studio/faces.h"
#include "util/progress.h"

namespace hl::studio {

struct IdentityTokensPair {
  IdentityTokens id;    // ID-LoRA tokens from the used photos
  IdentityTokens base;  // Base-LoRA tokens (only when the variant has a Base-LoRA)
};

class IdentityNetworks {
 public:
  // Throws naming what is missing when the set has no HyperLoRA or CLIP vision model.
  IdentityNetworks(const ModelSet& set, const Placement& placement);
  // From networks already in memory (benchmarks with random full-size weights).
  IdentityNetworks(std::unique_ptr<ClipVision> clip, std::unique_ptr<HyperLora> hyper,
                   ClipProcessorConfig processor = {});

  // CLIP + the resampler(s) on the photos with a usable face. Throws hl::Error with a plain
  // per-photo report when none is usable.
  IdentityTokensPair build(const std::vector<PreparedPhoto>& photos,
                           const CancelToken* cancel = nullptr) const;
  // From pre-processed network inputs (benchmarks, tests): CLIP pixels [N, 3, 224, 224] and
  // ArcFace embeddings [N, 1, 512].
  IdentityTokensPair build(const at::Tensor& pixels, const at::Tensor& arcface,
                           const at::Tensor& basePixels = at::Tensor()) const;

  const HyperLora& hyper() const { return *hyper_; }
  const ClipVision& clip() const { return *clip_; }

 private:
  std::unique_ptr<ClipVision> clip_;
  std::unique_ptr<HyperLora> hyper_;
  ClipProcessorConfig processor_;
};

}  // namespace hl::studio
