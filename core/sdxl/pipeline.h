// Text to image with SDXL: one model load, many generations. Matches diffusers'
// StableDiffusionXLPipeline step for step (text encoding, micro-conditioning, CFG with optional
// rescale, sampler loop, VAE decode), with A1111 prompt syntax on top.
#pragma once

#include <ATen/core/Tensor.h>

#include <memory>
#include <string>
#include <vector>

#include "lora/lora.h"
#include "lora/lora_stack.h"
#include "models/discovery.h"
#include "runtime/device_mark.h"
#include "runtime/placement.h"
#include "sdxl/clip_text.h"
#include "sdxl/controlnet.h"
#include "sdxl/scheduler.h"
#include "sdxl/unet.h"
#include "sdxl/unet_graph.h"
#include "sdxl/vae.h"
#include "text/clip_tokenizer.h"
#include "text/prompt.h"
#include "util/progress.h"

namespace hl {

// One ControlNet of a generation: its control image (NCHW float in [0, 1] at the output size),
// its scale, and the fraction of the steps it acts in. Consecutive inputs on the same union
// ControlNet with the same start and end and a control type each run as one call that fuses
// their images; otherwise one call each.
struct ControlInput {
  const ControlNet* net = nullptr;
  at::Tensor image;
  double scale = 1.0, start = 0.0, end = 1.0;
  int type = -1;  // a union model's control type (unionControlTypeNames), -1 = auto
};

struct GenerateRequest {
  std::string prompt;
  std::string negativePrompt;
  PromptSyntax promptSyntax = PromptSyntax::A1111;
  bool zeroNegative = false;  // diffusers' negative_prompt=None: all-zero negative embeddings
  int width = 1024, height = 1024;
  int steps = 30;
  double guidanceScale = 5.0;
  double guidanceRescale = 0.0;
  SamplerKind sampler = SamplerKind::DpmPP2MKarras;
  uint64_t seed = 0;
  // Micro-conditioning; 0 means "the output size" (and crop 0, 0).
  int originalWidth = 0, originalHeight = 0, cropTop = 0, cropLeft = 0;
  int targetWidth = 0, targetHeight = 0;
  bool decode = true;
  std::vector<ControlInput> controls;
  // img2img: the init image [1, 3, H, W] in [-1, 1] (it sets the size) and how much of the
  // schedule re-runs. Inpainting: plus a mask [1, 1, H, W] (>= 0.5 = repaint).
  at::Tensor initImage, mask;
  // Or clean latents to start from instead of the encoded init image (the latent hires fix).
  at::Tensor initLatents;
  double strength = 1.0;
  // For tests and reproduction: the unscaled initial noise, the sampler's draws, and the VAE
  // sample / added noise / masked-image VAE sample draws of img2img and inpainting.
  at::Tensor initialLatents;
  std::vector<at::Tensor> ancestralNoise;
  at::Tensor vaeSampleNoise, addedNoise, maskedImageVaeSampleNoise;
};

struct GenerateResult {
  at::Tensor image;    // [1, H, W, 3] float in [0, 1] (undefined when decode is false)
  at::Tensor latents;  // final latents [1, 4, h, w] (unscaled by the VAE factor)
  RgbImage rgb;        // 8-bit image
  double seconds = 0;
  std::vector<double> stepSeconds;
};

// A request's numbers, checked before anything runs; the studio checks its settings with the same
// functions before any model loads. Throw hl::Error saying what to change.
void checkImageSize(int64_t width, int64_t height);            // a multiple of 8, at least 8
void checkSampling(int steps, bool img2img, double strength);  // 1..1000 steps, strength (0, 1]
int stepsRerun(int steps, double strength);  // of img2img's schedule: the last `strength` of it

struct PromptEmbeds {
  at::Tensor context;  // [1, 77 * chunks, te1 + te2 width]
  at::Tensor pooled;   // [1, te2 projection]
};

class SdxlPipeline {
 public:
  // A diffusers SDXL folder. `tokenizerDir` overrides where vocab.json/merges.txt are read
  // from (default: the folder's tokenizer/ and tokenizer_2/).
  static std::unique_ptr<SdxlPipeline> loadDiffusers(const std::string& folder,
                                                     const Placement& placement,
                                                     const std::string& tokenizerDir = "");

