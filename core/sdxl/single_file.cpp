#include "sdxl/single_file.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <map>
#include <set>

#include "models/ldm_names.h"
#include "models/weight_specs.h"
#include "nn/ops.h"
#include "safetensors/safetensors.h"
#include "sdxl/vae.h"
#include "tensor/tensor_io.h"
#include "util/error.h"
#include "util/fs.h"
#include "util/json.h"

namespace hl {
namespace {

const std::string kUnet = "model.diffusion_model.";
const std::string kVae = "first_stage_model.";
const std::string kTe1 = "conditioner.embedders.0.transformer.";
const std::string kTe2 = "conditioner.embedders.1.model.";

bool startsWith(const std::string& s, const std::string& p) {
  return s.compare(0, p.size(), p) == 0;
}

// text_encoder_2's names in transformers against OpenCLIP's in the single file: a name ending in
// "." renames a prefix, any other a whole name. The fused q/k/v projection and the transposed
// text projection are handled by their callers.
using NamePair = std::pair<const char*, const char*>;  // {transformers, OpenCLIP}
const NamePair kTe2LayerParts[] = {{"self_attn.out_proj.", "attn.out_proj."},
                                   {"layer_norm1.", "ln_1."},
                                   {"layer_norm2.", "ln_2."},
                                   {"mlp.fc1.", "mlp.c_fc."},
                                   {"mlp.fc2.", "mlp.c_proj."}};
const NamePair kTe2Model[] = {
    {"text_model.embeddings.position_embedding.weight", "positional_embedding"},
    {"text_model.embeddings.token_embedding.weight", "token_embedding.weight"},
    {"text_model.final_layer_norm.", "ln_final."}};

// `name` in the other naming (toOpenClip: transformers -> OpenCLIP); "" when no rule matches.
template <size_t N>
std::string renameTe2(const NamePair (&rules)[N], const std::string& name, bool toOpenClip) {
  for (const auto& [hf, openClip] : rules) {
    const std::string from = toOpenClip ? hf : openClip, to = toOpenClip ? openClip : hf;
    if (from.back() == '.' ? startsWith(name, from) : name == from)
      return to + name.substr(from.size());
  }
  return {};
}

}  // namespace

void writeSingleFile(const std::string& folder, const std::string& outFile,
                     c10::optional<at::ScalarType> dtype) {
  auto cast = [&](const at::Tensor& t) {
    return dtype && at::isFloatingType(t.scalar_type()) ? t.to(*dtype) : t;
  };
  auto fileIn = [&](const std::string& sub, const std::string& stem) {
    std::string p = hl::fs::safetensorsFile(folder + "/" + sub, stem);
    if (!p.empty()) return p;
    throw Error(folder + "/" + sub + ": no " + stem + ".safetensors");
  };
  const UnetConfig ucfg = UnetConfig::fromJson(json::parseFile(folder + "/unet/config.json"));
  const VaeConfig vcfg = VaeConfig::fromJson(json::parseFile(folder + "/vae/config.json"));
  st::NamedTensors out;
  auto unmapped = [&](const std::string& component, const std::string& name) {
    throw Error(folder + ": " + component + " tensor \"" + name + "\" has no single-file name");
  };
  auto uf = st::File::open(fileIn("unet", "diffusion_pytorch_model"));
  for (const auto& t : uf->tensors()) {
    const std::string ldm = diffusersUnetToLdm(t.name, ucfg);
    if (ldm.empty()) unmapped("UNet", t.name);
    out.emplace_back(kUnet + ldm, cast(st::view(uf, t)));
  }
  auto vf = st::File::open(fileIn("vae", "diffusion_pytorch_model"));
  for (const auto& t : vf->tensors()) {
    const std::string ldm =
        diffusersVaeToLdm(vaeLegacyName(t.name), int64_t(vcfg.blockOutChannels.size()));
    if (ldm.empty()) unmapped("VAE", t.name);
    at::Tensor v = cast(st::view(vf, t));
    if (ldm.find("mid.attn_1.") != std::string::npos && v.dim() == 2)
      v = v.reshape({v.size(0), v.size(1), 1, 1});
    out.emplace_back(kVae + ldm, v);
  }
  auto t1 = st::File::open(fileIn("text_encoder", "model"));
  for (const auto& t : t1->tensors()) out.emplace_back(kTe1 + t.name, cast(st::view(t1, t)));
  auto t2 = st::File::open(fileIn("text_encoder_2", "model"));
  std::map<int, std::map<std::string, at::Tensor>> qkv;  // layer -> "q.weight" ... for in_proj
  for (const auto& t : t2->tensors()) {
    const std::string& n = t.name;
    at::Tensor v = cast(st::view(t2, t));
    int layer = 0, used = 0;
    if (std::sscanf(n.c_str(), "text_model.encoder.layers.%d.%n", &layer, &used) == 1 && used > 0) {
      const std::string rest = n.substr(size_t(used));
      const std::string p = "transformer.resblocks." + std::to_string(layer) + ".";
      if (startsWith(rest, "self_attn.q_proj.") || startsWith(rest, "self_attn.k_proj.") ||
          startsWith(rest, "self_attn.v_proj.")) {
        qkv[layer][rest.substr(10, 1) + rest.substr(16)] = v;  // "q.weight", "k.bias", ...
        continue;
      }
      const std::string part = renameTe2(kTe2LayerParts, rest, true);
      if (part.empty()) unmapped("text_encoder_2", n);
      out.emplace_back(kTe2 + p + part, v);
    } else if (const std::string r = renameTe2(kTe2Model, n, true); !r.empty()) {
      out.emplace_back(kTe2 + r, v);
    } else if (n == "text_projection.weight") {
      out.emplace_back(kTe2 + "text_projection", v.t().contiguous());
    } else if (n.find("position_ids") == std::string::npos) {
      unmapped("text_encoder_2", n);
    }
  }
  for (auto& [layer, parts] : qkv) {
    const std::string p = kTe2 + "transformer.resblocks." + std::to_string(layer) + ".attn.";
    out.emplace_back(p + "in_proj_weight",
                     at::cat({parts["q.weight"], parts["k.weight"], parts["v.weight"]}, 0));
    out.emplace_back(p + "in_proj_bias",
                     at::cat({parts["q.bias"], parts["k.bias"], parts["v.bias"]}, 0));
  }
  // The same order the reference writers use: sorted by name.
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  // The configs travel in the metadata, so shapes-only inference is not needed when reloading.
  std::vector<std::pair<std::string, std::string>> meta{{"format", "pt"}};
  for (const char* part : {"unet", "vae", "text_encoder", "text_encoder_2"})
    meta.emplace_back(std::string("diffusers.") + part + ".config",
                      json::dump(json::parseFile(folder + "/" + part + "/config.json")));
  st::writeTensors(outFile, out, meta);
}

namespace {

// Reads shapes and layer counts off a single file's header, naming the file when a tensor the
// inference needs is absent.
struct HeaderShapes {
  const st::File& file;
  const std::string& path;

