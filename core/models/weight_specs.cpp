#include "models/weight_specs.h"

#include <unordered_map>

#include "safetensors/safetensors.h"
#include "util/error.h"

namespace hl {
namespace {

class Builder {
 public:
  void add(const std::string& name, std::vector<int64_t> shape) {
    specs.push_back({name, std::move(shape)});
  }
  void linear(const std::string& p, int64_t out, int64_t in, bool bias = true) {
    add(p + ".weight", {out, in});
    if (bias) add(p + ".bias", {out});
  }
  void conv(const std::string& p, int64_t out, int64_t in, int64_t k) {
    add(p + ".weight", {out, in, k, k});
    add(p + ".bias", {out});
  }
  void norm(const std::string& p, int64_t c) {
    add(p + ".weight", {c});
    add(p + ".bias", {c});
  }
  // diffusers ResnetBlock2D (time embedding projection only in the UNet).
  void resnet(const std::string& p, int64_t in, int64_t out, int64_t temb) {
    norm(p + ".norm1", in);
    conv(p + ".conv1", out, in, 3);
    if (temb > 0) linear(p + ".time_emb_proj", out, temb);
    norm(p + ".norm2", out);
    conv(p + ".conv2", out, out, 3);
    if (in != out) conv(p + ".conv_shortcut", out, in, 1);
  }
  // diffusers Transformer2DModel with BasicTransformerBlocks (GEGLU feed-forward).
  void transformer(const std::string& p, int64_t c, int64_t depth, int64_t cross, bool linearProj) {
    norm(p + ".norm", c);
    if (linearProj) linear(p + ".proj_in", c, c); else conv(p + ".proj_in", c, c, 1);
    for (int64_t t = 0; t < depth; ++t) {
      const std::string b = p + ".transformer_blocks." + std::to_string(t);
      norm(b + ".norm1", c);
      attention(b + ".attn1", c, c);
      norm(b + ".norm2", c);
      attention(b + ".attn2", c, cross);
      norm(b + ".norm3", c);
      linear(b + ".ff.net.0.proj", c * 8, c);
      linear(b + ".ff.net.2", c, c * 4);
    }
    if (linearProj) linear(p + ".proj_out", c, c); else conv(p + ".proj_out", c, c, 1);
  }
  void attention(const std::string& p, int64_t c, int64_t kv) {
    linear(p + ".to_q", c, c, false);
    linear(p + ".to_k", c, kv, false);
    linear(p + ".to_v", c, kv, false);
    linear(p + ".to_out.0", c, c);
  }
  void clipEncoder(const std::string& p, int64_t h, int64_t inter, int64_t layers) {
    for (int64_t i = 0; i < layers; ++i) {
      const std::string l = p + ".layers." + std::to_string(i);
      norm(l + ".layer_norm1", h);
      for (const char* proj : {"q_proj", "k_proj", "v_proj", "out_proj"})
        linear(l + ".self_attn." + proj, h, h);
      norm(l + ".layer_norm2", h);
      linear(l + ".mlp.fc1", inter, h);
      linear(l + ".mlp.fc2", h, inter);
    }
  }
  // The mid block of the VAE: resnet, single-head attention with biases, resnet.
  void vaeMid(const std::string& p, int64_t c, bool attention) {
    resnet(p + ".resnets.0", c, c, 0);
    if (attention) {
      norm(p + ".attentions.0.group_norm", c);
      for (const char* proj : {"to_q", "to_k", "to_v", "to_out.0"})
        linear(p + ".attentions.0." + proj, c, c);
    }
    resnet(p + ".resnets.1", c, c, 0);
  }
  WeightSpecs specs;
};

}  // namespace

WeightSpecs unetWeightSpecs(const UnetConfig& c) {
  Builder b;
  const auto& ch = c.blockOutChannels;
  const size_t levels = ch.size();
  const int64_t temb = c.timeEmbedDim();
  b.linear("time_embedding.linear_1", temb, ch[0]);
  b.linear("time_embedding.linear_2", temb, temb);
  b.linear("add_embedding.linear_1", temb, c.projectionClassEmbeddingsInputDim);
  b.linear("add_embedding.linear_2", temb, temb);
  b.conv("conv_in", ch[0], c.inChannels, 3);
  int64_t prev = ch[0];
  for (size_t i = 0; i < levels; ++i) {
    const std::string p = "down_blocks." + std::to_string(i);
    for (int64_t j = 0; j < c.layersPerBlock; ++j) {
      b.resnet(p + ".resnets." + std::to_string(j), j == 0 ? prev : ch[i], ch[i], temb);
      if (c.levelHasAttention(i))
        b.transformer(p + ".attentions." + std::to_string(j), ch[i], c.transformerLayersPerBlock[i],
                      c.crossAttentionDim, c.useLinearProjection);
    }
    if (i + 1 < levels) b.conv(p + ".downsamplers.0.conv", ch[i], ch[i], 3);
    prev = ch[i];
  }
  const int64_t last = ch.back();
  b.resnet("mid_block.resnets.0", last, last, temb);
  if (c.midBlockType.find("CrossAttn") != std::string::npos)
    b.transformer("mid_block.attentions.0", last, c.transformerLayersPerBlock.back(),
                  c.crossAttentionDim, c.useLinearProjection);
  b.resnet("mid_block.resnets.1", last, last, temb);
  int64_t prevOut = last;
  for (size_t i = 0; i < levels; ++i) {
    const size_t level = levels - 1 - i;
    const int64_t out = ch[level];
    const int64_t in = ch[level == 0 ? 0 : level - 1];
    const std::string p = "up_blocks." + std::to_string(i);
    const bool attn = c.upBlockTypes[i].find("CrossAttn") != std::string::npos;
    for (int64_t j = 0; j <= c.layersPerBlock; ++j) {
      const int64_t skip = (j == c.layersPerBlock) ? in : out;
      const int64_t resIn = (j == 0) ? prevOut : out;
      b.resnet(p + ".resnets." + std::to_string(j), resIn + skip, out, temb);
      if (attn)
        b.transformer(p + ".attentions." + std::to_string(j), out,
                      c.transformerLayersPerBlock[level], c.crossAttentionDim,
                      c.useLinearProjection);
    }
    if (i + 1 < levels) b.conv(p + ".upsamplers.0.conv", out, out, 3);
    prevOut = out;
  }
  b.norm("conv_norm_out", ch[0]);
  b.conv("conv_out", c.outChannels, ch[0], 3);
  return b.specs;
}

WeightSpecs vaeWeightSpecs(const VaeConfig& c) {
  Builder b;
  const auto& ch = c.blockOutChannels;
  const size_t levels = ch.size();
  b.conv("encoder.conv_in", ch[0], c.inChannels, 3);
  int64_t prev = ch[0];
  for (size_t i = 0; i < levels; ++i) {
    const std::string p = "encoder.down_blocks." + std::to_string(i);
    for (int64_t j = 0; j < c.layersPerBlock; ++j)
      b.resnet(p + ".resnets." + std::to_string(j), j == 0 ? prev : ch[i], ch[i], 0);
    if (i + 1 < levels) b.conv(p + ".downsamplers.0.conv", ch[i], ch[i], 3);
    prev = ch[i];
  }
  b.vaeMid("encoder.mid_block", ch.back(), c.midBlockAddAttention);
  b.norm("encoder.conv_norm_out", ch.back());
  b.conv("encoder.conv_out", 2 * c.latentChannels, ch.back(), 3);
  if (c.useQuantConv) b.conv("quant_conv", 2 * c.latentChannels, 2 * c.latentChannels, 1);
  if (c.usePostQuantConv) b.conv("post_quant_conv", c.latentChannels, c.latentChannels, 1);
  b.conv("decoder.conv_in", ch.back(), c.latentChannels, 3);
  b.vaeMid("decoder.mid_block", ch.back(), c.midBlockAddAttention);
  int64_t prevOut = ch.back();
  for (size_t i = 0; i < levels; ++i) {
    const int64_t out = ch[levels - 1 - i];
    const std::string p = "decoder.up_blocks." + std::to_string(i);
    for (int64_t j = 0; j <= c.layersPerBlock; ++j)
      b.resnet(p + ".resnets." + std::to_string(j), j == 0 ? prevOut : out, out, 0);
    if (i + 1 < levels) b.conv(p + ".upsamplers.0.conv", out, out, 3);
    prevOut = out;
  }
  b.norm("decoder.conv_norm_out", ch[0]);
  b.conv("decoder.conv_out", c.outChannels, ch[0], 3);
  return b.specs;
}

WeightSpecs clipTextWeightSpecs(const ClipTextConfig& c) {
  Builder b;
  b.add("text_model.embeddings.token_embedding.weight", {c.vocabSize, c.hiddenSize});
  b.add("text_model.embeddings.position_embedding.weight", {c.maxPositionEmbeddings, c.hiddenSize});
  b.clipEncoder("text_model.encoder", c.hiddenSize, c.intermediateSize, c.numLayers);
  b.norm("text_model.final_layer_norm", c.hiddenSize);
  if (c.withProjection) b.linear("text_projection", c.projectionDim, c.hiddenSize, false);
  return b.specs;
}

WeightSpecs clipVisionWeightSpecs(const ClipVisionConfig& c, bool withProjection) {
  Builder b;
  b.add("vision_model.embeddings.class_embedding", {c.hiddenSize});
  b.add("vision_model.embeddings.patch_embedding.weight",
        {c.hiddenSize, c.numChannels, c.patchSize, c.patchSize});
  b.add("vision_model.embeddings.position_embedding.weight", {c.numPositions(), c.hiddenSize});
  b.norm("vision_model.pre_layrnorm", c.hiddenSize);
  b.clipEncoder("vision_model.encoder", c.hiddenSize, c.intermediateSize, c.numLayers);
  b.norm("vision_model.post_layernorm", c.hiddenSize);
  if (withProjection) b.linear("visual_projection", c.projectionDim, c.hiddenSize, false);
  return b.specs;
}

WeightSpecs resamplerWeightSpecs(const HyperLoraConfig& c, int64_t numModules, int nConds) {
  Builder b;
  const int64_t dim = c.resamplerDim, inner = c.heads * c.dimHead;
  b.add("latents", {1, 8 * numModules, dim});
  b.linear("proj_in", dim, c.clipHiddenSize);
  if (nConds > 1) b.linear("proj_in_2", dim, c.clipHiddenSize);
  b.linear("proj_out", c.hyperDim, dim);
  for (int64_t i = 0; i < c.depth; ++i) {
    const std::string l = "layers." + std::to_string(i);
    const int attns = nConds > 1 ? 3 : 2;
    for (int a = 1; a <= attns; ++a) {
      const std::string p = l + ".attn" + std::to_string(a);
      b.linear(p + ".to_q", inner, dim, false);
      b.linear(p + ".to_k", inner, dim, false);
      b.linear(p + ".to_v", inner, dim, false);
      b.linear(p + ".to_out.0", dim, inner, false);
    }
    b.linear(l + ".ff.net.0.proj", dim * c.ffMult, dim);
    b.linear(l + ".ff.net.2", dim, dim * c.ffMult);
    b.norm(l + ".norm_attn1", dim);
    b.norm(l + ".norm_attn2_l", dim);
    b.norm(l + ".norm_attn2_x", dim);
    if (nConds > 1) {
      b.norm(l + ".norm_attn3_l", dim);
      b.norm(l + ".norm_attn3_y", dim);
    }
    b.norm(l + ".norm_ff", dim);
  }
  return b.specs;
}

WeightSpecs idProjectorWeightSpecs(const HyperLoraConfig& c) {
  Builder b;
  b.linear("0", c.numIdTokens * c.clipHiddenSize, c.idEmbedDim);
  b.norm("2", c.clipHiddenSize);
  return b.specs;
}

WeightSpecs hyperLoraBasisSpecs(const HyperLoraConfig& c,
                                const std::vector<HyperLoraModuleEntry>& modules) {
  Builder b;
  for (size_t i = 0; i < modules.size(); ++i) {
    const auto& m = modules[i];
    const int64_t h = m.hiddenSize, kv = m.crossAttentionDim > 0 ? m.crossAttentionDim : h;
    for (const char* proj : {"to_q", "to_k", "to_v", "to_out"}) {
      const std::string name = proj;
      const int64_t in = (name == "to_k" || name == "to_v") ? kv : h;
      const std::string p = std::to_string(i) + "." + name;
      b.add(p + ".id_down_basis", {c.hyperDim, in, c.loraRank});
      b.add(p + ".id_up_basis", {c.hyperDim, c.loraRank, h});
      if (c.hasBaseLora) {
        b.add(p + ".base_down_basis", {c.hyperDim, in, c.loraRank / 2});
        b.add(p + ".base_up_basis", {c.hyperDim, c.loraRank / 2, h});
      }
    }
  }
  return b.specs;
}

WeightCheck checkWeights(const st::File& file, const WeightSpecs& specs,
                         const std::vector<std::string>& ignorePrefixes, bool allowUnexpected) {
  WeightCheck r;
  auto ignored = [&](const std::string& n) {
    for (const auto& p : ignorePrefixes)
      if (n.compare(0, p.size(), p) == 0) return true;
    return false;
  };
  std::unordered_map<std::string, const WeightSpec*> expected;
  for (const auto& s : specs) expected.emplace(s.name, &s);
  for (const auto& s : specs) {
    const st::TensorInfo* t = file.find(s.name);
    if (!t) {
      r.missing.push_back(s.name);
    } else if (t->shape != s.shape) {
      r.wrongShape.push_back(s.name + ": expected " + st::shapeString(s.shape) + ", found " +
                             st::shapeString(t->shape));
    }
  }
  if (!allowUnexpected)
    for (const auto& t : file.tensors())
      if (!expected.count(t.name) && !ignored(t.name)) r.unexpected.push_back(t.name);
  return r;
}

std::string WeightCheck::describe(const std::string& component, const std::string& path) const {
  std::string s = path + ": " + component + " weights do not match the config";
  auto list = [&s](const char* what, const std::vector<std::string>& xs) {
    if (xs.empty()) return;
    s += "; " + std::to_string(xs.size()) + " " + what + ": ";
    for (size_t i = 0; i < xs.size() && i < 5; ++i) s += (i ? ", " : "") + xs[i];
    if (xs.size() > 5) s += ", ...";
  };
  list("wrong shape", wrongShape);
  list("missing", missing);
  list("unexpected", unexpected);
  return s;
}

void requireWeights(const st::File& file, const WeightSpecs& specs, const std::string& component,
                    const std::vector<std::string>& ignorePrefixes, bool allowUnexpected) {
  WeightCheck r = checkWeights(file, specs, ignorePrefixes, allowUnexpected);
  if (!r.ok()) throw Error(r.describe(component, file.path()));
}

}  // namespace hl
