#include "sdxl/unet.h"

#include <cmath>
#include <filesystem>

#include "models/weight_specs.h"
#include "nn/ops.h"
#include "safetensors/safetensors.h"
#include "util/error.h"
#include "util/fs.h"
#include "util/json.h"

namespace hl {
namespace {

void record(const nn::Tap& tap, const std::string& path, const at::Tensor& v) {
  if (tap) tap(path, v);
}

std::string weightsFileIn(const std::string& folder, const std::string& stem) {
  std::string p = hl::fs::safetensorsFile(folder, stem);
  if (!p.empty()) return p;
  throw Error(folder + ": no " + stem + ".safetensors");
}

}  // namespace

at::Tensor timestepEmbedding(const at::Tensor& t, int64_t dim, bool flipSinToCos,
                             double freqShift) {
  const int64_t half = dim / 2;
  auto opts = at::TensorOptions().dtype(at::kFloat).device(t.device());
  at::Tensor exponent =
      at::arange(0, half, opts) * (-std::log(10000.0)) / (double(half) - freqShift);
  at::Tensor emb = t.to(at::kFloat).reshape({-1, 1}) * at::exp(exponent).unsqueeze(0);
  at::Tensor s = at::sin(emb), c = at::cos(emb);
  emb = flipSinToCos ? at::cat({c, s}, -1) : at::cat({s, c}, -1);
  if (dim % 2 == 1) emb = at::constant_pad_nd(emb, {0, 1});
  return emb;
}

Unet::Unet(UnetConfig config, nn::Weights weights)
    : config_(std::move(config)), weights_(std::move(weights)) {
  channelsLast_ = nn::useChannelsLast(weights_, weights_.get("conv_in.weight").scalar_type());
}

Unet Unet::loadDiffusers(const std::string& folder, at::ScalarType dtype, at::Device device) {
  return load(folder + "/config.json", weightsFileIn(folder, "diffusion_pytorch_model"), dtype,
              device);
}

Unet Unet::load(const std::string& configJson, const std::string& weightsFile, at::ScalarType dtype,
                at::Device device) {
  UnetConfig cfg = UnetConfig::fromJson(json::parseFile(configJson));
  auto file = st::File::open(weightsFile);
  requireWeights(*file, unetWeightSpecs(cfg), "UNet");
  return Unet(cfg, nn::loadWeights(file, "UNet " + file->path(), dtype, device));
}

at::Tensor Unet::resnet(const at::Tensor& x, const at::Tensor& embSilu, const std::string& p,
                        const nn::Tap& tap) const {
  const auto& w = weights_;
  const int64_t g = config_.normNumGroups;
  const double eps = config_.normEps;
  at::Tensor h = nn::groupNormSilu(x, w, p + ".norm1", g, eps);
  h = nn::conv2d(h, w, p + ".conv1", 1, 1);
  h = h + nn::linear(embSilu, w, p + ".time_emb_proj").unsqueeze(-1).unsqueeze(-1);
  h = nn::groupNormSilu(h, w, p + ".norm2", g, eps);
  h = nn::conv2d(h, w, p + ".conv2", 1, 1);
  at::Tensor skip = w.has(p + ".conv_shortcut.weight") ? nn::conv2d(x, w, p + ".conv_shortcut") : x;
  at::Tensor out = skip + h;
  record(tap, p, out);
  return out;
}

at::Tensor Unet::transformer(const at::Tensor& x, const at::Tensor& context, const std::string& p,
                             int64_t depth, int64_t heads, const nn::Tap& tap) const {
  const auto& w = weights_;
  const int64_t B = x.size(0), C = x.size(1), H = x.size(2), W = x.size(3);
  at::Tensor h = nn::groupNorm(x, w, p + ".norm", config_.normNumGroups, 1e-6);
  if (config_.useLinearProjection) {
    h = h.permute({0, 2, 3, 1}).reshape({B, H * W, C});
    h = nn::linear(h, w, p + ".proj_in");
  } else {
    h = nn::conv2d(h, w, p + ".proj_in").permute({0, 2, 3, 1}).reshape({B, H * W, C});
  }
  record(tap, p + ".proj_in", h);
  for (int64_t t = 0; t < depth; ++t) {
    const std::string b = p + ".transformer_blocks." + std::to_string(t);
    at::Tensor n = nn::layerNorm(h, w, b + ".norm1", 1e-5);
    at::Tensor a =
        nn::attention(nn::linear(n, w, b + ".attn1.to_q"), nn::linear(n, w, b + ".attn1.to_k"),
                      nn::linear(n, w, b + ".attn1.to_v"), heads);
    a = nn::linear(a, w, b + ".attn1.to_out.0");
    record(tap, b + ".attn1", a);
    h = h + a;
    n = nn::layerNorm(h, w, b + ".norm2", 1e-5);
    a = nn::attention(nn::linear(n, w, b + ".attn2.to_q"),
                      nn::linear(context, w, b + ".attn2.to_k"),
                      nn::linear(context, w, b + ".attn2.to_v"), heads);
    a = nn::linear(a, w, b + ".attn2.to_out.0");
    record(tap, b + ".attn2", a);
    h = h + a;
    n = nn::layerNorm(h, w, b + ".norm3", 1e-5);
    at::Tensor f =
        nn::linear(nn::geglu(nn::linear(n, w, b + ".ff.net.0.proj")), w, b + ".ff.net.2");
    record(tap, b + ".ff", f);
    h = h + f;
    record(tap, b, h);
  }
  if (config_.useLinearProjection) {
    h = nn::linear(h, w, p + ".proj_out");
    // Back to the layout the convolutions use: a free view when they are channels-last; in the
    // plain layout an explicit copy, else the next convolutions would reorder their weights.
    h = h.reshape({B, H, W, C}).permute({0, 3, 1, 2});
    h = channelsLast_ ? h : h.contiguous();
  } else {
    h = nn::conv2d(h.reshape({B, H, W, C}).permute({0, 3, 1, 2}).contiguous(), w, p + ".proj_out");
  }
  at::Tensor out = h + x;
  record(tap, p, out);
  return out;
}

void ControlResiduals::add(const ControlResiduals& o) {
  if (down.empty()) {
    *this = o;
    return;
  }
  for (size_t i = 0; i < down.size() && i < o.down.size(); ++i) down[i] = down[i] + o.down[i];
  mid = mid + o.mid;
}

at::Tensor Unet::forward(const UnetInputs& in, const nn::Tap& tap,
                         const ControlResiduals* control) const {
  return decode(encode(in, tap), tap, control);
}

UnetEncoding Unet::encode(const UnetInputs& in, const nn::Tap& tap,
                          const EncoderExtras& extras) const {
  const auto& c = config_;
  const auto& w = weights_;
  const at::Tensor& convIn = w.get("conv_in.weight");
  const at::ScalarType dt = convIn.scalar_type();
  const at::Device dev = convIn.device();
  at::Tensor sample = in.sample.to(dev, dt);
  const int64_t B = sample.size(0);
  if (sample.dim() != 4 || sample.size(1) != c.inChannels)
    throw Error("UNet: sample must be [B, " + std::to_string(c.inChannels) + ", H, W]");
  at::Tensor context = in.encoderHiddenStates.to(dev, dt);
  if (context.dim() != 3 || context.size(0) != B || context.size(2) != c.crossAttentionDim)
    throw Error("UNet: encoder_hidden_states must be [" + std::to_string(B) + ", L, " +
                std::to_string(c.crossAttentionDim) + "]");
  at::Tensor t = in.timestep.to(dev).reshape({-1});
  if (t.numel() == 1) t = t.expand({B});

  // Time embedding and SDXL micro-conditioning.
  at::Tensor tProj =
      timestepEmbedding(t, c.blockOutChannels[0], c.flipSinToCos, double(c.freqShift));
  record(tap, "time_proj", tProj);
  at::Tensor emb = nn::linear(nn::silu(nn::linear(tProj.to(dt), w, "time_embedding.linear_1")), w,
                              "time_embedding.linear_2");
  record(tap, "time_embedding", emb);
  if (extras.timeEmbedding.defined()) emb = emb + extras.timeEmbedding.to(dt);
  at::Tensor idsProj = timestepEmbedding(in.timeIds.to(dev).reshape({-1}), c.addTimeEmbedDim,
                                         c.flipSinToCos, double(c.freqShift));
  record(tap, "add_time_proj", idsProj);
  at::Tensor addEmbeds = at::cat({in.textEmbeds.to(dev, dt), idsProj.reshape({B, -1}).to(dt)}, -1);
  if (addEmbeds.size(1) != c.projectionClassEmbeddingsInputDim)
    throw Error("UNet: pooled text embedding + time ids give " + std::to_string(addEmbeds.size(1)) +
                " features, the model expects " +
                std::to_string(c.projectionClassEmbeddingsInputDim));
  at::Tensor aug = nn::linear(nn::silu(nn::linear(addEmbeds, w, "add_embedding.linear_1")), w,
                              "add_embedding.linear_2");
  record(tap, "add_embedding", aug);
  emb = emb + aug;
  const at::Tensor embSilu = nn::silu(emb);

  if (channelsLast_) sample = sample.contiguous(at::MemoryFormat::ChannelsLast);
  at::Tensor h = nn::conv2d(sample, w, "conv_in", 1, 1);
  record(tap, "conv_in", h);
  if (extras.afterConvIn) h = h + extras.afterConvIn(h).to(h.scalar_type());
  std::vector<at::Tensor> skips{h};
  const size_t levels = c.blockOutChannels.size();
  for (size_t i = 0; i < levels; ++i) {
    const std::string p = "down_blocks." + std::to_string(i);
    for (int64_t j = 0; j < c.layersPerBlock; ++j) {
      h = resnet(h, embSilu, p + ".resnets." + std::to_string(j), tap);
      if (c.levelHasAttention(i))
        h = transformer(h, context, p + ".attentions." + std::to_string(j),
                        c.transformerLayersPerBlock[i], c.attentionHeads[i], tap);
      skips.push_back(h);
    }
    if (i + 1 < levels) {
      h = nn::conv2d(h, w, p + ".downsamplers.0.conv", 2, 1);
      record(tap, p + ".downsamplers.0", h);
      skips.push_back(h);
    }
    record(tap, p, h);
  }

  h = resnet(h, embSilu, "mid_block.resnets.0", tap);
  if (c.midBlockType.find("CrossAttn") != std::string::npos)
    h = transformer(h, context, "mid_block.attentions.0", c.transformerLayersPerBlock.back(),
                    c.attentionHeads.back(), tap);
  h = resnet(h, embSilu, "mid_block.resnets.1", tap);
  record(tap, "mid_block", h);
  return {embSilu, context, h, std::move(skips)};
}

at::Tensor Unet::decode(UnetEncoding e, const nn::Tap& tap, const ControlResiduals* control) const {
  const auto& c = config_;
  const auto& w = weights_;
  const size_t levels = c.blockOutChannels.size();
  std::vector<at::Tensor>& skips = e.skips;
  at::Tensor h = e.mid;
  const at::Tensor& embSilu = e.embSilu;
  const at::Tensor& context = e.context;
  if (control) {
    if (control->down.size() != skips.size())
      throw Error("UNet: " + std::to_string(control->down.size()) + " ControlNet residuals for " +
                  std::to_string(skips.size()) + " skip connections");
    for (size_t i = 0; i < skips.size(); ++i)
      skips[i] = skips[i] + control->down[i].to(skips[i].scalar_type());
    h = h + control->mid.to(h.scalar_type());
  }

  for (size_t i = 0; i < levels; ++i) {
    const size_t level = levels - 1 - i;
    const std::string p = "up_blocks." + std::to_string(i);
    const bool attn = c.upBlockTypes[i].find("CrossAttn") != std::string::npos;
    for (int64_t j = 0; j <= c.layersPerBlock; ++j) {
      h = at::cat({h, skips.back()}, 1);
      skips.pop_back();
      h = resnet(h, embSilu, p + ".resnets." + std::to_string(j), tap);
      if (attn)
        h = transformer(h, context, p + ".attentions." + std::to_string(j),
                        c.transformerLayersPerBlock[level], c.attentionHeads[level], tap);
    }
    if (i + 1 < levels) {
      // Upsample to the size of the next skip connection (exactly 2x when sizes are even).
      const auto& next = skips.back();
      h = at::upsample_nearest2d(h, {next.size(2), next.size(3)});
      h = nn::conv2d(h, w, p + ".upsamplers.0.conv", 1, 1);
      record(tap, p + ".upsamplers.0", h);
    }
    record(tap, p, h);
  }
  h = nn::groupNormSilu(h, w, "conv_norm_out", c.normNumGroups, c.normEps);
  h = nn::conv2d(h, w, "conv_out", 1, 1);
  record(tap, "conv_out", h);
  return h;
}

}  // namespace hl
