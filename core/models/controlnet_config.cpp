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
  return v;
}

int64_t ControlNetConfig::numResiduals() const {
  const int64_t levels = int64_t(unet.blockOutChannels.size());
  return 1 + levels * unet.layersPerBlock + (levels - 1);
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
  return out;
}

bool isControlNetFile(const st::File& file) {
  return file.find("controlnet_cond_embedding.conv_in.weight") != nullptr;
}

}  // namespace hl
