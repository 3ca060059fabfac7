// The xinsir union/ProMax ControlNets as diffusers' ControlNetUnionModel computes them: the
// chosen control types as a multi-hot vector through sinusoidal and MLP embeddings into the
// time embedding; each control image embedded, averaged into a token plus its type's task
// embedding; conv_in's output averaged into one more token; a pre-LN transformer over the
// tokens; each image's embedding plus its projected token added to conv_in's output.
#include <ATen/TensorOperators.h>
#include <ATen/ops/linear.h>
#include <ATen/ops/mean.h>
#include <ATen/ops/stack.h>
#include <ATen/ops/tensor.h>

#include "nn/ops.h"
#include "sdxl/controlnet.h"
#include "util/error.h"

namespace hl {

// tokens [B, N, C]. nn.MultiheadAttention without batch_first reads [B, N, C] as sequence B
// and batch N, so each token position attends across the batch rows; the released models were
// trained that way and diffusers keeps it, so this does too.
at::Tensor ControlNet::unionTransformer(at::Tensor x) const {
  const nn::Weights& w = encoder_->weights();
  const auto& u = config_.unionModel;
  for (int64_t l = 0; l < u.layers; ++l) {
    const std::string p = "transformer_layes." + std::to_string(l) + ".";
    at::Tensor h = nn::layerNorm(x, w, p + "ln_1", 1e-5).transpose(0, 1);  // [N, B, C]
    const at::Tensor qkv =
        at::linear(h, w.get(p + "attn.in_proj_weight"), w.get(p + "attn.in_proj_bias"));
    const auto parts = qkv.chunk(3, -1);
    at::Tensor a =
        nn::attention(parts[0].contiguous(), parts[1].contiguous(), parts[2].contiguous(), u.heads);
    x = x + nn::linear(a, w, p + "attn.out_proj").transpose(0, 1);
    h = nn::linear(nn::layerNorm(x, w, p + "ln_2", 1e-5), w, p + "mlp.c_fc");
    x = x + nn::linear(nn::quickGelu(h), w, p + "mlp.c_proj");
  }
  return x;
}

EncoderExtras ControlNet::unionExtras(const UnetInputs& in, const std::vector<ControlImage>& images,
                                      const nn::Tap& tap) const {
  const nn::Weights& w = encoder_->weights();
  const UnetConfig& uc = config_.unet;
  const int64_t types = config_.unionModel.numControlTypes;
  const int64_t B = in.sample.size(0);
  const at::Tensor& task = w.get("task_embedding");
  const at::ScalarType dt = task.scalar_type();

  // The multi-hot control type vector of the call, the same for every batch row.
  std::vector<float> hot(size_t(types), 0.0f);
  for (const ControlImage& im : images) {
    if (im.type >= types)
      throw Error("ControlNet " + name_ + ": control type '" + unionControlTypeLabel(im.type) +
                  "' is not one of this model's " + std::to_string(types) + " types" +
                  (types < 8 ? " (tile and repaint need the ProMax model)" : ""));
    hot[size_t(im.type)] = 1.0f;
  }
  const at::Tensor typeVec =
      at::tensor(hot, at::kFloat).to(task.device()).unsqueeze(0).expand({B, types}).reshape({-1});
  const at::Tensor typeProj =
      timestepEmbedding(typeVec, uc.addTimeEmbedDim, uc.flipSinToCos, double(uc.freqShift))
          .reshape({B, -1})
          .to(dt);
  EncoderExtras extras;
  extras.timeEmbedding =
      nn::linear(nn::silu(nn::linear(typeProj, w, "control_add_embedding.linear_1")), w,
                 "control_add_embedding.linear_2");
  if (tap) tap("control_add_embedding", extras.timeEmbedding);

  // Several images fuse, each weighted by its scale; one image is scaled on the residuals.
  std::vector<double> scales;
  std::vector<at::Tensor> conditions, tokens;
  for (const ControlImage& im : images) {
    const double scale = images.size() > 1 ? im.scale : 1.0;
    const at::Tensor c = embedCondition(checkedCondition(im.image, in.sample));
    conditions.push_back(c * scale);
    tokens.push_back((at::mean(c, {2, 3}) + task[im.type]) * scale);
    scales.push_back(scale);
  }
  if (tap) tap("controlnet_cond_embedding", conditions.front());
  extras.afterConvIn = [this, conditions, tokens, scales, tap](const at::Tensor& convIn) {
    std::vector<at::Tensor> all = tokens;
    all.push_back(at::mean(convIn, {2, 3}).to(tokens.front().scalar_type()));
    const at::Tensor stacked = at::stack(all, 1);
    if (tap) tap("controlnet_union_tokens", stacked);
    const at::Tensor x = unionTransformer(stacked);
    if (tap) tap("transformer_layes", x);
    const nn::Weights& w = encoder_->weights();
    at::Tensor fused;
    for (size_t i = 0; i < conditions.size(); ++i) {
      const at::Tensor alpha =
          nn::linear(x.select(1, int64_t(i)), w, "spatial_ch_projs") * scales[i];
      at::Tensor term = conditions[i] + alpha.unsqueeze(-1).unsqueeze(-1);
      fused = fused.defined() ? fused + term : term;
    }
    return fused;
  };
  return extras;
}

}  // namespace hl
