#include "studio/session.h"

#include <sys/stat.h>

#include <cstdio>
#include <filesystem>

#include "runtime/host_allocator.h"
#include "sdxl/pipeline.h"
#include "studio/identity_networks.h"
#include "studio/imaging.h"
#include "studio/session_progress.h"
#include "util/embedding.h"
#include "util/error.h"
#include "util/fs.h"
#include "util/sha256.h"
#include "util/version.h"

namespace hl::studio {
namespace {

std::string appName() {
  return std::string("HyperLoRA Studio ") + HYPERLORA_VERSION;
}

std::string fileStamp(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) throw Error(path + ": LoRA file not found");
  return std::to_string(int64_t(st.st_mtime)) + ":" + std::to_string(int64_t(st.st_size));
}

}  // namespace

bool ModelChoice::operator==(const ModelChoice& o) const {
  const DiscoveryOptions &a = options, &b = o.options;
  return root == o.root && facesDir == o.facesDir && placement == o.placement && a.sdxl == b.sdxl &&
         a.hyperLora == b.hyperLora && a.clipVision == b.clipVision &&
         a.faceModels == b.faceModels && a.tokenizer == b.tokenizer &&
         a.preferredCheckpoint == b.preferredCheckpoint && a.preferredVariant == b.preferredVariant;
}

StudioSession::StudioSession() = default;
StudioSession::~StudioSession() = default;

bool StudioSession::open(const ModelChoice& choice, const ProgressCallback& progress) {
  if (pipeline_ && choice == choice_) return false;
  pipeline_.reset();
  networks_.reset();
  faces_.reset();
  slots_ = {};
  synthesis_ = {};
  modelHash_.clear();
  releaseHostCache();  // the old models' blocks must not sit beside the new ones
  reportStage(progress, "load models", 0, 1);
  ModelSet set = discoverModels(choice.root, choice.options);
  if (!set.canGenerate())
    throw Error("no usable SDXL model set in " + choice.root + ":\n" + set.report());
  const Placement placement = choosePlacement(choice.placement);
  applyThreads(placement.compute());
  pipeline_ = SdxlPipeline::load(set, placement);
  releaseHostCache();  // loading's conversion buffers are not the generation's working set
  set_ = std::move(set);
  placement_ = placement;
  choice_ = choice;
  ++stats_.modelLoads;
  reportStage(progress, "load models", 1, 1);
  return true;
}

void StudioSession::adopt(std::unique_ptr<SdxlPipeline> pipeline, const Placement& placement,
                          std::unique_ptr<IdentityNetworks> networks) {
  pipeline_ = std::move(pipeline);
  networks_ = std::move(networks);
  releaseHostCache();  // what the replaced models held
  faces_.reset();
  slots_ = {};
  synthesis_ = {};
  modelHash_.clear();
  set_ = ModelSet();
  set_.sdxlPath = pipeline_->modelName();
  choice_ = ModelChoice();
  placement_ = placement;
  ++stats_.modelLoads;
}

SdxlPipeline& StudioSession::pipeline() {
  if (!pipeline_) throw Error("no model set is loaded");
  return *pipeline_;
}

bool StudioSession::identitiesAvailable(std::string* why) const {
  std::string reason;
  if (!pipeline_)
    reason = "no model set is loaded";
  else if (set_.hyperLoraDir.empty() || set_.clipVisionDir.empty())
    reason = "identities need the HyperLoRA and CLIP ViT-L/14 models (see the model report)";
  else if (choice_.facesDir.empty() && set_.faceModelsDir.empty())
    reason = "identities need face models (insightface antelopev2); none were found";
  if (why) *why = reason;
  return reason.empty();
}

IdentityNetworks& StudioSession::networks() {
  if (!pipeline_) throw Error("no model set is loaded");
  if (!networks_) networks_ = std::make_unique<IdentityNetworks>(set_, placement_);
  return *networks_;
}

bool StudioSession::hasBaseLora() {
  return pipeline_ && !set_.hyperLoraDir.empty() && networks().hyper().hasBaseLora();
}

FaceAnalyser& StudioSession::faceStack() {
  if (!faces_) {
    const std::string dir = !choice_.facesDir.empty() ? choice_.facesDir : set_.faceModelsDir;
    if (dir.empty())
      throw Error("identities need face models (insightface antelopev2); none were found:\n" +
                  set_.report());
    faces_ = openFaceAnalyser(dir);
  }
  return *faces_;
}