  std::vector<int64_t> of(const std::string& name) const {
    const st::TensorInfo* t = file.find(name);
    if (!t)
      throw Error(path + ": tensor \"" + name +
                  "\" is missing (not an SDXL single-file checkpoint?)");
    return t->shape;
  }
  bool has(const std::string& name) const { return file.find(name) != nullptr; }
  // How many of `fmt` with %d = 0, 1, ... have a tensor under them, up to `limit`.
  int count(const std::string& fmt, int limit) const {
    int n = 0;
    for (; n < limit; ++n) {
      char buf[256];
      std::snprintf(buf, sizeof buf, fmt.c_str(), n);
      const auto& ts = file.tensors();
      if (std::none_of(ts.begin(), ts.end(),
                       [&](const st::TensorInfo& t) { return startsWith(t.name, buf); }))
        break;
    }
    return n;
  }
};

// Written by writeSingleFile: the original configs are in the metadata.
void configsFromMetadata(SingleFileModel& m, const st::File& file, const std::string& path) {
  auto config = [&](const char* part) {
    return json::parse(file.metadataValue(std::string("diffusers.") + part + ".config"),
                       path + " metadata");
  };
  m.unetConfig = UnetConfig::fromJson(config("unet"));
  m.vaeConfig = VaeConfig::fromJson(config("vae"));
  m.te1Config = ClipTextConfig::fromJson(config("text_encoder"));
  m.te2Config = ClipTextConfig::fromJson(config("text_encoder_2"));
}

void configsFromFolder(SingleFileModel& m, const std::string& folder) {
  m.unetConfig = UnetConfig::fromJson(json::parseFile(folder + "/unet/config.json"));
  m.vaeConfig = VaeConfig::fromJson(json::parseFile(folder + "/vae/config.json"));
  m.te1Config = ClipTextConfig::fromJson(json::parseFile(folder + "/text_encoder/config.json"));
  m.te2Config = ClipTextConfig::fromJson(json::parseFile(folder + "/text_encoder_2/config.json"));
}

// Where a CLIP text encoder's tensors sit in the file: under `prefix`, its layers under `layers`
// and, for bigG, in OpenCLIP's names (translated by the same tables the loader uses).
struct TextEncoderNames {
  std::string prefix, layers;
  bool openClip;

