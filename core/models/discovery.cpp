#include "models/discovery.h"

#include <algorithm>
#include <filesystem>
#include <sstream>

#include "safetensors/file_kind.h"
#include "safetensors/safetensors.h"
#include "util/fs.h"

namespace hl {
namespace stdfs = std::filesystem;
namespace {

bool isFile(const stdfs::path& p) {
  std::error_code ec;
  return stdfs::is_regular_file(p, ec);
}
bool isDir(const stdfs::path& p) {
  std::error_code ec;
  return stdfs::is_directory(p, ec);
}

std::vector<stdfs::path> listDir(const stdfs::path& dir, bool dirs) {
  std::vector<stdfs::path> out;
  std::error_code ec;
  if (!isDir(dir)) return out;
  for (const auto& e : stdfs::directory_iterator(dir, ec)) {
    if (dirs ? isDir(e.path()) : isFile(e.path())) out.push_back(e.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

// A diffusers component file, accepting the ".fp16" variant naming of the Hub.
std::string componentFile(const stdfs::path& dir, const std::string& stem) {
  return hl::fs::safetensorsFile(dir.string(), stem);
}

// Missing files of a diffusers SDXL folder, in plain words.
std::vector<std::string> diffusersMissing(const stdfs::path& dir) {
  std::vector<std::string> missing;
  if (!isFile(dir / "model_index.json")) missing.push_back("model_index.json");
  const std::pair<const char*, const char*> parts[] = {
      {"unet", "diffusion_pytorch_model"}, {"vae", "diffusion_pytorch_model"},
      {"text_encoder", "model"}, {"text_encoder_2", "model"}};
  for (const auto& [sub, stem] : parts) {
    if (!isFile(dir / sub / "config.json"))
      missing.push_back(std::string(sub) + "/config.json");
    if (componentFile(dir / sub, stem).empty())
      missing.push_back(std::string(sub) + "/" + stem + ".safetensors");
  }
  return missing;
}

std::string join(const std::vector<std::string>& xs, const char* sep = ", ") {
  std::string s;
  for (size_t i = 0; i < xs.size(); ++i) s += (i ? sep : "") + xs[i];
  return s;
}

bool hasTokenizerFiles(const stdfs::path& dir) {
  return isFile(dir / "vocab.json") && isFile(dir / "merges.txt");
}

const char* kHintSdxl =
    "Put an SDXL checkpoint (.safetensors, e.g. sd_xl_base_1.0.safetensors, RealVisXL or "
    "CyberRealistic XL) into models/checkpoints/, or choose a diffusers SDXL folder.";
const char* kHintHyperLora =
    "Download sdxl_hyper_id_lora_v1_fidelity (or _edit) from the bytedance-research/HyperLoRA "
    "release (CC BY-NC 4.0) into models/hyper_lora/hyper_lora/.";
const char* kHintClip =
    "Download config.json and model.safetensors of openai/clip-vit-large-patch14 into "
    "models/hyper_lora/clip_vit/clip_vit_large_14/.";
const char* kHintFaces =
    "Download insightface's antelopev2 pack (non-commercial research licence) and unpack "
    "scrfd_10g_bnkps.onnx, 2d106det.onnx and glintr100.onnx into "
    "models/insightface/models/antelopev2/.";
const char* kHintTokenizer =
    "Put vocab.json and merges.txt of openai/clip-vit-large-patch14 into the CLIP folder, or "
    "point the tokenizer setting at ComfyUI's comfy/sd1_tokenizer folder.";

}  // namespace

bool isSingleFileSdxl(const std::string& file) {
  try {
    auto f = st::File::open(file);
    for (const auto& t : f->tensors())
      if (t.name.rfind("model.diffusion_model.", 0) == 0) return true;
  } catch (...) {
  }
  return false;
}

ModelSet discoverModels(const std::string& rootArg, const DiscoveryOptions& opt) {
  ModelSet s;
  s.root = rootArg;
  stdfs::path root(rootArg);
  stdfs::path modelsRoot;  // ComfyUI-style models/ folder, if any
  stdfs::path sdxlCandidate;

  if (!rootArg.empty()) {
    if (isFile(root)) {
      sdxlCandidate = root;
    } else if (isFile(root / "model_index.json")) {
      sdxlCandidate = root;
    } else if (isDir(root / "models") &&
               (isDir(root / "models" / "checkpoints") || isDir(root / "models" / "hyper_lora"))) {
      modelsRoot = root / "models";  // a ComfyUI installation folder
    } else {
      modelsRoot = root;
    }
  }
  s.isDemo = (!modelsRoot.empty() && isFile(modelsRoot / kDemoPackMarker)) ||
             (!rootArg.empty() && isFile(root / kDemoPackMarker));

  // --- SDXL ----------------------------------------------------------------------------------
  {
    ComponentStatus st{kCompSdxl};
    st.hint = kHintSdxl;
    std::vector<stdfs::path> candidates;
    if (!opt.sdxl.empty()) {
      candidates.push_back(opt.sdxl);
      st.lookedIn.push_back(opt.sdxl);
    } else if (!sdxlCandidate.empty()) {
      candidates.push_back(sdxlCandidate);
      st.lookedIn.push_back(sdxlCandidate.string());
    } else if (!modelsRoot.empty()) {
      st.lookedIn.push_back((modelsRoot / "diffusers").string());
      st.lookedIn.push_back((modelsRoot / "checkpoints").string());
      for (const auto& d : listDir(modelsRoot / "diffusers", true))
        if (isFile(d / "model_index.json")) candidates.push_back(d);
      std::vector<stdfs::path> files;
      for (const auto& f : listDir(modelsRoot / "checkpoints", false))
        if (f.extension() == ".safetensors") files.push_back(f);
      if (!opt.preferredCheckpoint.empty())
        std::stable_partition(files.begin(), files.end(), [&](const stdfs::path& p) {
          return p.filename() == opt.preferredCheckpoint;
        });
      candidates.insert(opt.preferredCheckpoint.empty() ? candidates.end() : candidates.begin(),
                        files.begin(), files.end());
    }
    std::vector<std::string> problems;
    for (const auto& c : candidates) {
      if (isDir(c)) {
        auto missing = diffusersMissing(c);
        if (missing.empty()) {
          if (!st.found) {
            st.found = true;
            st.path = c.string();
            s.sdxlFormat = SdxlFormat::DiffusersFolder;
            s.sdxlPath = c.string();
          } else {
            s.checkpointAlternatives.push_back(c.string());
          }
        } else {
          problems.push_back(c.string() + " is missing " + join(missing));
        }
      } else if (isFile(c)) {
        if (isSingleFileSdxl(c.string())) {
          if (!st.found) {
            st.found = true;
            st.path = c.string();
            s.sdxlFormat = SdxlFormat::SingleFile;
            s.sdxlPath = c.string();
          } else {
            s.checkpointAlternatives.push_back(c.string());
          }
        } else if (const st::ForeignFormat k = st::recogniseForeignFile(c.string()); !k.what.empty()) {
          problems.push_back(c.string() + " is " + k.what + ". " + k.advice);
        } else {
          problems.push_back(c.string() +
                             " is not an SDXL single-file checkpoint (no model.diffusion_model.* "
                             "tensors, or not a readable safetensors file)");
        }
      } else {
        problems.push_back(c.string() + " does not exist");
      }
    }
    if (!st.found)
      st.detail = problems.empty() ? "no SDXL checkpoint found" : join(problems, "; ");
    s.components.push_back(st);
  }

  // --- CLIP vision ---------------------------------------------------------------------------
  {
    ComponentStatus st{kCompClipVision};
    st.hint = kHintClip;
    stdfs::path dir = !opt.clipVision.empty() ? stdfs::path(opt.clipVision)
                      : !modelsRoot.empty()
                          ? modelsRoot / "hyper_lora" / "clip_vit" / "clip_vit_large_14"
                          : stdfs::path();
    if (!dir.empty()) {
      st.lookedIn.push_back(dir.string());
      std::vector<std::string> missing;
      if (!isFile(dir / "config.json")) missing.push_back("config.json");
      if (!isFile(dir / "model.safetensors")) missing.push_back("model.safetensors");
      if (missing.empty()) {
        st.found = true;
        st.path = dir.string();
        s.clipVisionDir = dir.string();
      } else {
        st.detail = "missing " + join(missing) + " in " + dir.string();
      }
      for (const auto& p : {modelsRoot.empty() ? stdfs::path()
                                               : modelsRoot / "hyper_lora" / "clip_processor" /
                                                     "clip_vit_large_14_processor" /
                                                     "preprocessor_config.json",
                            dir / "preprocessor_config.json"})
        if (!p.empty() && isFile(p) && s.clipProcessorConfig.empty())
          s.clipProcessorConfig = p.string();
    } else {
      st.detail = "no models folder given";
    }
    s.components.push_back(st);
  }

  // --- Tokenizer -----------------------------------------------------------------------------
  {
    ComponentStatus st{kCompTokenizer};
    st.hint = kHintTokenizer;
    std::vector<stdfs::path> dirs;
    if (!opt.tokenizer.empty()) dirs.push_back(opt.tokenizer);
    if (s.sdxlFormat == SdxlFormat::DiffusersFolder) {
      dirs.push_back(stdfs::path(s.sdxlPath) / "tokenizer");
      dirs.push_back(stdfs::path(s.sdxlPath) / "tokenizer_2");
    }
    if (!s.clipVisionDir.empty()) dirs.push_back(s.clipVisionDir);
    if (!modelsRoot.empty()) {
      dirs.push_back(modelsRoot.parent_path() / "comfy" / "sd1_tokenizer");
      dirs.push_back(modelsRoot / "tokenizer");
    }
    for (const auto& d : dirs) {
      st.lookedIn.push_back(d.string());
      if (hasTokenizerFiles(d)) {
        st.found = true;
        st.path = d.string();
        s.tokenizerVocab = (d / "vocab.json").string();
        s.tokenizerMerges = (d / "merges.txt").string();
        break;
      }
    }
    if (!st.found) st.detail = "no folder with both vocab.json and merges.txt";
    s.components.push_back(st);
  }

  // --- HyperLoRA -----------------------------------------------------------------------------
  {
    ComponentStatus st{kCompHyperLora};
    st.hint = kHintHyperLora;
    const char* required[] = {"hyper_lora_modules.json", "hyper_lora_modules.safetensors",
                              "resampler.safetensors", "id_projector.safetensors"};
    std::vector<stdfs::path> variants;
    stdfs::path parent;
    if (!opt.hyperLora.empty()) {
      if (isFile(stdfs::path(opt.hyperLora) / "hyper_lora_modules.json"))
        variants.push_back(opt.hyperLora);
      else
        parent = opt.hyperLora;
    } else if (!modelsRoot.empty()) {
      parent = modelsRoot / "hyper_lora" / "hyper_lora";
    }
    if (!parent.empty()) {
      st.lookedIn.push_back(parent.string());
      variants = listDir(parent, true);
    } else if (!variants.empty()) {
      st.lookedIn.push_back(variants[0].string());
    }
    std::stable_partition(variants.begin(), variants.end(), [&](const stdfs::path& p) {
      const std::string n = p.filename().string();
      return !opt.preferredVariant.empty() ? n == opt.preferredVariant
                                           : n == "sdxl_hyper_id_lora_v1_fidelity";
    });
    std::vector<std::string> problems;
    for (const auto& v : variants) {
      std::vector<std::string> missing;
      for (const char* f : required)
        if (!isFile(v / f)) missing.push_back(f);
      if (!missing.empty()) {
        problems.push_back(v.filename().string() + " is missing " + join(missing));
        continue;
      }
      s.hyperLoraVariants.push_back(v.filename().string());
      if (!st.found) {
        st.found = true;
        st.path = v.string();
        s.hyperLoraDir = v.string();
        s.hyperLoraVariant = v.filename().string();
        s.hyperLoraHasBase = isFile(v / "base_resampler.safetensors");
      }
    }
    if (!st.found)
      st.detail = problems.empty() ? "no HyperLoRA variant folder found" : join(problems, "; ");
    else if (!s.hyperLoraHasBase)
      st.detail = "no Base-LoRA in this variant (base_resampler.safetensors absent, as in the "
                  "released weights)";
    s.components.push_back(st);
  }

  // --- Face models ---------------------------------------------------------------------------
  {
    ComponentStatus st{kCompFaces};
    st.hint = kHintFaces;
    stdfs::path dir = !opt.faceModels.empty() ? stdfs::path(opt.faceModels)
                      : !modelsRoot.empty()
                          ? modelsRoot / "insightface" / "models" / "antelopev2"
                          : stdfs::path();
    if (!dir.empty()) {
      st.lookedIn.push_back(dir.string());
      std::vector<std::string> missing;
      for (const char* f : {"scrfd_10g_bnkps.onnx", "2d106det.onnx", "glintr100.onnx"})
        if (!isFile(dir / f)) missing.push_back(f);
      if (missing.empty()) {
        st.found = true;
        st.path = dir.string();
        s.faceModelsDir = dir.string();
      } else {
        st.detail = "missing " + join(missing) + " in " + dir.string();
      }
    } else {
      st.detail = "no models folder given";
    }
    if (!st.found && s.isDemo)
      st.detail += ". The demo pack cannot contain face models (random weights cannot detect "
                   "faces), so identities need the real antelopev2 files";
    s.components.push_back(st);
  }

  // --- Files in the model folders that are not safetensors (pickles, GGUF, ...) --------------
  if (!modelsRoot.empty())
    for (const char* sub : {"checkpoints", "loras", "controlnet"})
      for (const auto& f : listDir(modelsRoot / sub, false)) {
        if (f.extension() == ".safetensors") {
          const st::ForeignFormat k = st::recogniseForeignFile(f.string());
          if (!k.what.empty()) s.unsupported.push_back(f.string() + ": " + k.what + ". " + k.advice);
        } else if (st::hasPickleExtension(f.string()) || f.extension() == ".gguf") {
          st::ForeignFormat k = st::recogniseForeignFile(f.string());
          if (k.what.empty()) k = {"a pickle by its extension", "Use the .safetensors version of this model"};
          s.unsupported.push_back(f.string() + ": " + k.what + ". " + k.advice);
        }
      }
  // --- LoRAs (optional, listed for the UI) ---------------------------------------------------
  if (!modelsRoot.empty())
    for (const auto& f : listDir(modelsRoot / "loras", false))
      if (f.extension() == ".safetensors") s.loras.push_back(f.string());
  // --- ControlNets (optional): diffusers folders and single files --------------------------
  if (!modelsRoot.empty())
    for (bool dirs : {true, false})
      for (const auto& f : listDir(modelsRoot / "controlnet", dirs))
        if (dirs ? isFile(f / "config.json") : f.extension() == ".safetensors")
          s.controlnets.push_back(f.string());
  return s;
}

const ComponentStatus* ModelSet::status(const std::string& component) const {
  for (const auto& c : components)
    if (c.component == component) return &c;
  return nullptr;
}

bool ModelSet::canGenerate() const {
  return !sdxlPath.empty() && !tokenizerVocab.empty();
}
bool ModelSet::canMakeIdentity() const {
  return !hyperLoraDir.empty() && !clipVisionDir.empty() && !faceModelsDir.empty();
}
bool ModelSet::complete() const {
  for (const auto& c : components)
    if (c.required && !c.found) return false;
  return true;
}

std::string ModelSet::report() const {
  std::ostringstream o;
  if (isDemo) o << "Demo model pack: random weights, images are noise.\n";
  for (const auto& c : components) {
    o << (c.found ? "[found]   " : "[missing] ") << c.component;
    if (c.found) {
      o << ": " << c.path;
      if (c.component == kCompSdxl)
        o << (sdxlFormat == SdxlFormat::SingleFile ? " (single file)" : " (diffusers folder)");
      if (c.component == kCompHyperLora) o << " (variant " << hyperLoraVariant << ")";
    }
    o << "\n";
    if (!c.detail.empty()) o << "          " << c.detail << "\n";
    if (!c.found) {
      if (!c.lookedIn.empty()) o << "          looked in: " << join(c.lookedIn) << "\n";
      o << "          " << c.hint << "\n";
    }
  }
  for (const auto& u : unsupported) o << "[not read] " << u << "\n";
  return o.str();
}

}  // namespace hl
