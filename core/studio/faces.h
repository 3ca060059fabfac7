// The face stack behind one seam, in plain value types: what it made of a reference photo (for
// the identity and the gallery overlays) and how much a generated image looks like an identity.
// The full build implements it with OpenCV and the antelopev2 models (core/identity); a
// torch-only build has none and says so.
#pragma once

#include <array>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include "util/image.h"

namespace hl::studio {

struct PreparedPhoto {
  std::string source;
  std::string message;  // plain words: "1 face", "no face found ...", why it was not used
  bool used = false;    // false: left out of the identity
  int imageWidth = 0, imageHeight = 0;  // the decoded photo (EXIF applied); coordinates are in it
  int facesFound = 0;
  std::array<float, 4> box{};  // x, y, width, height of the face used (width 0: none)
  std::vector<std::array<float, 2>> keypoints, landmarks;
  RgbImage clipCrop;             // what CLIP vision sees (before its own resize)
  RgbImage baseCrop;             // the Base-LoRA's input: the wide crop with the face blurred away
  std::vector<float> embedding;  // ArcFace, L2-normalised
};

struct FaceMatch {
  int facesFound = 0;
  float similarity = std::numeric_limits<float>::quiet_NaN();  // cosine to the identity
  std::vector<float> embedding;                                // of the most confident face
};

struct DetectedFace {
  std::array<float, 4> box{};  // x, y, width, height
  float score = 0;
  std::vector<std::array<float, 2>> keypoints;  // eyes, nose, mouth corners
};

class FaceAnalyser {
 public:
  virtual ~FaceAnalyser() = default;
  // Decodes and prepares one photo. Never throws for a bad photo: the result says why.
  virtual PreparedPhoto prepare(const std::string& photo) = 0;
  // Every face in `image`, most confident first, with its five keypoints.
  virtual std::vector<DetectedFace> detect(const RgbImage& image) = 0;
  // The most confident face of `image` against an identity's mean embedding.
  virtual FaceMatch match(const RgbImage& image, const std::vector<float>& identity) = 0;
  virtual bool testOnly() const = 0;  // small test models, not ArcFace: similarities mean little
  virtual std::string description() const = 0;
};

// The models in `folder`: antelopev2, or the test-only models. Throws hl::Error naming what is
// missing, or that this build has no face stack.
std::unique_ptr<FaceAnalyser> openFaceAnalyser(const std::string& folder);

// L2-normalised mean of the used photos' embeddings (empty when none was used).
std::vector<float> meanEmbedding(const std::vector<PreparedPhoto>& photos);

// One line per photo: "[used]    a.jpg: 1 face".
std::string photoReport(const std::vector<PreparedPhoto>& photos);

}  // namespace hl::studio