  std::string model(const std::string& hf) const {
    return prefix + (openClip ? renameTe2(kTe2Model, hf, true) : hf);
  }
  std::string layer0(const std::string& hf) const {
    return prefix + layers + "0." + (openClip ? renameTe2(kTe2LayerParts, hf, true) : hf);
  }
};

// Widths and depth from the shapes; heads are 64 wide in CLIP-L and bigG.
void inferTextConfig(ClipTextConfig& t, const HeaderShapes& h, const TextEncoderNames& n) {
  const auto emb = h.of(n.model("text_model.embeddings.token_embedding.weight"));
  t.vocabSize = emb[0];
  t.hiddenSize = emb[1];
  t.maxPositionEmbeddings = h.of(n.model("text_model.embeddings.position_embedding.weight"))[0];
  t.intermediateSize = h.of(n.layer0("mlp.fc1.weight"))[0];
  t.numLayers = h.count(n.prefix + n.layers + "%d.", 1000);
  t.numHeads = std::max<int64_t>(1, t.hiddenSize / 64);
}

void inferTextConfigs(SingleFileModel& m, const HeaderShapes& h) {
  inferTextConfig(m.te1Config, h, {kTe1, "text_model.encoder.layers.", false});
  m.te1Config.hiddenAct = "quick_gelu";
  auto& t2 = m.te2Config;
  inferTextConfig(t2, h, {kTe2, "transformer.resblocks.", true});
  t2.projectionDim = h.of(kTe2 + "text_projection")[1];
  t2.hiddenAct = "gelu";
  t2.withProjection = true;
}

// Layers per block: the resnets of input block 1 onwards before the first downsampler ("op").
int64_t inferLayersPerBlock(const HeaderShapes& h, int inputBlocks) {
  for (int n = 1; n < inputBlocks; ++n)
    if (h.has(kUnet + "input_blocks." + std::to_string(n) + ".0.op.weight")) return n - 1;
  return 0;
}

// The UNet's levels (width, transformer depth, block types) from its input blocks; the text
// encoders' configs must be known (the added time embedding follows from bigG's projection).
void inferUnetConfig(SingleFileModel& m, const HeaderShapes& h) {
  auto& u = m.unetConfig;
  const int64_t c0 = h.of(kUnet + "input_blocks.0.0.weight")[0];
  u.inChannels = h.of(kUnet + "input_blocks.0.0.weight")[1];
  u.outChannels = h.of(kUnet + "out.2.weight")[0];
  const int inputBlocks = h.count(kUnet + "input_blocks.%d.", 1000);
  const int64_t L = inferLayersPerBlock(h, inputBlocks);
  if (L == 0) throw Error(h.path + ": cannot infer layers_per_block of the UNet");
  const int64_t levels = (inputBlocks - 1 + 1) / (L + 1);
  std::vector<int64_t> ch, depth;
  std::vector<std::string> downTypes, upTypes;
  for (int64_t i = 0; i < levels; ++i) {
    const std::string block = kUnet + "input_blocks." + std::to_string(1 + i * (L + 1));
    ch.push_back(h.of(block + ".0.out_layers.3.weight")[0]);
    const int d = h.count(block + ".1.transformer_blocks.%d.", 100);
    depth.push_back(d);
    downTypes.push_back(d ? "CrossAttnDownBlock2D" : "DownBlock2D");
  }
  for (int64_t i = levels - 1; i >= 0; --i)
    upTypes.push_back(depth[size_t(i)] ? "CrossAttnUpBlock2D" : "UpBlock2D");
  if (ch.front() != c0) throw Error(h.path + ": inconsistent UNet channel widths");
  // Levels without attention borrow the mid-block depth for transformer_layers_per_block.
  const int64_t mid = h.count(kUnet + "middle_block.1.transformer_blocks.%d.", 100);
  for (auto& d : depth)
    if (d == 0) d = 1;
  depth.back() = std::max<int64_t>(depth.back(), mid);
  u.blockOutChannels = ch;
  u.layersPerBlock = L;
  u.transformerLayersPerBlock = depth;
  u.downBlockTypes = downTypes;
  u.upBlockTypes = upTypes;
  u.attentionHeads.clear();
  for (int64_t c : ch) u.attentionHeads.push_back(std::max<int64_t>(1, c / 64));
  u.crossAttentionDim = h.of(kUnet + "input_blocks." + std::to_string(1 + (L + 1)) +
                             ".1.transformer_blocks.0.attn2.to_k.weight")[1];
  u.projectionClassEmbeddingsInputDim = h.of(kUnet + "label_emb.0.0.weight")[1];
  u.addTimeEmbedDim = (u.projectionClassEmbeddingsInputDim - m.te2Config.projectionDim) / 6;
  u.normNumGroups = 32;
}

void inferVaeConfig(SingleFileModel& m, const HeaderShapes& h) {
  auto& v = m.vaeConfig;
  const int vaeLevels = h.count(kVae + "encoder.down.%d.", 32);
  v.blockOutChannels.clear();
  for (int i = 0; i < vaeLevels; ++i)
    v.blockOutChannels.push_back(
        h.of(kVae + "encoder.down." + std::to_string(i) + ".block.0.conv1.weight")[0]);
  v.layersPerBlock = h.count(kVae + "encoder.down.0.block.%d.", 32);
  v.latentChannels = h.of(kVae + "post_quant_conv.weight")[0];
}

// The configs: from `configFolder` when given, else the file's metadata when it has them, else
// inferred from the tensor shapes.
void readConfigs(SingleFileModel& m, const st::File& file, const std::string& path,
                 const std::string& configFolder) {
  if (!configFolder.empty()) return configsFromFolder(m, configFolder);
  if (!file.metadataValue("diffusers.unet.config").empty())
    return configsFromMetadata(m, file, path);
  const HeaderShapes h{file, path};
  inferTextConfigs(m, h);
  inferUnetConfig(m, h);
  inferVaeConfig(m, h);
}

// Puts each tensor of the file into its network under its diffusers/transformers name, cast to
// the dtype and device; names no rule knows are collected in `unknown`.
class TensorPlacer {
 public:
  TensorPlacer(SingleFileModel& m, at::ScalarType dtype, at::Device device)
      : m_(m), dtype_(dtype), device_(device) {}

