// Reference photos in, identity tokens (and from them the ID-LoRA) out: the face stack, the ID
// condition, CLIP ViT and the HyperLoRA hypernetwork, with a plain-words report per photo.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "clip/clip_image.h"
#include "clip/clip_vision.h"
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
  // The identity's face: the mean of the used photos' ArcFace embeddings, L2-normalised (empty
  // when no photo was used). Generated images are compared with it.
  std::vector<float> meanEmbedding() const;
};

// How much a generated image looks like an identity: the cosine between the ArcFace embedding
// of its most confident face and `identity` (NaN when no face is found). What sweeps plot.
struct FaceMatch {
  int facesFound = 0;
  float similarity = 0;
  std::vector<float> embedding;  // of that face, to compare it with other identities too
};
FaceMatch matchFace(const cv::Mat& bgr, const FaceStack& faces, const std::vector<float>& identity);

// One photo through decoding (EXIF applied) and the face stack; never throws for a bad photo:
// the result's message says why (without the path, which is its source).
ReferenceResult analysePhoto(const std::string& path, const FaceStack& faces);

class IdentityEngine {
 public:
  IdentityEngine(FaceStack faces, const ClipVision* clip, const HyperLora* hyper, ClipProcessorConfig processor);

  // Decodes each photo (EXIF applied), prepares it, and runs CLIP + the resampler on the photos
  // with a usable face. Throws hl::Error naming the photos when none is usable.
  IdentityResult build(const std::vector<std::string>& photos, const CancelToken* cancel = nullptr,
                       const ProgressCallback& progress = {}) const;
  // The two halves of build(): the face stack on each photo (never throws for a bad photo: its
  // result says why), then CLIP + the resampler on the usable ones (throws when there is none).
  std::vector<ReferenceResult> analyse(const std::vector<std::string>& photos, const CancelToken* cancel = nullptr,
                                       const ProgressCallback& progress = {}) const;
  IdentityResult build(std::vector<ReferenceResult> references, const CancelToken* cancel = nullptr) const;

 private:
  FaceStack faces_;
  const ClipVision* clip_;
  const HyperLora* hyper_;
  ClipProcessorConfig processor_;
};

}  // namespace hl::identity
