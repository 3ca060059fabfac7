#include "hyperlora/hyper_lora.h"

#include <ATen/ops/full.h>
#include <ATen/ops/rsqrt.h>

#include <algorithm>
#include <filesystem>
#include <thread>

#include "hyperlora/basis_combine.h"
#include "models/weight_specs.h"
#include "nn/ops.h"
#include "runtime/runtime.h"
#include "safetensors/safetensors.h"
#include "util/error.h"
#include "util/json.h"

namespace hl {

at::Tensor normalizeTokens(const at::Tensor& x) {
  return x * at::rsqrt((x * x).sum(-1, true) + 1e-8);
}

std::unique_ptr<HyperLora> HyperLora::load(const std::string& folder, int64_t clipHidden,
                                           at::ScalarType dtype, at::Device device,
                                           at::Device synthesisDevice) {
  namespace fs = std::filesystem;
  std::unique_ptr<HyperLora> h(new HyperLora());
  const std::string listPath = folder + "/hyper_lora_modules.json";
  h->modules_ = parseHyperLoraModules(json::parseFile(listPath), listPath);
  std::error_code ec;
  const bool hasConfig = fs::is_regular_file(folder + "/config.json", ec);
  h->config_ = hasConfig
                   ? HyperLoraConfig::fromJson(json::parseFile(folder + "/config.json"), clipHidden)
                   : HyperLoraConfig::released();
  h->config_.clipHiddenSize = clipHidden;
  auto res = st::File::open(folder + "/resampler.safetensors");
  auto proj = st::File::open(folder + "/id_projector.safetensors");
  auto bases = st::File::open(folder + "/hyper_lora_modules.safetensors");
  if (!hasConfig) {
    // The release has no config: read what the shapes tell (widths, ranks, token count) and
    // keep the released head width of 64.
    auto& c = h->config_;
    c.resamplerDim = res->at("latents").shape[2];
    c.hyperDim = res->at("proj_out.weight").shape[0];
    c.dimHead = 64;
    c.heads = res->at("layers.0.attn1.to_q.weight").shape[0] / c.dimHead;
    c.depth = 0;
    while (res->find("layers." + std::to_string(c.depth) + ".attn1.to_q.weight")) ++c.depth;
    c.ffMult = res->at("layers.0.ff.net.0.proj.weight").shape[0] / c.resamplerDim;
    c.idEmbedDim = proj->at("0.weight").shape[1];
    c.numIdTokens = proj->at("0.weight").shape[0] / clipHidden;
    c.loraRank = bases->at("0.to_q.id_down_basis").shape[2];
  }
  h->config_.hasBaseLora = bases->find("0.to_q.base_down_basis") != nullptr;
  const int64_t M = int64_t(h->modules_.size());
  requireWeights(*res, resamplerWeightSpecs(h->config_, M, 2), "HyperLoRA resampler");
  requireWeights(*proj, idProjectorWeightSpecs(h->config_), "HyperLoRA id projector");
  requireWeights(*bases, hyperLoraBasisSpecs(h->config_, h->modules_), "HyperLoRA bases");
  h->resampler_ = nn::loadWeights(res, "HyperLoRA resampler", dtype, device);
  h->idProjector_ = nn::loadWeights(proj, "HyperLoRA id projector", dtype, device);
  // The bases are only read while synthesising a LoRA: they stay memory-mapped (in their file
  // dtype) and are upcast per module, so the 3 GB of the release are never copied.
  h->bases_ = nn::loadWeights(bases, "HyperLoRA bases",
                              st::toScalarType(bases->tensors().front().dtype), synthesisDevice);
  if (synthesisDevice.is_cpu()) h->basesFile_ = bases;  // zero-copy views of the mapping
  const std::string basePath = folder + "/base_resampler.safetensors";
  if (h->config_.hasBaseLora && fs::is_regular_file(basePath, ec)) {
    auto b = st::File::open(basePath);
    requireWeights(*b, resamplerWeightSpecs(h->config_, M, 1), "HyperLoRA base resampler");
    h->baseResampler_ = std::make_unique<nn::Weights>(
        nn::loadWeights(b, "HyperLoRA base resampler", dtype, device));
    h->baseStart_ = queryStart(*h->baseResampler_, h->config_.heads);
  }
  h->idStart_ = queryStart(h->resampler_, h->config_.heads);
  return h;
}

std::unique_ptr<HyperLora> HyperLora::fromWeights(HyperLoraConfig config,
                                                  std::vector<HyperLoraModuleEntry> modules,
                                                  nn::Weights resampler, nn::Weights idProjector,
                                                  nn::Weights bases,
                                                  std::shared_ptr<const st::File> basesFile) {
  std::unique_ptr<HyperLora> h(new HyperLora());
  h->config_ = std::move(config);
  h->modules_ = std::move(modules);
  for (const auto& s : hyperLoraBasisSpecs(h->config_, h->modules_)) {
    const at::Tensor& t = bases.get(s.name);
    if (t.sizes().vec() != s.shape)
      throw Error("HyperLoRA bases: \"" + s.name + "\" has shape " +
                  st::shapeString(t.sizes().vec()) + ", expected " + st::shapeString(s.shape));
  }
  h->resampler_ = std::move(resampler);
  h->idProjector_ = std::move(idProjector);
  h->bases_ = std::move(bases);
  h->basesFile_ = std::move(basesFile);
  // Synthesis-only uses (benchmarks) pass no resampler.
  if (h->resampler_.has("latents")) h->idStart_ = queryStart(h->resampler_, h->config_.heads);
  return h;
}

void HyperLora::exportLora(const std::string& path, const st::NamedTensors& lora,
                           const std::vector<std::pair<std::string, std::string>>& metadata) {
  st::NamedTensors out;
  for (const auto& [name, t] : lora) {
    const bool alpha = name.size() > 6 && name.compare(name.size() - 6, 6, ".alpha") == 0;
    out.emplace_back(name, alpha ? t.to(at::kFloat) : t.to(at::kHalf));
  }
  st::writeTensors(path, out, metadata);
}

at::Tensor HyperLora::idTokens(const at::Tensor& idEmbeds) const {
  const at::Tensor& w0 = idProjector_.get("0.weight");
  at::Tensor x = nn::linear(idEmbeds.to(w0.device(), w0.scalar_type()), idProjector_, "0");
  x = x.reshape({x.size(0), config_.numIdTokens, config_.clipHiddenSize});
  return nn::layerNorm(x, idProjector_, "2", 1e-5);
}

namespace {
at::Tensor attentionOf(const nn::Weights& w, const std::string& p, const at::Tensor& q,
                       const at::Tensor& kv, int64_t heads) {
  return nn::linear(
      nn::attention(q, nn::linear(kv, w, p + ".to_k"), nn::linear(kv, w, p + ".to_v"), heads), w,
      p + ".to_out.0");
}
}  // namespace

HyperLora::QueryStart HyperLora::queryStart(const nn::Weights& w, int64_t heads) {
  c10::NoGradGuard noGrad;
  const at::Tensor& lat = w.get("latents");
  at::Tensor n = nn::layerNorm(lat, w, "layers.0.norm_attn1", 1e-5);
  QueryStart s;
  s.latents =
      attentionOf(w, "layers.0.attn1", nn::linear(n, w, "layers.0.attn1.to_q"), n, heads) + lat;
  s.query2 = nn::linear(nn::layerNorm(s.latents, w, "layers.0.norm_attn2_l", 1e-5), w,
                        "layers.0.attn2.to_q");
  return s;
}

at::Tensor HyperLora::resample(const nn::Weights& w, const QueryStart& start, const at::Tensor& xIn,
                               const at::Tensor& yIn) const {
  const auto& c = config_;
  const at::Tensor& lat = w.get("latents");
  const int64_t N = xIn.size(0);
  at::Tensor x = nn::linear(xIn.to(lat.device(), lat.scalar_type()), w, "proj_in");
  at::Tensor y;
  if (yIn.defined()) y = nn::linear(yIn.to(lat.device(), lat.scalar_type()), w, "proj_in_2");
  auto perImage = [&](const at::Tensor& t) { return t.expand({N, t.size(1), t.size(2)}); };
  const QueryStart& s0 = start.latents.defined() ? start : queryStart(w, c.heads);
  at::Tensor L = perImage(s0.latents);
  for (int64_t i = 0; i < c.depth; ++i) {
    const std::string l = "layers." + std::to_string(i);
    at::Tensor q2;
    if (i == 0) {
      q2 = perImage(s0.query2);
    } else {
      at::Tensor n = nn::layerNorm(L, w, l + ".norm_attn1", 1e-5);
      L = attentionOf(w, l + ".attn1", nn::linear(n, w, l + ".attn1.to_q"), n, c.heads) + L;
      q2 = nn::linear(nn::layerNorm(L, w, l + ".norm_attn2_l", 1e-5), w, l + ".attn2.to_q");
    }
    L = attentionOf(w, l + ".attn2", q2, nn::layerNorm(x, w, l + ".norm_attn2_x", 1e-5), c.heads) +
        L;
    if (y.defined())
      L = attentionOf(
              w, l + ".attn3",
              nn::linear(nn::layerNorm(L, w, l + ".norm_attn3_l", 1e-5), w, l + ".attn3.to_q"),
              nn::layerNorm(y, w, l + ".norm_attn3_y", 1e-5), c.heads) +
          L;
    at::Tensor f = nn::linear(nn::layerNorm(L, w, l + ".norm_ff", 1e-5), w, l + ".ff.net.0.proj");
    L = nn::linear(nn::gelu(f), w, l + ".ff.net.2") + L;  // exact (erf) GELU
  }
  return nn::linear(L, w, "proj_out");
}

IdentityTokens HyperLora::generateId(const at::Tensor& clip, const at::Tensor& idEmbeds) const {
  c10::NoGradGuard noGrad;
  if (clip.size(0) != idEmbeds.size(0))
    throw Error("HyperLoRA: " + std::to_string(clip.size(0)) + " CLIP images but " +
                std::to_string(idEmbeds.size(0)) + " face embeddings");
  IdentityTokens t;
  t.perImage = resample(resampler_, idStart_, idTokens(idEmbeds), clip);
  t.meanBeforeNorm = t.perImage.mean(0, true);
  t.tokens = normalizeTokens(t.meanBeforeNorm);
  return t;
}

IdentityTokens HyperLora::generateBase(const at::Tensor& clip) const {
  c10::NoGradGuard noGrad;
  if (!baseResampler_)
    throw Error(
        "this HyperLoRA variant has no Base-LoRA (no base_resampler.safetensors; the "
        "released weights ship none: their Base-LoRA is distilled into the ID-LoRA)");
  IdentityTokens t;
  t.perImage = resample(*baseResampler_, baseStart_, clip, at::Tensor());
  t.meanBeforeNorm = t.perImage.mean(0, true);
  t.tokens = normalizeTokens(t.meanBeforeNorm);
  return t;
}

namespace {
// sum_k c[k] * basis[k] in fp32 for a [K, a, b] basis. The released bases are fp16 and
// memory-mapped: combineHalfBasis reads them once, converting in registers, instead of writing
// and re-reading a 6 GB fp32 copy of the 3 GB (3.4x faster here). Other dtypes are upcast.
at::Tensor combineBasis(const at::Tensor& c, const at::Tensor& basis) {
  const int64_t K = basis.size(0);
  if (basis.scalar_type() == at::kHalf && basis.is_cpu() && basis.is_contiguous()) {
    const at::Tensor cc = c.contiguous();
    at::Tensor out = at::empty({basis.size(1), basis.size(2)}, c.options());
    combineHalfBasis(cc.data_ptr<float>(), K, static_cast<const uint16_t*>(basis.data_ptr()),
                     basis.numel() / K, out.data_ptr<float>());
    return out;
  }
  // On a GPU the basis is combined in its own dtype (fp16 tensor cores), accumulated in fp32.
  const at::Tensor cc = basis.is_cpu() ? c : c.to(basis.device(), basis.scalar_type());
  return at::matmul(cc,
                    basis.reshape({K, -1}).to(basis.is_cpu() ? at::kFloat : basis.scalar_type()))
      .to(at::kFloat)
      .view({basis.size(1), basis.size(2)});
}
}  // namespace

st::NamedTensors HyperLora::makeLora(const at::Tensor& tokensIn, bool base) const {
  c10::NoGradGuard noGrad;
  const int64_t M = int64_t(modules_.size());
  if (tokensIn.dim() != 3 || tokensIn.size(1) != 8 * M || tokensIn.size(2) != config_.hyperDim)
    throw Error("HyperLoRA: tokens must be [1, " + std::to_string(8 * M) + ", " +
                std::to_string(config_.hyperDim) + "]");
  if (base && !config_.hasBaseLora) throw Error("this HyperLoRA variant has no Base-LoRA bases");
  const std::string kind = base ? "base" : "id";
  const at::Device where = bases_.get("0.to_q." + kind + "_down_basis").device();
  const at::Tensor tokens = tokensIn[0].to(where, at::kFloat);
  const int64_t rank = base ? config_.loraRank / 2 : config_.loraRank;
  const at::Tensor alpha =
      at::full({}, double(rank) * 0.5, at::TensorOptions(at::kFloat).device(where));
  const char* projs[4] = {"to_q", "to_k", "to_v", "to_out"};
  const char* keys[4] = {"to_q", "to_k", "to_v", "to_out_0"};
  // Every layer's down and up matrix is an independent pass over its basis; memory-bound, so
  // they are spread over the cores (at most 4).
  std::vector<const at::Tensor*> basis(size_t(M) * 8);
  std::vector<at::Tensor> mixed(basis.size());
  for (int64_t i = 0; i < M; ++i)
    for (int p = 0; p < 4; ++p) {
      const std::string b = std::to_string(i) + "." + projs[p] + "." + kind;
      basis[size_t(8 * i + 2 * p)] = &bases_.get(b + "_down_basis");    // [K, in, r]
      basis[size_t(8 * i + 2 * p + 1)] = &bases_.get(b + "_up_basis");  // [K, r, out]
    }
  if (basis.front()->is_cpu()) {
    parallelItems(
        int64_t(basis.size()), int(std::min(4u, std::max(1u, std::thread::hardware_concurrency()))),
        [&](int, int64_t j) { mixed[size_t(j)] = combineBasis(tokens[j], *basis[size_t(j)]); });
  } else {
    for (size_t j = 0; j < basis.size(); ++j)
      mixed[j] = combineBasis(tokens[int64_t(j)], *basis[j]);
  }
  st::NamedTensors out;
  for (int64_t i = 0; i < M; ++i) {
    for (int p = 0; p < 4; ++p) {
      const std::string name = modules_[size_t(i)].name + "_" + keys[p];
      out.emplace_back(name + ".lora_down.weight", mixed[size_t(8 * i + 2 * p)].t().contiguous());
      out.emplace_back(name + ".lora_up.weight", mixed[size_t(8 * i + 2 * p + 1)].t().contiguous());
      out.emplace_back(name + ".alpha", alpha);
    }
  }
  return out;
}

at::Tensor HyperLora::interpolate(const IdentityTokens& a, const IdentityTokens& b, double t,
                                  InterpolationMode mode) {
  if (mode == InterpolationMode::MixRawThenNormalize)
    return normalizeTokens(a.meanBeforeNorm * (1.0 - t) +
                           b.meanBeforeNorm.to(a.meanBeforeNorm.device()) * t);
  return a.tokens * (1.0 - t) + b.tokens.to(a.tokens.device()) * t;
}

}  // namespace hl