  // A single-file checkpoint; tokenizer files from `tokenizerDir` (vocab.json + merges.txt),
  // configs from `configFolder` when given, else inferred from the weights.
  static std::unique_ptr<SdxlPipeline> loadSingleFile(const std::string& file,
                                                      const Placement& placement,
                                                      const std::string& tokenizerDir,
                                                      const std::string& configFolder = "");
  // From networks already in memory (benchmarks with random full-size weights).
  static std::unique_ptr<SdxlPipeline> fromParts(ClipTextEncoder te1, ClipTextEncoder te2,
                                                 Unet unet, Vae vae, BpeVocab vocab,
                                                 const Placement& placement,
                                                 const std::string& name);
  // Whatever discovery found: diffusers folder or single file.
  static std::unique_ptr<SdxlPipeline> load(const ModelSet& set, const Placement& placement);

  PromptEmbeds encodePrompt(const std::string& prompt,
                            PromptSyntax syntax = PromptSyntax::A1111) const;
  GenerateResult generate(const GenerateRequest& request, const ProgressCallback& progress = {},
                          const CancelToken* cancel = nullptr, const nn::Tap& tap = {});

  // Declares the merged LoRAs: only weights whose contributions changed are recomputed, weights
  // no LoRA touches any more get their original bits back (an empty stack restores them all).
  StackReport applyLoras(const std::vector<LoraEntry>& stack);
  // The same for LoRAs the caller owns, recomputing every weight they touch.
  StackReport setLoras(const std::vector<std::pair<const LoraFile*, double>>& loras);
  size_t patchedWeights() const {
    return unetPatch_->touched() + te1Patch_->touched() + te2Patch_->touched();
  }

  // Drops every streamed copy from the device (memory modes offload-text and sequential).
  void releaseStreams() const;

  // What the UNet step's graph did; null when the placement launches the step eagerly.
  const UnetGraphStats* unetGraphStats() const {
    return unetGraph_ ? &unetGraph_->stats() : nullptr;
  }
  // Replays the UNet step through graphs from `factory` (null: eagerly); the placement's choice
  // is set at load. Tests drive the graph logic on the CPU through this.
  void setUnetGraphCapture(GraphCaptureFactory factory);
  // How the sampling loop learns that a queued step has finished (sdxl/steps_in_flight.h);
  // tests stand in for a device that runs behind the host.
  void setDeviceMarks(DeviceMarkFactory marks) { marks_ = std::move(marks); }

  Unet& unet() { return *unet_; }
  ClipTextEncoder& textEncoder(int which) { return which == 1 ? *te1_ : *te2_; }
  const ClipTokenizer& tokenizer(int which) const { return which == 1 ? *tok1_ : *tok2_; }
  Vae& vae() { return *vae_; }
  const Placement& placement() const { return placement_; }
  const std::string& modelName() const { return modelName_; }

  static RgbImage toRgb(const at::Tensor& imageNhwc);

 private:
  SdxlPipeline() = default;
  void setTokenizers(const std::string& vocab, const std::string& merges, const std::string& pad1,
                     const std::string& pad2);
  void finish(const std::string& where);
  void applyMemoryMode();
  GenerateResult generateImpl(const GenerateRequest& request, const ProgressCallback& progress,
                              const CancelToken* cancel, const nn::Tap& tap);
  struct Conditioning;
  Conditioning condition(const GenerateRequest& r, bool cfg, int64_t height, int64_t width,
                         const nn::Tap& tap) const;
  at::Tensor encodeImage(const at::Tensor& image, const at::Tensor& noise,
                         at::Generator& gen) const;
  bool nineChannelUnet() const;  // an inpainting UNet: latents, mask and masked image latents
  struct StartLatents;
  StartLatents startLatents(const GenerateRequest& r, const Sampler& sampler, int first, int64_t lh,
                            int64_t lw, at::Generator& gen, const nn::Tap& tap) const;
  void requireMemoryFor(const GenerateRequest& r, int64_t width, int64_t height, at::ScalarType dt,
                        int64_t decodeTile) const;
  void decodeInto(GenerateResult& result, const at::Tensor& latents, int64_t decodeTile) const;
  at::Tensor encodeChunks(const ClipTokenizer& tok, const ClipTextEncoder& enc,
                          const std::string& prompt, PromptSyntax syntax, at::Tensor* pooled) const;

  Placement placement_;
  std::string modelName_;
  std::unique_ptr<ClipTokenizer> tok1_, tok2_;
  std::unique_ptr<ClipTextEncoder> te1_, te2_;
  std::unique_ptr<Unet> unet_;
  std::unique_ptr<UnetGraph> unetGraph_;
  DeviceMarkFactory marks_ = markDevice;
  std::unique_ptr<Vae> vae_;
  SchedulerConfig scheduler_;
  std::unique_ptr<LoraTargets> loraTargets_;
  std::unique_ptr<WeightPatcher> unetPatch_, te1Patch_, te2Patch_;
  std::unique_ptr<LoraStack> loraStack_;
  bool forceZerosForEmptyPrompt_ = true;
};

}  // namespace hl
