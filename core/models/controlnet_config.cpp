#include "models/controlnet_config.h"

#include "safetensors/safetensors.h"
#include "util/error.h"

namespace hl {
namespace {

bool startsWith(const std::string& s, const std::string& p) {
  return s.compare(0, p.size(), p) == 0;
}

bool hasPrefix(const st::File& f, const std::string& prefix) {
  for (const auto& t : f.tensors())
    if (startsWith(t.name, prefix)) return true;
  return false;
}

// Counts "prefix.N." indices over every tensor name.
int64_t countChildren(const st::File& f, const std::string& prefix) {
  int64_t n = 0;
  for (const auto& t : f.tensors()) {
    if (!startsWith(t.name, prefix)) continue;
    const size_t end = t.name.find('.', prefix.size());
    if (end == std::string::npos) continue;
    try {
      n = std::max<int64_t>(n, std::stoll(t.name.substr(prefix.size(), end - prefix.size())) + 1);
    } catch (const std::exception&) {
    }
  }
  return n;
}

// The union fusion adds its tokens and projections to conv_in's output: their widths must be
// the first level's.
void checkUnion(const ControlNetConfig& c) {
  const auto& u = c.unionModel;
  const int64_t c0 = c.unet.blockOutChannels.at(0);
  if (u.numControlTypes < 1 || u.layers < 0 || u.heads < 1 || u.channels % u.heads != 0)
    throw Error("union ControlNet: num_control_type, num_trans_layer and num_trans_head (" +
                std::to_string(u.heads) + ", dividing num_trans_channel " +
                std::to_string(u.channels) + ") must be positive");
  if (u.channels != c0 || u.projChannels != c0)
    throw Error("union ControlNet: num_trans_channel (" + std::to_string(u.channels) +
                ") and num_proj_channel (" + std::to_string(u.projChannels) +
                ") must equal block_out_channels[0] (" + std::to_string(c0) + ")");
}

}  // namespace

ControlNetConfig ControlNetConfig::fromJson(const json::Value& v) {
  json::Value copy = v;
  // A ControlNet has no up blocks; the UNet parser wants one entry per level.
  if (!copy.contains("up_block_types") && v.contains("block_out_channels")) {
    json::Value up = json::Value::array();
    for (size_t i = 0; i < v.at("block_out_channels").size(); ++i) up.push("UpBlock2D");
    copy.set("up_block_types", up);
  }
  ControlNetConfig c;
  c.unet = UnetConfig::fromJson(copy);
  if (v.contains("conditioning_embedding_out_channels"))
    c.conditioningChannels = v.intList("conditioning_embedding_out_channels");
  c.conditioningInChannels = v.intOr("conditioning_channels", 3);
  c.globalPoolConditions = v.boolOr("global_pool_conditions", false);
  if (v.stringOr("controlnet_conditioning_channel_order", "rgb") != "rgb")
    throw Error("ControlNet: only the RGB conditioning channel order is supported");
  if (v.stringOr("_class_name", "") == "ControlNetUnionModel" || v.contains("num_control_type")) {
    Union& u = c.unionModel;
    u.numControlTypes = v.intOr("num_control_type", 6);
    u.channels = v.intOr("num_trans_channel", 320);
    u.heads = v.intOr("num_trans_head", 8);
    u.layers = v.intOr("num_trans_layer", 1);
    u.projChannels = v.intOr("num_proj_channel", 320);
    checkUnion(c);
  }
  return c;
}

ControlNetConfig ControlNetConfig::infer(const st::File& f, const UnetConfig& base) {
  ControlNetConfig c;
  UnetConfig& u = c.unet;
  u = base;
  const size_t levels = size_t(countChildren(f, "down_blocks."));
  if (levels == 0 || !f.find("conv_in.weight") ||
      !f.find("controlnet_cond_embedding.conv_in.weight"))
    throw Error(f.path() +
                ": not a ControlNet (no down_blocks, conv_in or controlnet_cond_embedding)");
  u.inChannels = f.at("conv_in.weight").shape[1];
  u.layersPerBlock = countChildren(f, "down_blocks.0.resnets.");
  u.blockOutChannels.clear();
  u.downBlockTypes.clear();
  u.transformerLayersPerBlock.clear();
  u.attentionHeads.clear();
  for (size_t i = 0; i < levels; ++i) {
    const std::string p = "down_blocks." + std::to_string(i);
    const int64_t ch = f.at(p + ".resnets.0.conv1.weight").shape[0];
    u.blockOutChannels.push_back(ch);
    const bool attn = hasPrefix(f, p + ".attentions.");
    u.downBlockTypes.push_back(attn ? "CrossAttnDownBlock2D" : "DownBlock2D");
    u.transformerLayersPerBlock.push_back(
        attn ? countChildren(f, p + ".attentions.0.transformer_blocks.") : 1);
    // Heads cannot be read from weights: the base UNet's head width at that level (64 in SDXL).
    const size_t bl = std::min(i, base.blockOutChannels.size() - 1);
    const int64_t headDim =
        base.blockOutChannels[bl] / std::max<int64_t>(1, base.attentionHeads[bl]);
    u.attentionHeads.push_back(std::max<int64_t>(1, ch / std::max<int64_t>(1, headDim)));
    if (attn) {
      const std::string a = p + ".attentions.0.";
      u.crossAttentionDim = f.at(a + "transformer_blocks.0.attn2.to_k.weight").shape[1];
      u.useLinearProjection = f.at(a + "proj_in.weight").shape.size() == 2;
    }
  }
  u.upBlockTypes.assign(levels, "UpBlock2D");
  const bool midAttn = hasPrefix(f, "mid_block.attentions.");
  u.midBlockType = midAttn ? "UNetMidBlock2DCrossAttn" : "UNetMidBlock2D";
  // The mid block uses the last level's depth (diffusers); a last level without attention
  // takes the mid block's.
  if (midAttn && !u.levelHasAttention(levels - 1))
    u.transformerLayersPerBlock.back() =
        countChildren(f, "mid_block.attentions.0.transformer_blocks.");
  u.projectionClassEmbeddingsInputDim = f.at("add_embedding.linear_1.weight").shape[1];
  c.conditioningChannels.clear();
  c.conditioningChannels.push_back(f.at("controlnet_cond_embedding.conv_in.weight").shape[0]);
  const int64_t blocks = countChildren(f, "controlnet_cond_embedding.blocks.");
  for (int64_t b = 1; b < blocks; b += 2)
    c.conditioningChannels.push_back(
        f.at("controlnet_cond_embedding.blocks." + std::to_string(b) + ".weight").shape[0]);
  c.conditioningInChannels = f.at("controlnet_cond_embedding.conv_in.weight").shape[1];
  if (const auto* task = f.find("task_embedding")) {
    if (task->shape.size() != 2)
      throw Error(f.path() + ": task_embedding must be [num_control_type, channels]");
    Union& un = c.unionModel;
    un.numControlTypes = task->shape[0];
    un.channels = task->shape[1];
    un.layers = countChildren(f, "transformer_layes.");
    un.projChannels = f.at("spatial_ch_projs.weight").shape[0];
    checkUnion(c);
  }
  return c;
}

json::Value ControlNetConfig::toJson() const {
  json::Value v = unet.toJson();
  v.set("_class_name", "ControlNetModel");
  json::Value cc = json::Value::array();
  for (int64_t c : conditioningChannels) cc.push(c);
  v.set("conditioning_embedding_out_channels", cc);
  v.set("conditioning_channels", conditioningInChannels);
  v.set("controlnet_conditioning_channel_order", "rgb");
  v.set("global_pool_conditions", globalPoolConditions);
  if (isUnion()) {
    v.set("_class_name", "ControlNetUnionModel");
    v.set("num_control_type", unionModel.numControlTypes);
    v.set("num_trans_channel", unionModel.channels);
    v.set("num_trans_head", unionModel.heads);
    v.set("num_trans_layer", unionModel.layers);
    v.set("num_proj_channel", unionModel.projChannels);
  }
  return v;
}

int64_t ControlNetConfig::numResiduals() const {
  const int64_t levels = int64_t(unet.blockOutChannels.size());
  return 1 + levels * unet.layersPerBlock + (levels - 1);
}

namespace {

// ControlNetUnionModel's extra tensors (the misspelt `transformer_layes` is the released name).
void addUnionWeightSpecs(const ControlNetConfig& c, WeightSpecs& out) {
  const auto& u = c.unionModel;
  const int64_t ch = u.channels, temb = c.unet.blockOutChannels[0] * 4;
  auto linear = [&](const std::string& n, int64_t o, int64_t i) {
    out.push_back({n + ".weight", {o, i}});
    out.push_back({n + ".bias", {o}});
  };
  out.push_back({"task_embedding", {u.numControlTypes, ch}});
  for (int64_t l = 0; l < u.layers; ++l) {
    const std::string p = "transformer_layes." + std::to_string(l) + ".";
    out.push_back({p + "attn.in_proj_weight", {3 * ch, ch}});
    out.push_back({p + "attn.in_proj_bias", {3 * ch}});
    linear(p + "attn.out_proj", ch, ch);
    for (const char* ln : {"ln_1", "ln_2"}) {
      out.push_back({p + ln + ".weight", {ch}});
      out.push_back({p + ln + ".bias", {ch}});
    }
    linear(p + "mlp.c_fc", 4 * ch, ch);
    linear(p + "mlp.c_proj", ch, 4 * ch);
  }
  linear("spatial_ch_projs", u.projChannels, ch);
  linear("control_add_embedding.linear_1", temb, c.unet.addTimeEmbedDim * u.numControlTypes);
  linear("control_add_embedding.linear_2", temb, temb);
}

struct UnionType {
  const char* name;
  const char* label;
  std::vector<const char*> aliases;
};

const std::vector<UnionType>& unionTypes() {
  static const std::vector<UnionType> types{
      {"openpose", "openpose", {"pose", "dwpose"}},
      {"depth", "depth", {}},
      {"softedge",
       "hed / pidi / scribble / ted",
       {"hed", "pidi", "scribble", "ted", "hed/pidi/scribble/ted"}},
      {"canny",
       "canny / lineart / anime lineart / mlsd",
       {"lineart", "anime_lineart", "mlsd", "canny/lineart/anime_lineart/mlsd"}},
      {"normal", "normal", {"normalbae"}},
      {"segment", "segment", {"seg"}},
      {"tile", "tile", {}},
      {"repaint", "repaint (inpaint / outpaint)", {"inpaint", "outpaint"}},
  };
  return types;
}

}  // namespace

const std::vector<std::string>& unionControlTypeNames() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> n;
    for (const auto& t : unionTypes()) n.push_back(t.name);
    return n;
  }();
  return names;
}

