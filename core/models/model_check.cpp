#include "models/model_check.h"

#include <filesystem>
#include <functional>
#include <optional>
#include <sstream>

#include "models/configs.h"
#include "models/weight_specs.h"
#include "safetensors/safetensors.h"
#include "text/bpe_vocab.h"
#include "util/error.h"
#include "util/fs.h"
#include "util/json.h"

namespace hl {
namespace stdfs = std::filesystem;
namespace {

std::string dtypesOf(const st::File& f) {
  std::string s;
  for (const auto& t : f.tensors()) {
    const std::string n = st::dtypeName(t.dtype);
    if (s.find(n) == std::string::npos) s += (s.empty() ? "" : "/") + n;
  }
  return s;
}

// Runs one check, turning any hl::Error into a failed entry.
void run(ModelSetCheck& out, const std::string& component, const std::string& path,
         const std::function<std::string(FileCheck&)>& fn) {
  FileCheck c;
  c.component = component;
  c.path = path;
  try {
    c.message = fn(c);
    c.ok = true;
  } catch (const std::exception& e) {
    c.message = e.what();
  }
  out.files.push_back(std::move(c));
}

// `mismatchNote` is added to a shape or name mismatch (not to a file that cannot be read).
std::string checkWeightsFile(FileCheck& c, const WeightSpecs& specs,
                             const std::vector<std::string>& ignore = {},
                             bool allowUnexpected = false, const std::string& mismatchNote = {}) {
  auto f = st::File::open(c.path);
  const WeightCheck r = checkWeights(*f, specs, ignore, allowUnexpected);
  if (!r.ok()) throw Error(r.describe(c.component, f->path()) + mismatchNote);
  c.tensors = f->tensors().size();
  return std::to_string(f->tensors().size()) + " tensors, " + dtypesOf(*f);
}

std::string fileIn(const std::string& dir, const std::string& stem) {
  std::string p = hl::fs::safetensorsFile(dir, stem);
  if (!p.empty()) return p;
  return (stdfs::path(dir) / (stem + ".safetensors")).string();
}

}  // namespace

bool ModelSetCheck::ok() const {
  for (const auto& f : files)
    if (!f.ok) return false;
  return true;
}

std::string ModelSetCheck::report() const {
  std::ostringstream o;
  for (const auto& f : files)
    o << (f.ok ? "[ok]    " : "[error] ") << f.component << ": " << f.path << "\n        "
      << f.message << "\n";
  return o.str();
}

namespace {

// An inpainting checkpoint is easy to pick by mistake: say so where the models are listed.
std::string unetKind(int64_t inChannels) {
  if (inChannels != 9) return {};
  return "; an inpainting UNet (9 input channels): without a mask it repaints everything";
}

// A diffusers SDXL folder: each component's weights against its config.
void checkDiffusersFolder(ModelSetCheck& out, const std::string& d) {
  run(out, "UNet", fileIn(d + "/unet", "diffusion_pytorch_model"), [&](FileCheck& c) {
    auto cfg = UnetConfig::fromJson(json::parseFile(d + "/unet/config.json"));
    return checkWeightsFile(c, unetWeightSpecs(cfg)) + unetKind(cfg.inChannels);
  });
  run(out, "VAE", fileIn(d + "/vae", "diffusion_pytorch_model"), [&](FileCheck& c) {
    auto cfg = VaeConfig::fromJson(json::parseFile(d + "/vae/config.json"));
    return checkWeightsFile(c, vaeWeightSpecs(cfg));
  });
  for (const char* te : {"text_encoder", "text_encoder_2"}) {
    run(out, te, fileIn(d + "/" + te, "model"), [&](FileCheck& c) {
      auto cfg = ClipTextConfig::fromJson(json::parseFile(d + "/" + te + "/config.json"));
      // Older transformers versions saved position_ids buffers: harmless, ignored.
      return checkWeightsFile(c, clipTextWeightSpecs(cfg), {"text_model.embeddings.position_ids"});
    });
  }
}

// A single file: the four networks are all there (their shapes are checked when loading).
void checkSingleFile(ModelSetCheck& out, const std::string& path) {
  run(out, "SDXL single file", path, [&](FileCheck& c) {
    auto f = st::File::open(c.path);
    const char* groups[] = {"model.diffusion_model.", "first_stage_model.",
                            "conditioner.embedders.0.transformer.",
                            "conditioner.embedders.1.model."};
    std::string counts;
    for (const char* g : groups) {
      size_t n = 0;
      for (const auto& t : f->tensors()) n += t.name.rfind(g, 0) == 0;
      if (n == 0)
        throw Error(c.path + ": no tensors under \"" + g +
                    "\": not a complete SDXL single-file checkpoint");
      counts += (counts.empty() ? "" : ", ") + std::string(g) + "* " + std::to_string(n);
    }
    c.tensors = f->tensors().size();
    const st::TensorInfo* in = f->find("model.diffusion_model.input_blocks.0.0.weight");
    return counts + " (" + dtypesOf(*f) + ")" +
           (in && in->shape.size() == 4 ? unetKind(in->shape[1]) : std::string());
  });
}

void checkTokenizer(ModelSetCheck& out, const ModelSet& set) {
  run(out, "CLIP tokenizer", set.tokenizerVocab, [&](FileCheck&) {
    BpeVocab v = loadBpeVocab(set.tokenizerVocab, set.tokenizerMerges);
    return std::to_string(v.size()) + " tokens, " + std::to_string(v.merges.size()) + " merges";
  });
}

// The CLIP config when it could be read: HyperLoRA's shapes follow its hidden size.
std::optional<ClipVisionConfig> checkClipVision(ModelSetCheck& out, const ModelSet& set) {
  std::optional<ClipVisionConfig> clipCfg;
  run(out, "CLIP vision", set.clipVisionDir + "/model.safetensors", [&](FileCheck& c) {
    clipCfg = ClipVisionConfig::fromJson(json::parseFile(set.clipVisionDir + "/config.json"));
    // The full openai CLIP file also holds the text tower, logit_scale and text_projection.
    return checkWeightsFile(c, clipVisionWeightSpecs(*clipCfg), {}, true);
  });
  return clipCfg;
}

// Without a readable CLIP config the shapes assume CLIP ViT-L/14's, and a mismatch says so.
void checkHyperLora(ModelSetCheck& out, const ModelSet& set,
                    const std::optional<ClipVisionConfig>& clip) {
  const std::string d = set.hyperLoraDir;
  const ClipVisionConfig clipCfg = clip.value_or(ClipVisionConfig());
  const std::string note = clip ? std::string()
                                : " (no readable CLIP ViT config, so these shapes assume CLIP "
                                  "ViT-L/14's hidden size 1024: fix the CLIP folder first)";
  std::vector<HyperLoraModuleEntry> modules;
  HyperLoraConfig cfg = HyperLoraConfig::released();
  run(out, "HyperLoRA module list", d + "/hyper_lora_modules.json", [&](FileCheck& c) {
    modules = parseHyperLoraModules(json::parseFile(c.path), c.path);
    std::error_code ec;
    if (stdfs::is_regular_file(d + "/config.json", ec))
      cfg = HyperLoraConfig::fromJson(json::parseFile(d + "/config.json"), clipCfg.hiddenSize);
    cfg.clipHiddenSize = clipCfg.hiddenSize;
    cfg.hasBaseLora = set.hyperLoraHasBase;
    return std::to_string(modules.size()) + " modules";
  });
  if (modules.empty()) return;  // the list failed, and said why
  run(out, "HyperLoRA bases", d + "/hyper_lora_modules.safetensors", [&](FileCheck& c) {
    return checkWeightsFile(c, hyperLoraBasisSpecs(cfg, modules), {}, false, note);
  });
  run(out, "HyperLoRA resampler", d + "/resampler.safetensors", [&](FileCheck& c) {
    return checkWeightsFile(c, resamplerWeightSpecs(cfg, int64_t(modules.size()), 2), {}, false,
                            note);
  });
  run(out, "HyperLoRA id projector", d + "/id_projector.safetensors", [&](FileCheck& c) {
    return checkWeightsFile(c, idProjectorWeightSpecs(cfg), {}, false, note);
  });
  if (set.hyperLoraHasBase)
    run(out, "HyperLoRA base resampler", d + "/base_resampler.safetensors", [&](FileCheck& c) {
      return checkWeightsFile(c, resamplerWeightSpecs(cfg, int64_t(modules.size()), 1), {}, false,
                              note);
    });
}

}  // namespace

ModelSetCheck verifyModelSet(const ModelSet& set) {
  ModelSetCheck out;
  if (set.sdxlFormat == SdxlFormat::DiffusersFolder)
    checkDiffusersFolder(out, set.sdxlPath);
  else if (set.sdxlFormat == SdxlFormat::SingleFile)
    checkSingleFile(out, set.sdxlPath);
  if (!set.tokenizerVocab.empty()) checkTokenizer(out, set);
  std::optional<ClipVisionConfig> clipCfg;
  if (!set.clipVisionDir.empty()) clipCfg = checkClipVision(out, set);
  if (!set.hyperLoraDir.empty()) checkHyperLora(out, set, clipCfg);
  return out;
}

}  // namespace hl