  void place(const std::string& k, at::Tensor t) {
    if (startsWith(k, kUnet)) {
      const std::string d =
          ldmUnetToDiffusers(k.substr(kUnet.size()), m_.unetConfig.layersPerBlock);
      return d.empty() ? unknown.push_back(k) : put(m_.unet, d, t);
    }
    if (startsWith(k, kVae)) {
      const std::string d =
          ldmVaeToDiffusers(k.substr(kVae.size()), int64_t(m_.vaeConfig.blockOutChannels.size()));
      if (d.empty()) return unknown.push_back(k);
      // The mid-block attention projections are stored as 1x1 convolutions.
      if (d.find("mid_block.attentions.0.to_") != std::string::npos && t.dim() == 4)
        t = t.flatten(1);
      return put(m_.vae, d, t);
    }
    if (startsWith(k, kTe1)) return put(m_.te1, k.substr(kTe1.size()), t);
    if (startsWith(k, kTe2)) return placeOpenClip(k, t);
    unknown.push_back(k);
  }

  std::vector<std::string> unknown;

 private:
  void put(nn::Weights& w, const std::string& name, at::Tensor t) {
    if (at::isFloatingType(t.scalar_type()) && (t.scalar_type() != dtype_ || !device_.is_cpu()))
      t = t.to(device_, dtype_);
    w.put(name, t);
  }

