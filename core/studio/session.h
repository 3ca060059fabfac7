// The studio session: the recipe of HyperLoRA Studio written once, for every front end (the
// CLI, the studio's engine thread, the benchmark). It owns the resolved model set, the loaded
// pipeline, identities A and B with their cached face/CLIP/resampler results, and the declared
// LoRA stack (user LoRAs, the ID-LoRA with its strength and A<->B mix, the Base-LoRA). A request
// goes in, an image and its record come out; a changed stack re-merges only what changed and an
// unchanged one merges nothing. No Qt, no policy of any front end.
#pragma once

#include <ATen/core/Tensor.h>

#include <array>
#include <functional>
#include <limits>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "hyperlora/hyper_lora.h"
#include "lora/lora_stack.h"
#include "models/discovery.h"
#include "runtime/placement.h"
#include "studio/faces.h"
#include "studio/record.h"
#include "util/image.h"
#include "util/progress.h"

namespace hl {
class SdxlPipeline;
class ControlNet;
struct GenerateRequest;
}  // namespace hl

namespace hl::studio {

class IdentityNetworks;

// What to load: a models root (ComfyUI models/, a diffusers folder, a checkpoint) with
// overrides, an explicit face models folder ("" = what discovery found) and the placement.
struct ModelChoice {
  std::string root;
  DiscoveryOptions options;
  std::string facesDir;
  PlacementRequest placement;
  bool operator==(const ModelChoice& o) const;
  bool operator!=(const ModelChoice& o) const { return !(*this == o); }
};

// One identity slot (A = 0, B = 1) as the session holds it.
struct IdentityState {
  std::vector<std::string> photos;      // what it was built from
  std::vector<PreparedPhoto> prepared;  // per photo, also when none was usable
  std::vector<float> face;              // mean ArcFace embedding (for comparing outputs)
  std::string error;                    // why there is no identity ("" when ready)
  bool ready = false;
};

// For tests and reproduction: fixed initial latents and random draws, a tap on intermediates.
struct GenerationOverrides {
  at::Tensor initialLatents;
  std::vector<at::Tensor> noise;
  std::function<void(const std::string&, const at::Tensor&)> tap;
};

struct Generation {
  RgbImage image;
  at::Tensor latents;  // the final latents
  GenerationRecord record;
  std::vector<double> stepSeconds;
};

struct SessionStats {
  int modelLoads = 0;      // a slider move must never add one
  int identityBuilds = 0;  // face stack + CLIP + resampler runs (one per changed gallery)
  int loraSyntheses = 0;   // ID-LoRA syntheses (a mix change or a new identity)
  int stackChanges = 0;    // stack applications that merged or restored weights
  StackReport lastStack;   // what the last application did
};

struct FaceSimilarity {
  int facesFound = -1;  // -1: not measured (no identity or no face models)
  double a = std::numeric_limits<double>::quiet_NaN(), b = std::numeric_limits<double>::quiet_NaN();
};

class StudioSession {
 public:
  StudioSession();
  ~StudioSession();
  StudioSession(const StudioSession&) = delete;
  StudioSession& operator=(const StudioSession&) = delete;

  // Loads the model set unless it is the one already loaded; true when it loaded. Throws
  // hl::Error with discovery's plain-words report when the set cannot generate.
  bool open(const ModelChoice& choice, const ProgressCallback& progress = {});
  // A pipeline (and identity networks) built in memory, e.g. random full-size weights for the
  // benchmark: the session then runs its own code on them.
  void adopt(std::unique_ptr<SdxlPipeline> pipeline, const Placement& placement,
             std::unique_ptr<IdentityNetworks> networks = nullptr);
  bool isOpen() const { return pipeline_ != nullptr; }
  const ModelSet& models() const { return set_; }
  const Placement& placement() const { return placement_; }
  const ModelChoice& choice() const { return choice_; }
  SdxlPipeline& pipeline();
  // Whether identities can be built here, and if not, why.
  bool identitiesAvailable(std::string* why = nullptr) const;
  bool hasBaseLora();  // the HyperLoRA variant has Base-LoRA weights (loads its networks)
  const FaceAnalyser* faces() const { return faces_.get(); }

  // Identity `slot` from photos: the face stack per photo and CLIP + the resampler, only when
  // the photos differ from the cached ones. Never throws for unusable photos (the state says
  // why); throws for missing models and on cancel.
  const IdentityState& setIdentity(int slot, const std::vector<std::string>& photos,
                                   const CancelToken* cancel = nullptr,
                                   const ProgressCallback& progress = {});
  const IdentityState& identity(int slot) const { return slots_[size_t(slot)].state; }
  // Identity `slot` from pre-processed network inputs (benchmarks: CLIP pixels [N, 3, 224, 224],
  // ArcFace embeddings [N, 1, 512]), the face stage skipped; held as if built from the one photo
  // `label`, so a request naming that photo uses it.
  const IdentityState& setIdentityInputs(int slot, const std::string& label,
                                         const at::Tensor& pixels, const at::Tensor& arcface);

