#include "sdxl/controlnet.h"

#include <filesystem>

#include "nn/ops.h"
#include "safetensors/safetensors.h"
#include "util/error.h"
#include "util/fs.h"
#include "util/json.h"

namespace hl {

ControlNet::ControlNet(ControlNetConfig config, nn::Weights weights) : config_(std::move(config)) {
  encoder_ = std::make_unique<Unet>(config_.unet, std::move(weights));
}

ControlNet ControlNet::load(const std::string& path, const UnetConfig& base, at::ScalarType dtype,
                            at::Device device) {
  namespace sfs = std::filesystem;
  std::error_code ec;
  std::string file = path;
  ControlNetConfig cfg;
  const bool folder = sfs::is_directory(path, ec);
  if (folder) {
    file = fs::safetensorsFile(path, "diffusion_pytorch_model");
    if (file.empty())
      throw Error(path + ": no diffusion_pytorch_model.safetensors in this ControlNet folder");
  }
  auto f = st::File::open(file);
  if (!isControlNetFile(*f))
    throw Error(
        file +
        ": not a ControlNet in the diffusers layout (no "
        "controlnet_cond_embedding.conv_in.weight); LDM-layout (control_model.*) ControlNets "
        "are the SD1.5 format and are not supported for SDXL");
  const std::string config = folder ? path + "/config.json" : "";
  if (!config.empty() && sfs::is_regular_file(config, ec))
    cfg = ControlNetConfig::fromJson(json::parseFile(config));
  else
    cfg = ControlNetConfig::infer(*f, base);
  if (cfg.unet.crossAttentionDim != base.crossAttentionDim)
    throw Error(file + ": this ControlNet's cross_attention_dim (" +
                std::to_string(cfg.unet.crossAttentionDim) + ") does not match the UNet's (" +
                std::to_string(base.crossAttentionDim) +
                "): it is not an SDXL ControlNet for this model");
  requireWeights(*f, controlNetWeightSpecs(cfg), "ControlNet");
  ControlNet net(cfg, nn::loadWeights(f, "ControlNet " + file, dtype, device));
  net.name_ = sfs::path(path).stem().string();
  return net;
}

at::Tensor ControlNet::embedCondition(const at::Tensor& cond) const {
  const nn::Weights& w = encoder_->weights();
  const at::Tensor& first = w.get("controlnet_cond_embedding.conv_in.weight");
  at::Tensor h = cond.to(first.device(), first.scalar_type());
  if (encoder_->channelsLast()) h = h.contiguous(at::MemoryFormat::ChannelsLast);
  h = nn::silu(nn::conv2d(h, w, "controlnet_cond_embedding.conv_in", 1, 1));
  for (size_t i = 0; i + 1 < config_.conditioningChannels.size(); ++i) {
    const std::string b = "controlnet_cond_embedding.blocks.";
    h = nn::silu(nn::conv2d(h, w, b + std::to_string(2 * i), 1, 1));
    h = nn::silu(nn::conv2d(h, w, b + std::to_string(2 * i + 1), 2, 1));
  }
  return nn::conv2d(h, w, "controlnet_cond_embedding.conv_out", 1, 1);
}

at::Tensor ControlNet::checkedCondition(const at::Tensor& condIn, const at::Tensor& sample) const {
  const int64_t B = sample.size(0);
  at::Tensor cond = condIn.dim() == 3 ? condIn.unsqueeze(0) : condIn;
  const int64_t expectH = sample.size(2) * 8, expectW = sample.size(3) * 8;
  if (cond.dim() != 4 || cond.size(1) != config_.conditioningInChannels ||
      cond.size(2) != expectH || cond.size(3) != expectW ||
      (cond.size(0) != 1 && cond.size(0) != B))
    throw Error("ControlNet " + name_ + ": the control image must be " + std::to_string(expectW) +
                "x" + std::to_string(expectH) + " with " +
                std::to_string(config_.conditioningInChannels) +
                " channels (the output size), batch 1 or " + std::to_string(B));
  return cond.size(0) == B ? cond : cond.expand({B, -1, -1, -1});
}

ControlResiduals ControlNet::forward(const UnetInputs& in, const at::Tensor& cond, double scale,
                                     const nn::Tap& tap) const {
  return forward(in, std::vector<ControlImage>{{cond, -1, scale}}, tap);
}

ControlResiduals ControlNet::forward(const UnetInputs& in, const std::vector<ControlImage>& images,
                                     const nn::Tap& tap) const {
  if (images.empty()) throw Error("ControlNet " + name_ + ": no control image");
  const bool typed = images.front().type >= 0;
  for (const ControlImage& im : images)
    if ((im.type >= 0) != typed)
      throw Error("ControlNet " + name_ + ": give every control image a control type, or none");
  if (!typed && images.size() > 1)
    throw Error("ControlNet " + name_ + ": several control images in one call need control types");
  if (typed && !config_.isUnion())
    throw Error(
        "ControlNet " + name_ +
        ": control types are for union ControlNets (xinsir union/ProMax); this one is plain");
  EncoderExtras extras;
  if (typed) {
    extras = unionExtras(in, images, tap);
  } else {
    const at::Tensor embedded = embedCondition(checkedCondition(images.front().image, in.sample));
    if (tap) tap("controlnet_cond_embedding", embedded);
    extras.afterConvIn = [embedded](const at::Tensor&) { return embedded; };
  }
  UnetEncoding e = encoder_->encode(in, tap, extras);
  // One image: its scale on the residuals. Several fused: scaled inside, residuals as they are.
  const double scale = images.size() == 1 ? images.front().scale : 1.0;
  const nn::Weights& w = encoder_->weights();
  ControlResiduals r;
  for (size_t i = 0; i < e.skips.size(); ++i)
    r.down.push_back(nn::conv2d(e.skips[i], w, "controlnet_down_blocks." + std::to_string(i)) *
                     scale);
  r.mid = nn::conv2d(e.mid, w, "controlnet_mid_block") * scale;
  return r;
}

at::Tensor controlImageTensor(const at::Tensor& hwc) {
  at::Tensor t = hwc.dim() == 3 ? hwc.unsqueeze(0) : hwc;
  if (t.dim() != 4 || t.size(3) != 3) throw Error("control image: expected [H, W, 3] RGB");
  return t.permute({0, 3, 1, 2}).to(at::kFloat).contiguous() / 255.0;
}

}  // namespace hl