const IdentityState& StudioSession::setIdentity(int slotIndex,
                                                const std::vector<std::string>& photos,
                                                const CancelToken* cancel,
                                                const ProgressCallback& progress) {
  if (slotIndex < 0 || slotIndex > 1) throw Error("identity slot must be 0 (A) or 1 (B)");
  Slot& slot = slots_[size_t(slotIndex)];
  if (slot.state.photos == photos &&
      (slot.state.ready || !slot.state.error.empty() || photos.empty()))
    return slot.state;
  slot = Slot{{}, {}, {}, slot.version};
  if (photos.empty()) return slot.state;
  FaceAnalyser& faces = faceStack();
  IdentityNetworks& nets = networks();
  std::vector<PreparedPhoto> prepared;
  for (size_t i = 0; i < photos.size(); ++i) {
    if (cancel) cancel->throwIfCancelled();
    prepared.push_back(faces.prepare(photos[i]));
    reportStage(progress, "faces", int(i + 1), int(photos.size()));
  }
  slot.state.prepared = prepared;
  ++stats_.identityBuilds;
  try {
    const IdentityTokensPair t = nets.build(prepared, cancel);
    slot.id = t.id;
    slot.base = t.base;
    slot.state.face = meanEmbedding(prepared);
    slot.state.ready = true;
    ++slot.version;
  } catch (const Cancelled&) {
    slot = Slot{{}, {}, {}, slot.version};
    throw;
  } catch (const Error& e) {
    slot.state.error = e.what();
  }
  slot.state.photos = photos;
  return slot.state;
}

const IdentityState& StudioSession::setIdentityInputs(int slotIndex, const std::string& label,
                                                      const at::Tensor& pixels,
                                                      const at::Tensor& arcface) {
  if (slotIndex < 0 || slotIndex > 1) throw Error("identity slot must be 0 (A) or 1 (B)");
  Slot& slot = slots_[size_t(slotIndex)];
  const IdentityTokensPair t = networks().build(pixels, arcface);
  slot = Slot{{}, t.id, t.base, slot.version + 1};
  slot.state.photos = {label};
  slot.state.ready = true;
  ++stats_.identityBuilds;
  return slot.state;
}

void StudioSession::requireIdentity(const IdentityRecord& id, const CancelToken* cancel) {
  const IdentityState& a = setIdentity(0, id.photosA, cancel);
  if (!a.ready) throw Error("identity A: " + a.error);
  const IdentityState& b = setIdentity(1, id.photosB, cancel);
  if (id.mixed() && !b.ready) throw Error("identity B: " + b.error);
  if (id.baseLora && !networks().hyper().hasBaseLora())
    throw Error(
        "Base-LoRA: this HyperLoRA variant has none (the released weights ship no "
        "Base-LoRA: it is distilled into the ID-LoRA); turn the Base-LoRA off");
}

const StudioSession::Synthesis& StudioSession::synthesise(const IdentityRecord& id) {
  const Slot &a = slots_[0], &b = slots_[1];
  const int versionB = id.mixed() ? b.version : -1;
  const double mix = id.mixed() ? id.mix : 0.0;
  Synthesis& s = synthesis_;
  if (s.id && s.versionA == a.version && s.versionB == versionB && s.mix == mix) return s;
  const HyperLora& hyper = networks().hyper();
  // Mixing the pre-normalisation means keeps every mix on the unit sphere HyperLoRA trained on.
  const at::Tensor tokens =
      id.mixed() ? HyperLora::interpolate(a.id, b.id, mix, InterpolationMode::MixRawThenNormalize)
                 : a.id.tokens;
  s.idTensors = hyper.makeLora(tokens);
  s.id = std::make_shared<LoraFile>(LoraFile::fromTensors("identity", s.idTensors));
  if (s.versionA != a.version || !s.base) {
    s.base = hyper.hasBaseLora() && a.base.tokens.defined()
                 ? std::make_shared<LoraFile>(
                       LoraFile::fromTensors("identity-base", hyper.makeLora(a.base.tokens, true)))
                 : nullptr;
  }
  // The memory-saving modes keep the 3 GB of mapped bases out of the resident set between
  // syntheses (the next one maps them again from the page cache).
  if (placement_.memory != MemoryMode::Resident) hyper.releaseBases();
  s.versionA = a.version;
  s.versionB = versionB;
  s.mix = mix;
  ++s.serial;
  ++stats_.loraSyntheses;
  return s;
}