int unionControlType(const std::string& name) {
  const auto& types = unionTypes();
  for (size_t i = 0; i < types.size(); ++i) {
    if (name == types[i].name) return int(i);
    for (const char* a : types[i].aliases)
      if (name == a) return int(i);
  }
  return -1;
}

std::string unionControlTypeLabel(int type) {
  const auto& types = unionTypes();
  if (type < 0) return "auto";
  return size_t(type) < types.size() ? types[size_t(type)].label : "type " + std::to_string(type);
}

WeightSpecs controlNetWeightSpecs(const ControlNetConfig& c) {
  WeightSpecs out;
  for (auto& s : unetWeightSpecs(c.unet))
    if (!startsWith(s.name, "up_blocks.") && !startsWith(s.name, "conv_norm_out.") &&
        !startsWith(s.name, "conv_out."))
      out.push_back(std::move(s));
  auto conv = [&](const std::string& n, int64_t o, int64_t i, int64_t k) {
    out.push_back({n + ".weight", {o, i, k, k}});
    out.push_back({n + ".bias", {o}});
  };
  const auto& cc = c.conditioningChannels;
  conv("controlnet_cond_embedding.conv_in", cc[0], c.conditioningInChannels, 3);
  for (size_t i = 0; i + 1 < cc.size(); ++i) {
    conv("controlnet_cond_embedding.blocks." + std::to_string(2 * i), cc[i], cc[i], 3);
    conv("controlnet_cond_embedding.blocks." + std::to_string(2 * i + 1), cc[i + 1], cc[i], 3);
  }
  conv("controlnet_cond_embedding.conv_out", c.unet.blockOutChannels[0], cc.back(), 3);
  // One zero convolution per skip state, in the UNet's skip order, and one for the mid block.
  const auto& ch = c.unet.blockOutChannels;
  std::vector<int64_t> skips{ch[0]};
  for (size_t i = 0; i < ch.size(); ++i) {
    for (int64_t j = 0; j < c.unet.layersPerBlock; ++j) skips.push_back(ch[i]);
    if (i + 1 < ch.size()) skips.push_back(ch[i]);
  }
  for (size_t i = 0; i < skips.size(); ++i)
    conv("controlnet_down_blocks." + std::to_string(i), skips[i], skips[i], 1);
  conv("controlnet_mid_block", ch.back(), ch.back(), 1);
  if (c.isUnion()) addUnionWeightSpecs(c, out);
  return out;
}

bool isControlNetFile(const st::File& file) {
  return file.find("controlnet_cond_embedding.conv_in.weight") != nullptr;
}

}  // namespace hl
