#include "models/discovery.h"

#include <algorithm>
#include <filesystem>
#include <initializer_list>
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
  const std::pair<const char*, const char*> parts[] = {{"unet", "diffusion_pytorch_model"},
                                                       {"vae", "diffusion_pytorch_model"},
                                                       {"text_encoder", "model"},
                                                       {"text_encoder_2", "model"}};
  for (const auto& [sub, stem] : parts) {
    if (!isFile(dir / sub / "config.json")) missing.push_back(std::string(sub) + "/config.json");
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

namespace {

// Where discovery looks: what the root argument is decides the rest.
struct SearchRoots {
  stdfs::path modelsRoot;     // a ComfyUI-style models/ folder, if any
  stdfs::path sdxlCandidate;  // the root itself when it is a checkpoint or a diffusers folder
};

SearchRoots classifyRoot(const stdfs::path& root) {
  SearchRoots r;
  if (root.empty()) return r;
  if (isFile(root) || isFile(root / "model_index.json"))
    r.sdxlCandidate = root;
  else if (isDir(root / "models") &&
           (isDir(root / "models" / "checkpoints") || isDir(root / "models" / "hyper_lora")))
    r.modelsRoot = root / "models";  // a ComfyUI installation folder
  else
    r.modelsRoot = root;
  return r;
}

// The names in `required` that are not files in `dir`.
std::vector<std::string> missingIn(const stdfs::path& dir,
                                   std::initializer_list<const char*> required) {
  std::vector<std::string> missing;
  for (const char* f : required)
    if (!isFile(dir / f)) missing.push_back(f);
  return missing;
}

// SDXL candidates in the order they are tried: an option, the root itself, else the diffusers
// folders and then the checkpoints of a models/ folder (the preferred checkpoint first).
std::vector<stdfs::path> sdxlCandidates(const SearchRoots& r, const DiscoveryOptions& opt,
                                        ComponentStatus& st) {
  std::vector<stdfs::path> candidates;
  if (!opt.sdxl.empty() || !r.sdxlCandidate.empty()) {
    const stdfs::path c = !opt.sdxl.empty() ? stdfs::path(opt.sdxl) : r.sdxlCandidate;
    candidates.push_back(c);
    st.lookedIn.push_back(c.string());
    return candidates;
  }
  if (r.modelsRoot.empty()) return candidates;
  st.lookedIn.push_back((r.modelsRoot / "diffusers").string());
  st.lookedIn.push_back((r.modelsRoot / "checkpoints").string());
  for (const auto& d : listDir(r.modelsRoot / "diffusers", true))
    if (isFile(d / "model_index.json")) candidates.push_back(d);
  std::vector<stdfs::path> files;
  for (const auto& f : listDir(r.modelsRoot / "checkpoints", false))
    if (f.extension() == ".safetensors") files.push_back(f);
  const bool preferred = !opt.preferredCheckpoint.empty();
  if (preferred)
    std::stable_partition(files.begin(), files.end(), [&](const stdfs::path& p) {
      return p.filename() == opt.preferredCheckpoint;
    });
  candidates.insert(preferred ? candidates.begin() : candidates.end(), files.begin(), files.end());
  return candidates;
}

// Why `c` is not a usable SDXL checkpoint, or empty when it is; `format` says which kind it is.
std::string sdxlProblem(const stdfs::path& c, SdxlFormat& format) {
  if (isDir(c)) {
    format = SdxlFormat::DiffusersFolder;
    const auto missing = diffusersMissing(c);
    return missing.empty() ? std::string() : c.string() + " is missing " + join(missing);
  }
  if (!isFile(c)) return c.string() + " does not exist";
  format = SdxlFormat::SingleFile;
  if (isSingleFileSdxl(c.string())) return {};
  if (const st::ForeignFormat k = st::recogniseForeignFile(c.string()); !k.what.empty())
    return c.string() + " is " + k.what + ". " + k.advice;
  return c.string() +
         " is not an SDXL single-file checkpoint (no model.diffusion_model.* tensors, or not a "
         "readable safetensors file)";
}

// The first usable candidate is the checkpoint; later usable ones are the alternatives.
ComponentStatus findSdxl(ModelSet& s, const SearchRoots& r, const DiscoveryOptions& opt) {
  ComponentStatus st{kCompSdxl};
  st.hint = kHintSdxl;
  std::vector<std::string> problems;
  for (const auto& c : sdxlCandidates(r, opt, st)) {
    SdxlFormat format = SdxlFormat::None;
    if (std::string problem = sdxlProblem(c, format); !problem.empty()) {
      problems.push_back(std::move(problem));
    } else if (st.found) {
      s.checkpointAlternatives.push_back(c.string());
    } else {
      st.found = true;
      st.path = s.sdxlPath = c.string();
      s.sdxlFormat = format;
    }
  }
  if (!st.found) st.detail = problems.empty() ? "no SDXL checkpoint found" : join(problems, "; ");
  return st;
}

// The folder of a one-folder component: the option's, else `standard` in the models folder;
// empty when neither is given.
stdfs::path folderFor(const std::string& option, const SearchRoots& r,
                      const stdfs::path& standard) {
  if (!option.empty()) return option;
  return r.modelsRoot.empty() ? stdfs::path() : r.modelsRoot / standard;
}

// A component that is one folder of `required` files; `found` receives the folder.
ComponentStatus findFolder(const char* component, const char* hint, const stdfs::path& dir,
                           std::initializer_list<const char*> required, std::string& found) {
  ComponentStatus st{component};
  st.hint = hint;
  if (dir.empty()) {
    st.detail = "no models folder given";
    return st;
  }
  st.lookedIn.push_back(dir.string());
  const auto missing = missingIn(dir, required);
  if (missing.empty()) {
    st.found = true;
    st.path = found = dir.string();
  } else {
    st.detail = "missing " + join(missing) + " in " + dir.string();
  }
  return st;
}

ComponentStatus findClipVision(ModelSet& s, const SearchRoots& r, const DiscoveryOptions& opt) {
  const stdfs::path dir =
      folderFor(opt.clipVision, r, stdfs::path("hyper_lora") / "clip_vit" / "clip_vit_large_14");
  ComponentStatus st = findFolder(kCompClipVision, kHintClip, dir,
                                  {"config.json", "model.safetensors"}, s.clipVisionDir);
  if (dir.empty()) return st;
  // ComfyUI-HyperLoRA keeps the processor settings in a folder of their own.
  const stdfs::path processors[] = {
      r.modelsRoot.empty() ? stdfs::path()
                           : r.modelsRoot / "hyper_lora" / "clip_processor" /
                                 "clip_vit_large_14_processor" / "preprocessor_config.json",
      dir / "preprocessor_config.json"};
  for (const auto& p : processors)
    if (!p.empty() && isFile(p)) {
      s.clipProcessorConfig = p.string();
      break;
    }
  return st;
}

ComponentStatus findTokenizer(ModelSet& s, const SearchRoots& r, const DiscoveryOptions& opt) {
  ComponentStatus st{kCompTokenizer};
  st.hint = kHintTokenizer;
  std::vector<stdfs::path> dirs;
  if (!opt.tokenizer.empty()) dirs.push_back(opt.tokenizer);
  if (s.sdxlFormat == SdxlFormat::DiffusersFolder) {
    dirs.push_back(stdfs::path(s.sdxlPath) / "tokenizer");
    dirs.push_back(stdfs::path(s.sdxlPath) / "tokenizer_2");
  }
  if (!s.clipVisionDir.empty()) dirs.push_back(s.clipVisionDir);
  if (!r.modelsRoot.empty()) {
    dirs.push_back(r.modelsRoot.parent_path() / "comfy" / "sd1_tokenizer");
    dirs.push_back(r.modelsRoot / "tokenizer");
  }
  for (const auto& d : dirs) {
    st.lookedIn.push_back(d.string());
    if (hasTokenizerFiles(d)) {
      st.found = true;
      st.path = d.string();
      s.tokenizerVocab = (d / "vocab.json").string();
      s.tokenizerMerges = (d / "merges.txt").string();
      return st;
    }
  }
  st.detail = "no folder with both vocab.json and merges.txt";
  return st;
}

// Variant folders in the order they are tried: the one option folder, or every folder of the
// parent with the preferred variant (else the fidelity one) first.
std::vector<stdfs::path> hyperLoraVariants(const SearchRoots& r, const DiscoveryOptions& opt,
                                           ComponentStatus& st) {
  std::vector<stdfs::path> variants;
  stdfs::path parent;
  if (!opt.hyperLora.empty()) {
    if (isFile(stdfs::path(opt.hyperLora) / "hyper_lora_modules.json"))
      variants.push_back(opt.hyperLora);
    else
      parent = opt.hyperLora;
  } else if (!r.modelsRoot.empty()) {
    parent = r.modelsRoot / "hyper_lora" / "hyper_lora";
  }
  if (!parent.empty()) {
    st.lookedIn.push_back(parent.string());
    variants = listDir(parent, true);
  } else if (!variants.empty()) {
    st.lookedIn.push_back(variants[0].string());
  }
  const std::string first =
      !opt.preferredVariant.empty() ? opt.preferredVariant : "sdxl_hyper_id_lora_v1_fidelity";
  std::stable_partition(variants.begin(), variants.end(),
                        [&](const stdfs::path& p) { return p.filename().string() == first; });
  return variants;
}

ComponentStatus findHyperLora(ModelSet& s, const SearchRoots& r, const DiscoveryOptions& opt) {
  ComponentStatus st{kCompHyperLora};
  st.hint = kHintHyperLora;
  std::vector<std::string> problems;
  for (const auto& v : hyperLoraVariants(r, opt, st)) {
    const auto missing = missingIn(v, {"hyper_lora_modules.json", "hyper_lora_modules.safetensors",
                                       "resampler.safetensors", "id_projector.safetensors"});
    const std::string name = v.filename().string();
    if (!missing.empty()) {
      problems.push_back(name + " is missing " + join(missing));
      continue;
    }
    s.hyperLoraVariants.push_back(name);
    if (st.found) continue;
    st.found = true;
    st.path = s.hyperLoraDir = v.string();
    s.hyperLoraVariant = name;
    s.hyperLoraHasBase = isFile(v / "base_resampler.safetensors");
  }
  if (!st.found)
    st.detail = problems.empty() ? "no HyperLoRA variant folder found" : join(problems, "; ");
  else if (!s.hyperLoraHasBase)
    st.detail =
        "no Base-LoRA in this variant (base_resampler.safetensors absent, as in the "
        "released weights)";
  return st;
}

ComponentStatus findFaceModels(ModelSet& s, const SearchRoots& r, const DiscoveryOptions& opt) {
  ComponentStatus st =
      findFolder(kCompFaces, kHintFaces,
                 folderFor(opt.faceModels, r, stdfs::path("insightface") / "models" / "antelopev2"),
                 {"scrfd_10g_bnkps.onnx", "2d106det.onnx", "glintr100.onnx"}, s.faceModelsDir);
  if (!st.found && s.isDemo)
    st.detail +=
        ". The demo pack cannot contain face models (random weights cannot detect "
        "faces), so identities need the real antelopev2 files";
  return st;
}

// Files in the model folders that are never read (pickles, GGUF, ...), each with what to do.
void listUnsupported(ModelSet& s, const stdfs::path& modelsRoot) {
  for (const char* sub : {"checkpoints", "loras", "controlnet"})
    for (const auto& f : listDir(modelsRoot / sub, false)) {
      st::ForeignFormat k;
      if (f.extension() == ".safetensors") {
        k = st::recogniseForeignFile(f.string());
      } else if (st::hasPickleExtension(f.string()) || f.extension() == ".gguf") {
        k = st::recogniseForeignFile(f.string());
        if (k.what.empty())
          k = {"a pickle by its extension", "Use the .safetensors version of this model"};
      }
      if (!k.what.empty()) s.unsupported.push_back(f.string() + ": " + k.what + ". " + k.advice);
    }
}

// The optional models the UI offers: kohya LoRAs, ControlNet folders and single files.
void listOptional(ModelSet& s, const stdfs::path& modelsRoot) {
  for (const auto& f : listDir(modelsRoot / "loras", false))
    if (f.extension() == ".safetensors") s.loras.push_back(f.string());
  for (bool dirs : {true, false})
    for (const auto& f : listDir(modelsRoot / "controlnet", dirs))
      if (dirs ? isFile(f / "config.json") : f.extension() == ".safetensors")
        s.controlnets.push_back(f.string());
}

}  // namespace

ModelSet discoverModels(const std::string& rootArg, const DiscoveryOptions& opt) {
  ModelSet s;
  s.root = rootArg;
  const stdfs::path root(rootArg);
  const SearchRoots r = classifyRoot(root);
  s.isDemo = (!r.modelsRoot.empty() && isFile(r.modelsRoot / kDemoPackMarker)) ||
             (!rootArg.empty() && isFile(root / kDemoPackMarker));
  // In this order: the tokenizer looks inside the SDXL and CLIP folders found before it.
  s.components.push_back(findSdxl(s, r, opt));
  s.components.push_back(findClipVision(s, r, opt));
  s.components.push_back(findTokenizer(s, r, opt));
  s.components.push_back(findHyperLora(s, r, opt));
  s.components.push_back(findFaceModels(s, r, opt));
  if (!r.modelsRoot.empty()) {
    listUnsupported(s, r.modelsRoot);
    listOptional(s, r.modelsRoot);
  }
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