std::shared_ptr<LoraFile> StudioSession::userLora(const std::string& path, std::string* key) {
  const std::string stamp = fileStamp(path);
  CachedLora& c = loras_[path];
  if (!c.file || c.stamp != stamp) {
    c.file = std::make_shared<LoraFile>(LoraFile::load(path));
    c.stamp = stamp;
  }
  *key = "file:" + path + "@" + stamp;
  return c.file;
}

std::vector<LoraEntry> StudioSession::stackOf(const GenerationSettings& s,
                                              const CancelToken* cancel) {
  std::vector<LoraEntry> stack;
  for (const UserLora& l : s.loras) {
    std::string key;
    std::shared_ptr<LoraFile> file = userLora(l.path, &key);
    stack.push_back({key, file, l.strength});
  }
  if (s.identity.active()) {
    requireIdentity(s.identity, cancel);
    const Synthesis& syn = synthesise(s.identity);
    stack.push_back({"identity:" + std::to_string(syn.serial), syn.id, s.identity.strength});
    if (s.identity.baseLora && syn.base)
      stack.push_back(
          {"identity-base:" + std::to_string(slots_[0].version), syn.base, s.identity.strength});
  }
  return stack;
}

StackReport StudioSession::applyStack(const GenerationSettings& settings,
                                      const CancelToken* cancel) {
  const std::vector<LoraEntry> stack = stackOf(settings, cancel);
  StackReport r = pipeline().applyLoras(stack);
  if (r.merged || r.restored) ++stats_.stackChanges;
  stats_.lastStack = r;
  return r;
}

namespace {

void checkHires(const GenerationSettings& s) {
  const HiresSettings& h = s.hires;
  if (s.edit.active())
    throw Error("the hires fix is for text to image: turn it off for img2img and inpainting");
  if (!(h.scale > 1.0 && h.scale <= 8.0) || !(h.denoise > 0.0 && h.denoise <= 1.0))
    throw Error("hires fix: the scale must be above 1 and at most 8, the denoise in (0, 1]");
  if (h.upscaler != "lanczos" && h.upscaler != "latent")
    throw Error("hires fix: unknown upscaler \"" + h.upscaler + "\" (lanczos or latent)");
  if (h.steps < 0 || h.steps > 1000)
    throw Error("hires fix: the steps must be between 0 (as the first pass) and 1000");
  const int steps = h.steps > 0 ? h.steps : s.steps;
  if (stepsRerun(steps, h.denoise) < 1) {
    char text[120];
    std::snprintf(text, sizeof text,
                  "hires fix: denoise %g of %d steps leaves no step to run: raise either",
                  h.denoise, steps);
    throw Error(text);
  }
}

// The plain numbers, NaN and infinities included (a pasted recipe or --cfg nan may carry them,
// and every comparison with NaN is false).
void checkNumbers(const GenerationSettings& s) {
  const auto within = [](double v, double lo, double hi) { return v >= lo && v <= hi; };
  if (!within(s.cfg, 0.0, 100.0)) throw Error("CFG must be a number from 0 to 100");
  if (!within(s.guidanceRescale, 0.0, 1.0))
    throw Error("guidance rescale must be a number from 0 to 1");
  for (const UserLora& l : s.loras)
    if (!within(l.strength, -10.0, 10.0))
      throw Error("LoRA " + l.path + ": the strength must be a number from -10 to 10");
  for (const ControlSetting& c : s.controls)
    if (!within(c.scale, -10.0, 10.0))
      throw Error("ControlNet " + c.model + ": the scale must be a number from -10 to 10");
}

}  // namespace

void StudioSession::checkIdentity(const IdentityRecord& id) {
  if (!(id.strength >= -10.0 && id.strength <= 10.0))  // NaN too
    throw Error("identity strength must be a number from -10 to 10");
  if (id.mixed() && !(id.mix >= 0.0 && id.mix <= 1.0))
    throw Error("identity mix must be between 0 (A) and 1 (B)");
}