  // OpenCLIP bigG's layout into transformers' CLIPTextModelWithProjection names.
  void placeOpenClip(const std::string& k, const at::Tensor& t) {
    const std::string r = k.substr(kTe2.size());
    int n = 0, used = 0;
    if (std::sscanf(r.c_str(), "transformer.resblocks.%d.%n", &n, &used) == 1 && used > 0)
      return placeOpenClipLayer(k, "text_model.encoder.layers." + std::to_string(n) + ".",
                                r.substr(size_t(used)), t);
    if (const std::string d = renameTe2(kTe2Model, r, false); !d.empty()) return put(m_.te2, d, t);
    if (r == "text_projection")
      return put(m_.te2, "text_projection.weight", t.t().contiguous());  // stored [hidden, proj]
    unknown.push_back(k);
  }

  void placeOpenClipLayer(const std::string& k, const std::string& p, const std::string& rest,
                          const at::Tensor& t) {
    if (rest == "attn.in_proj_weight" || rest == "attn.in_proj_bias") {
      auto qkv = t.chunk(3, 0);  // cat(q, k, v)
      const std::string suffix = rest == "attn.in_proj_weight" ? ".weight" : ".bias";
      put(m_.te2, p + "self_attn.q_proj" + suffix, qkv[0]);
      put(m_.te2, p + "self_attn.k_proj" + suffix, qkv[1]);
      put(m_.te2, p + "self_attn.v_proj" + suffix, qkv[2]);
      return;
    }
    const std::string part = renameTe2(kTe2LayerParts, rest, false);
    if (part.empty()) return unknown.push_back(k);
    put(m_.te2, p + part, t);
  }

  SingleFileModel& m_;
  at::ScalarType dtype_;
  at::Device device_;
};

// Every expected tensor present with the right shape, or an error naming the part.
void requireMatches(const nn::Weights& w, const WeightSpecs& specs, const std::string& path,
                    const char* what) {
  const std::vector<std::string> problems = nn::mismatches(w, specs);
  if (problems.empty()) return;
  std::string msg = path + ": the " + std::string(what) + " part does not match its config";
  for (const auto& p : problems) msg += "; " + p;
  throw Error(msg);
}

}  // namespace

SingleFileModel loadSingleFile(const std::string& path, at::ScalarType dtype, at::Device device,
                               const std::string& configFolder) {
  auto file = st::File::open(path);
  SingleFileModel m;
  readConfigs(m, *file, path, configFolder);
  TensorPlacer placer(m, dtype, device);
  for (const auto& info : file->tensors()) {
    const std::string& k = info.name;
    if (k.find("position_ids") != std::string::npos || k == kTe2 + "logit_scale") continue;
    placer.place(k, st::view(file, info));
  }
  if (!placer.unknown.empty()) {
    const auto& unknown = placer.unknown;
    std::string msg = path + ": " + std::to_string(unknown.size()) +
                      " tensors are not part of an SDXL checkpoint: ";
    for (size_t i = 0; i < unknown.size() && i < 5; ++i) msg += (i ? ", " : "") + unknown[i];
    throw Error(msg + (unknown.size() > 5 ? ", ..." : ""));
  }
  requireMatches(m.unet, unetWeightSpecs(m.unetConfig), path, "UNet");
  requireMatches(m.vae, vaeWeightSpecs(m.vaeConfig), path, "VAE");
  requireMatches(m.te1, clipTextWeightSpecs(m.te1Config), path, "CLIP-L text encoder");
  requireMatches(m.te2, clipTextWeightSpecs(m.te2Config), path, "OpenCLIP bigG text encoder");
  return m;
}

}  // namespace hl
