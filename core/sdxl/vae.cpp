#include "sdxl/vae.h"

#include <filesystem>

#include "models/weight_specs.h"
#include "nn/ops.h"
#include "safetensors/safetensors.h"
#include "util/error.h"
#include "util/fs.h"
#include "util/json.h"

namespace hl {
namespace {

constexpr double kEps = 1e-6;  // the VAE's resnets and attention use 1e-6

void record(const nn::Tap& tap, const std::string& path, const at::Tensor& v) {
  if (tap) tap(path, v);
}

}  // namespace

std::string vaeLegacyName(const std::string& n) {
  const std::pair<const char*, const char*> map[] = {{".query.", ".to_q."},
                                                     {".key.", ".to_k."},
                                                     {".value.", ".to_v."},
                                                     {".proj_attn.", ".to_out.0."}};
  for (const auto& [from, to] : map) {
    size_t pos = n.find(from);
    if (pos != std::string::npos && n.find("mid_block.attentions.") != std::string::npos)
      return n.substr(0, pos) + to + n.substr(pos + std::char_traits<char>::length(from));
  }
  return n;
}

Vae::Vae(VaeConfig config, nn::Weights weights)
    : config_(std::move(config)), weights_(std::move(weights)) {
  channelsLast_ =
      nn::useChannelsLast(weights_, weights_.get("decoder.conv_in.weight").scalar_type());
}

at::Tensor Vae::layout(const at::Tensor& x) const {
  return channelsLast_ ? x.contiguous(at::MemoryFormat::ChannelsLast) : x;
}

Vae Vae::load(const std::string& configJson, const std::string& weightsFile, at::ScalarType dtype,
              at::Device device) {
  VaeConfig cfg = VaeConfig::fromJson(json::parseFile(configJson));
  auto file = st::File::open(weightsFile);
  nn::Weights w = nn::loadWeights(file, "VAE " + weightsFile, dtype, device, vaeLegacyName);
  // Check names and shapes after the legacy renaming, so both spellings validate alike.
  WeightSpecs specs = vaeWeightSpecs(cfg);
  const std::vector<std::string> problems = nn::mismatches(w, specs);
  if (!problems.empty() || w.size() != specs.size()) {
    std::string msg = weightsFile + ": VAE weights do not match the config";
    for (const auto& p : problems) msg += "; " + p;
    if (problems.empty())
      msg += "; " + std::to_string(w.size() - specs.size()) + " unexpected tensors";
    throw Error(msg);
  }
  return Vae(cfg, std::move(w));
}

Vae Vae::loadDiffusers(const std::string& folder, at::ScalarType dtype, at::Device device) {
  const std::string p = hl::fs::safetensorsFile(folder, "diffusion_pytorch_model");
  if (!p.empty()) return load(folder + "/config.json", p, dtype, device);
  throw Error(folder + ": no diffusion_pytorch_model.safetensors");
}

at::Tensor Vae::resnet(const at::Tensor& x, const std::string& p) const {
  const auto& w = weights_;
  const int64_t g = config_.normNumGroups;
  at::Tensor h = nn::conv2d(nn::groupNormSilu(x, w, p + ".norm1", g, kEps), w, p + ".conv1", 1, 1);
  h = nn::conv2d(nn::groupNormSilu(h, w, p + ".norm2", g, kEps), w, p + ".conv2", 1, 1);
  at::Tensor skip = w.has(p + ".conv_shortcut.weight") ? nn::conv2d(x, w, p + ".conv_shortcut") : x;
  return skip + h;
}

at::Tensor Vae::midBlock(const at::Tensor& x, const std::string& p, const nn::Tap& tap) const {
  const auto& w = weights_;
  at::Tensor h = resnet(x, p + ".resnets.0");
  if (config_.midBlockAddAttention) {
    const std::string a = p + ".attentions.0";
    const int64_t B = h.size(0), C = h.size(1), H = h.size(2), W = h.size(3);
    at::Tensor n = nn::groupNorm(h, w, a + ".group_norm", config_.normNumGroups, kEps);
    n = n.reshape({B, C, H * W}).transpose(1, 2);
    at::Tensor o = nn::attention(nn::linear(n, w, a + ".to_q"), nn::linear(n, w, a + ".to_k"),
                                 nn::linear(n, w, a + ".to_v"), 1);
    o = nn::linear(o, w, a + ".to_out.0").transpose(1, 2).reshape({B, C, H, W});
    h = h + o;
    record(tap, a, h);
  }
  h = resnet(h, p + ".resnets.1");
  record(tap, p, h);
  return h;
}

LatentDistribution Vae::encode(const at::Tensor& image, const nn::Tap& tap) const {
  const auto& w = weights_;
  const auto& c = config_;
  const at::Tensor& first = w.get("encoder.conv_in.weight");
  at::Tensor h =
      nn::conv2d(layout(image.to(first.device(), first.scalar_type())), w, "encoder.conv_in", 1, 1);
  const size_t levels = c.blockOutChannels.size();
  for (size_t i = 0; i < levels; ++i) {
    const std::string p = "encoder.down_blocks." + std::to_string(i);
    for (int64_t j = 0; j < c.layersPerBlock; ++j)
      h = resnet(h, p + ".resnets." + std::to_string(j));
    if (i + 1 < levels)  // asymmetric padding (right and bottom), then a stride-2 conv
      h = nn::conv2d(at::constant_pad_nd(h, {0, 1, 0, 1}), w, p + ".downsamplers.0.conv", 2, 0);
    record(tap, p, h);
  }
  h = midBlock(h, "encoder.mid_block", tap);
  h = nn::groupNormSilu(h, w, "encoder.conv_norm_out", c.normNumGroups, kEps);
  h = nn::conv2d(h, w, "encoder.conv_out", 1, 1);
  record(tap, "encoder.conv_out", h);
  if (c.useQuantConv) {
    h = nn::conv2d(h, w, "quant_conv");
    record(tap, "quant_conv", h);
  }
  auto parts = h.chunk(2, 1);
  LatentDistribution d;
  d.mean = parts[0];
  d.logvar = parts[1].clamp(-30.0, 20.0);
  d.std = at::exp(d.logvar * 0.5);
  return d;
}

at::Tensor Vae::decode(const at::Tensor& latents, const nn::Tap& tap) const {
  const auto& w = weights_;
  const auto& c = config_;
  const at::Tensor& first = w.get("decoder.conv_in.weight");
  at::Tensor z = layout(latents.to(first.device(), first.scalar_type()));
  if (c.usePostQuantConv) {
    z = nn::conv2d(z, w, "post_quant_conv");
    record(tap, "post_quant_conv", z);
  }
  at::Tensor h = nn::conv2d(z, w, "decoder.conv_in", 1, 1);
  record(tap, "decoder.conv_in", h);
  h = midBlock(h, "decoder.mid_block", tap);
  const size_t levels = c.blockOutChannels.size();
  for (size_t i = 0; i < levels; ++i) {
    const std::string p = "decoder.up_blocks." + std::to_string(i);
    for (int64_t j = 0; j <= c.layersPerBlock; ++j)
      h = resnet(h, p + ".resnets." + std::to_string(j));
    if (i + 1 < levels) {
      h = at::upsample_nearest2d(h, {h.size(2) * 2, h.size(3) * 2});
      h = nn::conv2d(h, w, p + ".upsamplers.0.conv", 1, 1);
    }
    record(tap, p, h);
  }
  h = nn::groupNormSilu(h, w, "decoder.conv_norm_out", c.normNumGroups, kEps);
  h = nn::conv2d(h, w, "decoder.conv_out", 1, 1);
  record(tap, "decoder.conv_out", h);
  return h;
}

at::Tensor Vae::decodeTiled(const at::Tensor& latents, int64_t tile, int64_t overlap) const {
  const int64_t H = latents.size(2), W = latents.size(3);
  if (H <= tile && W <= tile) return decode(latents);
  if (overlap * 2 >= tile) throw Error("VAE tiling: overlap must be less than half the tile");
  const int64_t f = 1LL << (config_.blockOutChannels.size() - 1);  // pixels per latent
  const int64_t stride = tile - overlap;
  at::Tensor out, weight;
  for (int64_t y0 = 0;; y0 += stride) {
    const int64_t ys = std::min(y0, std::max<int64_t>(0, H - tile)), ye = std::min(H, ys + tile);
    for (int64_t x0 = 0;; x0 += stride) {
      const int64_t xs = std::min(x0, std::max<int64_t>(0, W - tile)), xe = std::min(W, xs + tile);
      at::Tensor img = decode(latents.slice(2, ys, ye).slice(3, xs, xe));
      if (!out.defined()) {
        out = at::zeros({img.size(0), img.size(1), H * f, W * f}, img.options());
        weight = at::zeros({1, 1, H * f, W * f}, img.options());
      }
      // Linear ramps over the overlap on every side that touches another tile.
      const int64_t th = img.size(2), tw = img.size(3), ramp = overlap * f;
      auto ramp1d = [&](int64_t n, bool lo, bool hi) {
        at::Tensor r = at::ones({n}, img.options());
        if (ramp > 0) {
          at::Tensor up = (at::arange(ramp, img.options()) + 0.5) / double(ramp);
          if (lo) r.slice(0, 0, ramp).copy_(up);
          if (hi) r.slice(0, n - ramp, n).mul_(up.flip(0));
        }
        return r;
      };
      at::Tensor wy = ramp1d(th, ys > 0, ye < H), wx = ramp1d(tw, xs > 0, xe < W);
      at::Tensor wt = (wy.view({th, 1}) * wx.view({1, tw})).view({1, 1, th, tw});
      out.slice(2, ys * f, ye * f).slice(3, xs * f, xe * f).add_(img * wt);
      weight.slice(2, ys * f, ye * f).slice(3, xs * f, xe * f).add_(wt);
      if (xe >= W) break;
    }
    if (ye >= H) break;
  }
  return out / weight;
}

}  // namespace hl
