#include "clip/clip_vision.h"

#include "models/weight_specs.h"
#include "nn/ops.h"
#include "safetensors/safetensors.h"
#include "util/error.h"
#include "util/json.h"

namespace hl {

ClipVision::ClipVision(ClipVisionConfig config, nn::Weights weights)
    : config_(std::move(config)), weights_(std::move(weights)) {}

ClipVision ClipVision::load(const std::string& folder, at::ScalarType dtype, at::Device device) {
  ClipVisionConfig cfg = ClipVisionConfig::fromJson(json::parseFile(folder + "/config.json"));
  auto file = st::File::open(folder + "/model.safetensors");
  const bool hasProjection = file->find("visual_projection.weight") != nullptr;
  requireWeights(*file, clipVisionWeightSpecs(cfg, hasProjection), "CLIP vision", {}, true);
  return ClipVision(cfg, nn::loadWeights(file, "CLIP vision " + file->path(), dtype, device,
                                         [](const std::string& n) {
                                           return n.rfind("vision_model.", 0) == 0 || n == "visual_projection.weight" ? n : std::string();
                                         }));
}

ClipVisionOutput ClipVision::forward(const at::Tensor& pixelsIn, int stopAtLayer) const {
  const auto& w = weights_;
  const auto& c = config_;
  const at::Tensor& patch = w.get("vision_model.embeddings.patch_embedding.weight");
  const at::Tensor pixels = pixelsIn.to(patch.device(), patch.scalar_type());
  if (pixels.dim() != 4 || pixels.size(1) != c.numChannels || pixels.size(2) != c.imageSize || pixels.size(3) != c.imageSize)
    throw Error("CLIP vision: pixels must be [N, " + std::to_string(c.numChannels) + ", " +
                std::to_string(c.imageSize) + ", " + std::to_string(c.imageSize) + "]");
  const int64_t N = pixels.size(0);
  at::Tensor x = at::conv2d(pixels, patch, {}, {c.patchSize, c.patchSize});  // no bias
  x = x.flatten(2).transpose(1, 2);  // [N, patches, hidden]
  at::Tensor cls = w.get("vision_model.embeddings.class_embedding").view({1, 1, -1}).expand({N, 1, c.hiddenSize});
  x = at::cat({cls, x}, 1) + w.get("vision_model.embeddings.position_embedding.weight").unsqueeze(0);
  x = nn::layerNorm(x, w, "vision_model.pre_layrnorm", c.layerNormEps);
  ClipVisionOutput out;
  out.hiddenStates.push_back(x);
  const int layers = stopAtLayer > 0 ? std::min<int>(stopAtLayer, int(c.numLayers)) : int(c.numLayers);
  for (int i = 0; i < layers; ++i) {
    const std::string p = "vision_model.encoder.layers." + std::to_string(i);
    at::Tensor h = nn::layerNorm(x, w, p + ".layer_norm1", c.layerNormEps);
    x = x + nn::linear(nn::attention(nn::linear(h, w, p + ".self_attn.q_proj"), nn::linear(h, w, p + ".self_attn.k_proj"),
                                     nn::linear(h, w, p + ".self_attn.v_proj"), c.numHeads),
                       w, p + ".self_attn.out_proj");
    h = nn::layerNorm(x, w, p + ".layer_norm2", c.layerNormEps);
    x = x + nn::linear(nn::activation(nn::linear(h, w, p + ".mlp.fc1"), c.hiddenAct), w, p + ".mlp.fc2");
    out.hiddenStates.push_back(x);
  }
  if (layers < c.numLayers) return out;
  out.pooled = nn::layerNorm(x.select(1, 0), w, "vision_model.post_layernorm", c.layerNormEps);
  if (w.has("visual_projection.weight")) out.imageEmbeds = nn::linear(out.pooled, w, "visual_projection");
  return out;
}

at::Tensor ClipVision::penultimate(const at::Tensor& pixels) const {
  const int layers = int(config_.numLayers) - 1;
  return forward(pixels, layers).hiddenStates[size_t(layers)];
}

}  // namespace hl
