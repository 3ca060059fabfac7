// Reference photos in, identity tokens (and from them the ID-LoRA) out: the face stack, the ID
// condition, CLIP ViT and the HyperLoRA hypernetwork, with a plain-words report per photo.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "hyperlora/clip_image.h"
#include "hyperlora/clip_vision.h"
#include "hyperlora/hyper_lora.h"
#include "identity/id_condition.h"
#include "util/progress.h"

namespace hl::identity {

struct IdentityResult {
  std::vector<ReferenceResult> references;  // one per photo, in order
  IdentityTokens tokens;                     // from the photos that were used
  IdentityTokens baseTokens;                 // Base-LoRA tokens (only when the variant has one)
  int used() const;
  std::string report() const;
};

class IdentityEngine {
 public:
  IdentityEngine(FaceStack faces, const ClipVision* clip, const HyperLora* hyper, ClipProcessorConfig processor);

  // Decodes each photo (EXIF applied), prepares it, and runs CLIP + the resampler on the photos
  // with a usable face. Throws hl::Error naming the photos when none is usable.
  IdentityResult build(const std::vector<std::string>& photos, const CancelToken* cancel = nullptr,
                       const ProgressCallback& progress = {}) const;

 private:
  FaceStack faces_;
  const ClipVision* clip_;
  const HyperLora* hyper_;
  ClipProcessorConfig processor_;
};

}  // namespace hl::identity