  // What generate() would refuse in the settings alone, with its message, so a front end can say
  // so before any model loads (and before a first pass whose later pass would fail).
  static void checkSettings(const GenerationSettings& settings);
  // The identity's strength and mix (part of checkSettings; exporting its LoRA checks it too).
  static void checkIdentity(const IdentityRecord& identity);

  // One image: identities (built when their photos changed), the declared LoRA stack (merged
  // where it changed), trigger words, the pipeline, the record.
  Generation generate(const GenerationSettings& settings, const ProgressCallback& progress = {},
                      const CancelToken* cancel = nullptr,
                      const GenerationOverrides& overrides = {});
  // Only the LoRA stack of `settings` (a slider moved with no image asked for).
  StackReport applyStack(const GenerationSettings& settings, const CancelToken* cancel = nullptr);

  // The control image a ControlNet would get at this size (the studio's preview).
  RgbImage previewControl(const ControlSetting& control, int width, int height);
  // Every face in `image`, most confident first (needs the face models).
  std::vector<DetectedFace> detectFaces(const RgbImage& image) { return faceStack().detect(image); }
  // The face-detail pass of `settings` on any image (every face redone, largest first).
  RgbImage detailFaces(const RgbImage& image, const GenerationSettings& settings,
                       const ProgressCallback& progress = {}, const CancelToken* cancel = nullptr);

  // The identity's ID-LoRA in the official Save LoRA format, from the cached identity.
  void exportIdentityLora(const IdentityRecord& identity, const std::string& path);
  // The ID-LoRA's energy per UNet block (diffusers block names), for the panel's bars.
  std::vector<std::pair<std::string, double>> identityEnergy(const IdentityRecord& identity);
  // How much the most confident face of `image` looks like identities A and B.
  FaceSimilarity compareFaces(const RgbImage& image) const;

  const SessionStats& stats() const { return stats_; }
  // A1111's model hash of the checkpoint (first 10 hex digits of its SHA-256, cached on disk).
  const std::string& modelHash();

 private:
  struct Slot {
    IdentityState state;
    IdentityTokens id, base;
    int version = 0;  // counts builds, so a new identity gets a new LoRA
  };
  struct Synthesis {
    int versionA = -1, versionB = -1;
    double mix = -1;
    int serial = 0;
    std::shared_ptr<LoraFile> id, base;
    std::vector<std::pair<std::string, at::Tensor>> idTensors;
  };
  struct CachedLora {
    std::string stamp;
    std::shared_ptr<LoraFile> file;
  };

  // The conditioning passes (session_conditioning.cpp).
  struct Edit {
    RgbImage original;            // the init image at the output size
    std::vector<float> softMask;  // the grown and blurred mask, for the paste-back
  };
  GenerateRequest requestOf(const GenerationSettings& s) const;
  Edit prepareEdit(const GenerationSettings& s, GenerateRequest& r);
  void pasteBack(RgbImage& image, const Edit& edit) const;
  void addControls(const GenerationSettings& s, int width, int height, GenerateRequest& r);
  RgbImage controlImage(const ControlSetting& c, int width, int height);
  std::shared_ptr<ControlNet> controlNet(const std::string& path);
  void hiresPass(const GenerationSettings& s, const GenerateRequest& first, Generation& g,
                 const ProgressCallback& progress, const CancelToken* cancel);
  // `within`: after inpainting, the soft mask of what may change (empty: the whole image).
  void faceDetailPass(const GenerationSettings& s, const GenerateRequest& first, RgbImage& image,
                      const ProgressCallback& progress, const CancelToken* cancel,
                      const std::vector<float>& within = {});

  IdentityNetworks& networks();
  FaceAnalyser& faceStack();
  void requireIdentity(const IdentityRecord& identity, const CancelToken* cancel);
  const Synthesis& synthesise(const IdentityRecord& identity);
  std::vector<LoraEntry> stackOf(const GenerationSettings& settings, const CancelToken* cancel);
  std::shared_ptr<LoraFile> userLora(const std::string& path, std::string* key);

  ModelChoice choice_;
  ModelSet set_;
  Placement placement_;
  std::unique_ptr<SdxlPipeline> pipeline_;
  std::unique_ptr<IdentityNetworks> networks_;
  std::unique_ptr<FaceAnalyser> faces_;
  std::array<Slot, 2> slots_;
  Synthesis synthesis_;
  std::map<std::string, CachedLora> loras_;
  std::map<std::string, std::pair<std::string, std::shared_ptr<ControlNet>>>
      controlNets_;  // stamp, net
  std::string modelHash_;
  SessionStats stats_;
};

}  // namespace hl::studio
