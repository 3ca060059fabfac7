#include "sdxl/clip_text.h"

#include <limits>

#include "nn/ops.h"
#include "models/weight_specs.h"
#include "safetensors/safetensors.h"
#include "util/error.h"
#include "util/json.h"

namespace hl {

ClipTextEncoder::ClipTextEncoder(ClipTextConfig config, nn::Weights weights)
    : config_(std::move(config)), weights_(std::move(weights)) {}

ClipTextEncoder ClipTextEncoder::load(const std::string& configJson, const std::string& weightsFile,
                                      at::ScalarType dtype, at::Device device) {
  ClipTextConfig cfg = ClipTextConfig::fromJson(json::parseFile(configJson));
  auto file = st::File::open(weightsFile);
  const std::string ignore = "text_model.embeddings.position_ids";
  requireWeights(*file, clipTextWeightSpecs(cfg), "text encoder", {ignore});
  return ClipTextEncoder(cfg, nn::loadWeights(file, "text encoder " + weightsFile, dtype, device,
                                              [&](const std::string& n) {
                                                return n == ignore ? std::string() : n;
                                              }));
}

ClipTextOutput ClipTextEncoder::forward(const at::Tensor& idsIn, int stopAtLayer) const {
  const auto& w = weights_;
  const auto& c = config_;
  const at::Tensor& tokEmb = w.get("text_model.embeddings.token_embedding.weight");
  const at::Device dev = tokEmb.device();
  const at::Tensor ids = idsIn.to(dev, at::kLong);
  const int64_t B = ids.size(0), L = ids.size(1);
  if (L > c.maxPositionEmbeddings)
    throw Error("text encoder: " + std::to_string(L) + " tokens exceed the " +
                std::to_string(c.maxPositionEmbeddings) + " positions of the model");
  if (ids.max().item<int64_t>() >= c.vocabSize || ids.min().item<int64_t>() < 0)
    throw Error("text encoder: token id outside the vocabulary of " + std::to_string(c.vocabSize));

  ClipTextOutput out;
  at::Tensor x = at::embedding(tokEmb, ids) +
                 w.get("text_model.embeddings.position_embedding.weight").slice(0, 0, L).unsqueeze(0);
  out.hiddenStates.push_back(x);
  // Causal mask: each token sees itself and the tokens before it.
  at::Tensor mask = at::triu(at::full({L, L}, -std::numeric_limits<float>::infinity(),
                                      at::TensorOptions().dtype(x.scalar_type()).device(dev)),
                             1).view({1, 1, L, L});
  const int layers = stopAtLayer > 0 ? std::min<int>(stopAtLayer, int(c.numLayers)) : int(c.numLayers);
  const double eps = c.layerNormEps;
  for (int i = 0; i < layers; ++i) {
    const std::string p = "text_model.encoder.layers." + std::to_string(i);
    at::Tensor h = nn::layerNorm(x, w, p + ".layer_norm1", eps);
    at::Tensor q = nn::linear(h, w, p + ".self_attn.q_proj");
    at::Tensor k = nn::linear(h, w, p + ".self_attn.k_proj");
    at::Tensor v = nn::linear(h, w, p + ".self_attn.v_proj");
    x = x + nn::linear(nn::attention(q, k, v, c.numHeads, mask), w, p + ".self_attn.out_proj");
    h = nn::layerNorm(x, w, p + ".layer_norm2", eps);
    h = nn::activation(nn::linear(h, w, p + ".mlp.fc1"), c.hiddenAct);
    x = x + nn::linear(h, w, p + ".mlp.fc2");
    out.hiddenStates.push_back(x);
  }
  if (layers < c.numLayers) return out;
  out.lastHiddenState = nn::layerNorm(x, w, "text_model.final_layer_norm", eps);
  // eos_token_id == 2 (the released configs) selects transformers' legacy pooling: the
  // position of the highest id, i.e. the first <|endoftext|>.
  at::Tensor pos = c.eosTokenId == 2 ? ids.argmax(-1) : (ids == c.eosTokenId).to(at::kInt).argmax(-1);
  out.pooled = out.lastHiddenState.index_select(1, pos).diagonal(0, 0, 1).transpose(0, 1);
  (void)B;
  if (c.withProjection) out.textEmbeds = nn::linear(out.pooled, w, "text_projection");
  return out;
}

}  // namespace hl
