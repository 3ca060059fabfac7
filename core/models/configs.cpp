#include "models/configs.h"

#include <cstdio>

#include "util/error.h"

namespace hl {
namespace {

std::vector<int64_t> perLevel(const json::Value& v, const char* key, size_t levels,
                              std::vector<int64_t> def) {
  const json::Value* e = v.find(key);
  if (!e || e->isNull()) return def;
  std::vector<int64_t> out = v.intList(key);
  if (out.size() == 1 && levels > 1) out.assign(levels, out[0]);
  if (out.size() != levels)
    throw Error(std::string("config: \"") + key + "\" has " + std::to_string(out.size()) +
                " entries but the model has " + std::to_string(levels) + " levels");
  return out;
}

std::vector<std::string> stringList(const json::Value& v, const char* key,
                                    std::vector<std::string> def) {
  const json::Value* e = v.find(key);
  if (!e || e->isNull()) return def;
  std::vector<std::string> out;
  for (const auto& s : e->elements()) out.push_back(s.asString());
  return out;
}

json::Value intArray(const std::vector<int64_t>& xs) {
  json::Value a = json::Value::array();
  for (int64_t x : xs) a.push(x);
  return a;
}

json::Value stringArray(const std::vector<std::string>& xs) {
  json::Value a = json::Value::array();
  for (const auto& x : xs) a.push(x);
  return a;
}

}  // namespace

bool UnetConfig::levelHasAttention(size_t level) const {
  return level < downBlockTypes.size() &&
         downBlockTypes[level].find("CrossAttn") != std::string::npos;
}

UnetConfig UnetConfig::sdxlBase() { return UnetConfig{}; }

UnetConfig UnetConfig::fromJson(const json::Value& v) {
  UnetConfig c;
  c.inChannels = v.intOr("in_channels", c.inChannels);
  c.outChannels = v.intOr("out_channels", c.outChannels);
  if (v.contains("block_out_channels")) c.blockOutChannels = v.intList("block_out_channels");
  const size_t levels = c.blockOutChannels.size();
  c.downBlockTypes = stringList(v, "down_block_types", c.downBlockTypes);
  c.upBlockTypes = stringList(v, "up_block_types", c.upBlockTypes);
  c.midBlockType = v.stringOr("mid_block_type", c.midBlockType);
  if (c.downBlockTypes.size() != levels || c.upBlockTypes.size() != levels)
    throw Error("config: down_block_types/up_block_types must have one entry per level (" +
                std::to_string(levels) + ")");
  c.layersPerBlock = v.intOr("layers_per_block", c.layersPerBlock);
  c.transformerLayersPerBlock =
      perLevel(v, "transformer_layers_per_block", levels, std::vector<int64_t>(levels, 1));
  // diffusers' historical naming: attention_head_dim holds the number of heads unless
  // num_attention_heads is given.
  const json::Value* nh = v.find("num_attention_heads");
  c.attentionHeads = (nh && !nh->isNull())
                         ? perLevel(v, "num_attention_heads", levels, {})
                         : perLevel(v, "attention_head_dim", levels, std::vector<int64_t>(levels, 8));
  c.crossAttentionDim = v.intOr("cross_attention_dim", c.crossAttentionDim);
  c.addTimeEmbedDim = v.intOr("addition_time_embed_dim", c.addTimeEmbedDim);
  c.projectionClassEmbeddingsInputDim =
      v.intOr("projection_class_embeddings_input_dim", c.projectionClassEmbeddingsInputDim);
  c.normNumGroups = v.intOr("norm_num_groups", c.normNumGroups);
  c.normEps = v.numberOr("norm_eps", c.normEps);
  c.useLinearProjection = v.boolOr("use_linear_projection", c.useLinearProjection);
  c.flipSinToCos = v.boolOr("flip_sin_to_cos", c.flipSinToCos);
  c.freqShift = v.intOr("freq_shift", c.freqShift);
  c.sampleSize = v.intOr("sample_size", c.sampleSize);
  return c;
}

json::Value UnetConfig::toJson() const {
  json::Value v = json::Value::object();
  v.set("_class_name", "UNet2DConditionModel");
  v.set("act_fn", "silu");
  v.set("addition_embed_type", "text_time");
  v.set("addition_time_embed_dim", addTimeEmbedDim);
  v.set("attention_head_dim", intArray(attentionHeads));
  v.set("block_out_channels", intArray(blockOutChannels));
  v.set("center_input_sample", false);
  v.set("cross_attention_dim", crossAttentionDim);
  v.set("down_block_types", stringArray(downBlockTypes));
  v.set("downsample_padding", 1);
  v.set("flip_sin_to_cos", flipSinToCos);
  v.set("freq_shift", freqShift);
  v.set("in_channels", inChannels);
  v.set("layers_per_block", layersPerBlock);
  v.set("mid_block_scale_factor", 1);
  v.set("mid_block_type", midBlockType);
  v.set("norm_eps", normEps);
  v.set("norm_num_groups", normNumGroups);
  v.set("num_attention_heads", nullptr);
  v.set("out_channels", outChannels);
  v.set("projection_class_embeddings_input_dim", projectionClassEmbeddingsInputDim);
  v.set("resnet_time_scale_shift", "default");
  v.set("sample_size", sampleSize);
  v.set("time_embedding_type", "positional");
  v.set("transformer_layers_per_block", intArray(transformerLayersPerBlock));
  v.set("up_block_types", stringArray(upBlockTypes));
  v.set("upcast_attention", nullptr);
  v.set("use_linear_projection", useLinearProjection);
  return v;
}

VaeConfig VaeConfig::fromJson(const json::Value& v) {
  VaeConfig c;
  c.inChannels = v.intOr("in_channels", c.inChannels);
  c.outChannels = v.intOr("out_channels", c.outChannels);
  c.latentChannels = v.intOr("latent_channels", c.latentChannels);
  if (v.contains("block_out_channels")) c.blockOutChannels = v.intList("block_out_channels");
  c.layersPerBlock = v.intOr("layers_per_block", c.layersPerBlock);
  c.normNumGroups = v.intOr("norm_num_groups", c.normNumGroups);
  c.scalingFactor = v.numberOr("scaling_factor", c.scalingFactor);
  c.useQuantConv = v.boolOr("use_quant_conv", c.useQuantConv);
  c.usePostQuantConv = v.boolOr("use_post_quant_conv", c.usePostQuantConv);
  c.midBlockAddAttention = v.boolOr("mid_block_add_attention", c.midBlockAddAttention);
  c.forceUpcast = v.boolOr("force_upcast", c.forceUpcast);
  c.sampleSize = v.intOr("sample_size", c.sampleSize);
  return c;
}

json::Value VaeConfig::toJson() const {
  json::Value v = json::Value::object();
  v.set("_class_name", "AutoencoderKL");
  v.set("act_fn", "silu");
  v.set("block_out_channels", intArray(blockOutChannels));
  std::vector<std::string> down(blockOutChannels.size(), "DownEncoderBlock2D");
  std::vector<std::string> up(blockOutChannels.size(), "UpDecoderBlock2D");
  v.set("down_block_types", stringArray(down));
  v.set("force_upcast", forceUpcast);
  v.set("in_channels", inChannels);
  v.set("latent_channels", latentChannels);
  v.set("layers_per_block", layersPerBlock);
  v.set("mid_block_add_attention", midBlockAddAttention);
  v.set("norm_num_groups", normNumGroups);
  v.set("out_channels", outChannels);
  v.set("sample_size", sampleSize);
  v.set("scaling_factor", scalingFactor);
  v.set("up_block_types", stringArray(up));
  v.set("use_post_quant_conv", usePostQuantConv);
  v.set("use_quant_conv", useQuantConv);
  return v;
}

ClipTextConfig ClipTextConfig::fromJson(const json::Value& v) {
  ClipTextConfig c;
  // Full CLIP configs nest the text tower under "text_config".
  const json::Value& t = v.find("text_config") ? v.at("text_config") : v;
  c.vocabSize = t.intOr("vocab_size", c.vocabSize);
  c.hiddenSize = t.intOr("hidden_size", c.hiddenSize);
  c.intermediateSize = t.intOr("intermediate_size", c.intermediateSize);
  c.numHeads = t.intOr("num_attention_heads", c.numHeads);
  c.numLayers = t.intOr("num_hidden_layers", c.numLayers);
  c.maxPositionEmbeddings = t.intOr("max_position_embeddings", c.maxPositionEmbeddings);
  c.projectionDim = t.intOr("projection_dim", c.projectionDim);
  c.hiddenAct = t.stringOr("hidden_act", c.hiddenAct);
  c.layerNormEps = t.numberOr("layer_norm_eps", c.layerNormEps);
  c.eosTokenId = t.intOr("eos_token_id", c.eosTokenId);
  if (const json::Value* a = v.find("architectures"); a && a->isArray() && a->size() > 0)
    c.withProjection = a->at(0).asString() == "CLIPTextModelWithProjection";
  return c;
}

json::Value ClipTextConfig::toJson() const {
  json::Value v = json::Value::object();
  json::Value arch = json::Value::array();
  arch.push(withProjection ? "CLIPTextModelWithProjection" : "CLIPTextModel");
  v.set("architectures", std::move(arch));
  v.set("attention_dropout", 0.0);
  v.set("bos_token_id", 0);
  v.set("eos_token_id", eosTokenId);
  v.set("hidden_act", hiddenAct);
  v.set("hidden_size", hiddenSize);
  v.set("intermediate_size", intermediateSize);
  v.set("layer_norm_eps", layerNormEps);
  v.set("max_position_embeddings", maxPositionEmbeddings);
  v.set("model_type", "clip_text_model");
  v.set("num_attention_heads", numHeads);
  v.set("num_hidden_layers", numLayers);
  v.set("pad_token_id", 1);
  v.set("projection_dim", projectionDim);
  v.set("vocab_size", vocabSize);
  return v;
}

ClipVisionConfig ClipVisionConfig::fromJson(const json::Value& v) {
  ClipVisionConfig c;
  const json::Value& t = v.find("vision_config") ? v.at("vision_config") : v;
  c.hiddenSize = t.intOr("hidden_size", c.hiddenSize);
  c.intermediateSize = t.intOr("intermediate_size", c.intermediateSize);
  c.numHeads = t.intOr("num_attention_heads", c.numHeads);
  c.numLayers = t.intOr("num_hidden_layers", c.numLayers);
  c.imageSize = t.intOr("image_size", c.imageSize);
  c.patchSize = t.intOr("patch_size", c.patchSize);
  c.numChannels = t.intOr("num_channels", c.numChannels);
  // The full CLIP config keeps projection_dim at the top level.
  c.projectionDim = t.intOr("projection_dim", v.intOr("projection_dim", c.projectionDim));
  c.hiddenAct = t.stringOr("hidden_act", c.hiddenAct);
  c.layerNormEps = t.numberOr("layer_norm_eps", c.layerNormEps);
  return c;
}

json::Value ClipVisionConfig::toJson() const {
  json::Value v = json::Value::object();
  json::Value arch = json::Value::array();
  arch.push("CLIPVisionModelWithProjection");
  v.set("architectures", std::move(arch));
  v.set("attention_dropout", 0.0);
  v.set("hidden_act", hiddenAct);
  v.set("hidden_size", hiddenSize);
  v.set("image_size", imageSize);
  v.set("intermediate_size", intermediateSize);
  v.set("layer_norm_eps", layerNormEps);
  v.set("model_type", "clip_vision_model");
  v.set("num_attention_heads", numHeads);
  v.set("num_channels", numChannels);
  v.set("num_hidden_layers", numLayers);
  v.set("patch_size", patchSize);
  v.set("projection_dim", projectionDim);
  return v;
}

HyperLoraConfig HyperLoraConfig::fromJson(const json::Value& v, int64_t clipHiddenSize) {
  HyperLoraConfig c;
  c.clipHiddenSize = clipHiddenSize;
  if (const json::Value* r = v.find("resampler")) {
    c.resamplerDim = r->intOr("dim", c.resamplerDim);
    c.dimHead = r->intOr("dim_head", c.dimHead);
    c.heads = r->intOr("heads", c.heads);
    c.depth = r->intOr("depth", c.depth);
    c.ffMult = r->intOr("ff_mult", c.ffMult);
  }
  c.idEmbedDim = v.intOr("id_embed_dim", c.idEmbedDim);
  c.numIdTokens = v.intOr("num_id_tokens", c.numIdTokens);
  c.hyperDim = v.intOr("hyper_dim", c.hyperDim);
  c.loraRank = v.intOr("lora_rank", c.loraRank);
  c.hasBaseLora = v.boolOr("has_base_lora", c.hasBaseLora);
  return c;
}

json::Value HyperLoraConfig::toJson() const {
  json::Value v = json::Value::object();
  json::Value r = json::Value::object();
  r.set("dim", resamplerDim);
  r.set("dim_head", dimHead);
  r.set("heads", heads);
  r.set("depth", depth);
  r.set("ff_mult", ffMult);
  v.set("resampler", std::move(r));
  json::Value enc = json::Value::array();
  enc.push("clip");
  enc.push("arcface");
  v.set("encoder_types", std::move(enc));
  v.set("id_embed_dim", idEmbedDim);
  v.set("num_id_tokens", numIdTokens);
  v.set("hyper_dim", hyperDim);
  v.set("lora_rank", loraRank);
  v.set("has_base_lora", hasBaseLora);
  return v;
}

std::vector<HyperLoraModuleEntry> parseHyperLoraModules(const json::Value& v,
                                                       const std::string& source) {
  if (!v.isObject()) throw Error(source + ": expected a JSON object of modules");
  std::vector<HyperLoraModuleEntry> out;
  for (const auto& [name, e] : v.members()) {
    HyperLoraModuleEntry m;
    m.name = name;
    try {
      m.hiddenSize = e.at("hidden_size").asInt();
      const json::Value* ca = e.find("cross_attention_dim");
      m.crossAttentionDim = (ca && !ca->isNull()) ? ca->asInt() : 0;
    } catch (const Error& err) {
      throw Error(source + ": module \"" + name + "\": " + err.what());
    }
    out.push_back(std::move(m));
  }
  if (out.empty()) throw Error(source + ": no modules listed");
  return out;
}

json::Value hyperLoraModulesToJson(const std::vector<HyperLoraModuleEntry>& modules) {
  json::Value v = json::Value::object();
  for (const auto& m : modules) {
    json::Value e = json::Value::object();
    e.set("hidden_size", m.hiddenSize);
    e.set("cross_attention_dim", m.crossAttentionDim > 0 ? json::Value(m.crossAttentionDim)
                                                         : json::Value(nullptr));
    v.set(m.name, std::move(e));
  }
  return v;
}

std::vector<UnetAttentionModule> unetAttentionModules(const UnetConfig& c) {
  std::vector<UnetAttentionModule> out;
  const size_t levels = c.blockOutChannels.size();
  auto addBlock = [&](const std::string& prefix, int64_t channels, int64_t depth) {
    for (int64_t t = 0; t < depth; ++t) {
      std::string base = prefix + ".transformer_blocks." + std::to_string(t);
      out.push_back({base + ".attn1", channels, 0});
      out.push_back({base + ".attn2", channels, c.crossAttentionDim});
    }
  };
  for (size_t i = 0; i < levels; ++i) {
    if (!c.levelHasAttention(i)) continue;
    for (int64_t j = 0; j < c.layersPerBlock; ++j)
      addBlock("down_blocks." + std::to_string(i) + ".attentions." + std::to_string(j),
               c.blockOutChannels[i], c.transformerLayersPerBlock[i]);
  }
  for (size_t i = 0; i < levels; ++i) {
    if (c.upBlockTypes[i].find("CrossAttn") == std::string::npos) continue;
    const size_t level = levels - 1 - i;
    for (int64_t j = 0; j < c.layersPerBlock + 1; ++j)
      addBlock("up_blocks." + std::to_string(i) + ".attentions." + std::to_string(j),
               c.blockOutChannels[level], c.transformerLayersPerBlock[level]);
  }
  if (c.midBlockType.find("CrossAttn") != std::string::npos)
    addBlock("mid_block.attentions.0", c.blockOutChannels.back(),
             c.transformerLayersPerBlock.back());
  return out;
}

std::string diffusersToLdmPath(const std::string& path, const UnetConfig& c) {
  // down_blocks.i.attentions.j -> input_blocks.(1 + i*(L+1) + j).1, up_blocks.i.attentions.j ->
  // output_blocks.(i*(L+1) + j).1, mid_block.attentions.0 -> middle_block.1 (L = layers_per_block).
  auto rest = [&](size_t pos) { return path.substr(pos); };
  int i = 0, j = 0, n = 0;
  const int per = int(c.layersPerBlock) + 1;
  if (std::sscanf(path.c_str(), "down_blocks.%d.attentions.%d%n", &i, &j, &n) == 2)
    return "input_blocks." + std::to_string(1 + i * per + j) + ".1" + rest(size_t(n));
  if (std::sscanf(path.c_str(), "up_blocks.%d.attentions.%d%n", &i, &j, &n) == 2)
    return "output_blocks." + std::to_string(i * per + j) + ".1" + rest(size_t(n));
  const std::string mid = "mid_block.attentions.0";
  if (path.compare(0, mid.size(), mid) == 0) return "middle_block.1" + rest(mid.size());
  return {};
}

std::string kohyaName(const std::string& path) {
  std::string k = "lora_unet_" + path;
  for (char& ch : k)
    if (ch == '.') ch = '_';
  return k;
}

int findAttentionModule(const std::vector<UnetAttentionModule>& modules, const UnetConfig& c,
                        const std::string& kohya) {
  for (size_t i = 0; i < modules.size(); ++i) {
    if (kohyaName(modules[i].path) == kohya) return int(i);
    const std::string ldm = diffusersToLdmPath(modules[i].path, c);
    if (!ldm.empty() && kohyaName(ldm) == kohya) return int(i);
  }
  return -1;
}

}  // namespace hl