void StudioSession::checkSettings(const GenerationSettings& s) {
  if (!s.edit.active()) checkImageSize(s.width, s.height);  // else the image's size
  checkSampling(s.steps, s.edit.active(), s.edit.strength);
  checkNumbers(s);
  checkIdentity(s.identity);
  if (s.hires.enabled) checkHires(s);
  if (s.faceDetail.enabled) checkFaceDetail(s.faceDetail);
  for (const ControlSetting& c : s.controls) {
    if (!(c.start >= 0 && c.end <= 1 && c.start < c.end))  // NaN too
      throw Error("ControlNet " + c.model + ": start and end must satisfy 0 <= start < end <= 1");
    if (!std::filesystem::exists(c.model)) throw Error(c.model + ": ControlNet not found");
    if (!c.image.empty() && !std::filesystem::is_regular_file(c.image))
      throw Error(c.image + ": control image not found");
  }
  // Files the settings name (identity photos are reported one by one when the identity builds).
  for (const UserLora& l : s.loras) fileStamp(l.path);
  for (const std::string& f : {s.edit.initImage, s.edit.mask})
    if (!f.empty() && !std::filesystem::is_regular_file(f))
      throw Error(f + ": image file not found");
}

Generation StudioSession::generate(const GenerationSettings& s, const ProgressCallback& progress,
                                   const CancelToken* cancel, const GenerationOverrides& o) {
  checkSettings(s);
  SdxlPipeline& p = pipeline();
  applyStack(s, cancel);
  ScopedTimer total("generation");
  GenerateRequest r = requestOf(s);
  r.initialLatents = o.initialLatents;
  r.ancestralNoise = o.noise;
  Generation g;
  const Edit edit = prepareEdit(s, r);
  addControls(s, r.width, r.height, r);
  GenerateResult res = p.generate(r, progress, cancel, o.tap);
  g.image = std::move(res.rgb);
  g.latents = res.latents;
  g.stepSeconds = res.stepSeconds;
  if (s.edit.inpaint() && s.edit.pasteBack) pasteBack(g.image, edit);
  if (s.hires.enabled) hiresPass(s, r, g, progress, cancel);
  if (s.faceDetail.enabled)
    faceDetailPass(s, r, g.image, progress, cancel,
                   s.edit.inpaint() ? edit.softMask : std::vector<float>());
  GenerationRecord& rec = g.record;
  rec.settings = s;
  rec.modelName = p.modelName();
  rec.modelHash = modelHash();
  rec.demo = set_.isDemo;
  rec.baseLoraApplied = s.identity.active() && s.identity.baseLora;
  rec.seconds = total.seconds();
  rec.app = appName();
  return g;
}

void StudioSession::exportIdentityLora(const IdentityRecord& id, const std::string& path) {
  if (!id.active()) throw Error("there is no identity to export: add photos to identity A");
  checkIdentity(id);
  requireIdentity(id, nullptr);
  const Synthesis& s = synthesise(id);
  const int rank = networks().hyper().config().loraRank;
  HyperLora::exportLora(path, s.idTensors,
                        {{"ss_network_module", "networks.lora"},
                         {"ss_network_dim", std::to_string(rank)},
                         {"ss_network_alpha", std::to_string(rank / 2.0)},
                         {"generator", appName()}});
}

std::vector<std::pair<std::string, double>> StudioSession::identityEnergy(
    const IdentityRecord& id) {
  requireIdentity(id, nullptr);
  return unetBlockEnergy(*synthesise(id).id);
}

FaceSimilarity StudioSession::compareFaces(const RgbImage& image) const {
  FaceSimilarity out;
  const IdentityState &a = slots_[0].state, &b = slots_[1].state;
  if (!faces_ || !a.ready || a.face.empty()) return out;
  const FaceMatch m = faces_->match(image, a.face);
  out.facesFound = m.facesFound;
  out.a = m.similarity;
  if (b.ready && !b.face.empty() && !m.embedding.empty()) out.b = cosine(m.embedding, b.face);
  return out;
}

const std::string& StudioSession::modelHash() {
  if (!modelHash_.empty() || !pipeline_ || set_.sdxlFormat == SdxlFormat::None) return modelHash_;
  std::string file = set_.sdxlPath;
  if (set_.sdxlFormat == SdxlFormat::DiffusersFolder) {
    const std::string f = fs::safetensorsFile(set_.sdxlPath + "/unet", "diffusion_pytorch_model");
    if (!f.empty()) file = f;
  }
  modelHash_ = cachedSha256File(file, defaultHashCache()).substr(0, 10);
  return modelHash_;
}

}  // namespace hl::studio
