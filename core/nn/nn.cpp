#include "nn/nn.h"

#include <ATen/ops/empty_like.h>
#include <torch/csrc/api/include/torch/version.h>

#include <chrono>
#include <cmath>
#include <thread>
#include <utility>
#include <vector>

#include "nn/ops.h"
#include "nn/packed_linear.h"
#include "runtime/runtime.h"
#include "tensor/tensor_io.h"
#include "util/error.h"

#if TORCH_VERSION_MAJOR >= 2
#include <ATen/ops/scaled_dot_product_attention.h>
#endif

namespace hl::nn {
namespace {
bool gCounting = false;
bool gTiming = false;
FlopCount gFlops;

// Adds the wall time of one op to a category while timing is on (CPU ops are synchronous).
struct OpTimer {
  double* sink;
  std::chrono::steady_clock::time_point t0;
  explicit OpTimer(double* s) : sink(gTiming ? s : nullptr) {
    if (sink) t0 = std::chrono::steady_clock::now();
  }
  ~OpTimer() {
    if (sink) *sink += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  }
};
}  // namespace

void setOpTiming(bool on) {
  gTiming = on;
}

void setFlopCounting(bool on) {
  gCounting = on;
}
FlopCount flopCount() {
  return gFlops;
}
void resetFlopCount() {
  gFlops = FlopCount();
}

std::vector<std::string> mismatches(const Weights& w, const WeightSpecs& specs, size_t limit) {
  std::vector<std::string> problems;
  for (const auto& s : specs) {
    if (problems.size() >= limit) break;
    const at::Tensor* t = w.find(s.name);
    if (!t)
      problems.push_back("missing " + s.name);
    else if (t->sizes().vec() != s.shape)
      problems.push_back(s.name + ": expected " + st::shapeString(s.shape) + ", found " +
                         st::shapeString(t->sizes().vec()));
  }
  return problems;
}

Weights loadWeights(const std::shared_ptr<st::File>& file, const std::string& component,
                    at::ScalarType dtype, at::Device device,
                    const std::function<std::string(const std::string&)>& rename) {
  Weights w(component);
  for (const auto& info : file->tensors()) {
    const std::string name = rename ? rename(info.name) : info.name;
    if (name.empty()) continue;
    at::Tensor t = st::view(file, info);
    if (at::isFloatingType(t.scalar_type()) && (t.scalar_type() != dtype || !device.is_cpu()))
      t = t.to(device, dtype);
    w.put(name, t);
  }
  return w;
}

bool useChannelsLast(Weights& w, at::ScalarType dtype) {
  if (dtype == at::kFloat) return false;
  for (const auto& [name, t] : w.all())
    if (t.dim() == 4) w.put(name, t.contiguous(at::MemoryFormat::ChannelsLast));
  return true;
}

namespace {
// y += scale * up(down(x)) per runtime LoRA term of the weight.
at::Tensor addLowRank(at::Tensor y, const at::Tensor& x, double rows,
                      const std::vector<Weights::LowRank>& terms) {
  for (const Weights::LowRank& t : terms) {
    if (gCounting) gFlops.linear += 2.0 * rows * double(t.down.numel() + t.up.numel());
    y.add_(at::linear(at::linear(x, t.down), t.up), t.scale);
  }
  return y;
}
}  // namespace

at::Tensor linear(const at::Tensor& x, const Weights& w, const std::string& p) {
  const at::Tensor* b = w.find(p + ".bias");
  const std::string name = p + ".weight";
  const PackedLinear* packed =
      x.is_cpu() && x.scalar_type() == at::kBFloat16 ? w.packedLinear(name) : nullptr;
  const double rows = double(x.numel() / std::max<int64_t>(1, x.size(-1)));
  at::Tensor y;
  {
    OpTimer timer(&gFlops.linearSeconds);
    if (packed) {
      if (gCounting)
        gFlops.linear += 2.0 * rows * double(packed->outFeatures() * packed->inFeatures());
      y = packed->forward(x, b ? *b : at::Tensor());
    } else {
      const at::Tensor& wt = w.get(name);
      if (gCounting) gFlops.linear += 2.0 * rows * double(wt.numel());
      y = at::linear(x, wt, b ? *b : at::Tensor());
    }
    if (const std::vector<Weights::LowRank>* terms = w.lowRank(name))
      y = addLowRank(std::move(y), x, rows, *terms);
  }
  return y;
}

at::Tensor conv2dGemm(const at::Tensor& x, const at::Tensor& wt, const at::Tensor& bias,
                      int64_t stride, int64_t padding, int64_t columnBudget) {
  const int64_t B = x.size(0), Cin = x.size(1), H = x.size(2), W = x.size(3);
  const int64_t Cout = wt.size(0), kh = wt.size(2), kw = wt.size(3), taps = kh * kw;
  if (wt.size(1) != Cin)
    throw Error("conv2d: input has " + std::to_string(Cin) + " channels, the weight expects " +
                std::to_string(wt.size(1)));
  const int64_t Ho = (H + 2 * padding - kh) / stride + 1, Wo = (W + 2 * padding - kw) / stride + 1;
  const at::Tensor wm = wt.reshape({Cout, Cin * taps});
  const at::Tensor b2 = bias.defined() ? bias.reshape({Cout, 1}) : at::Tensor();
  const at::Tensor xp = padding ? at::constant_pad_nd(x, {padding, padding, padding, padding}) : x;
  at::Tensor out = at::empty({B, Cout, Ho, Wo}, x.options());
  // Bands of output rows bound the column matrix (a large VAE decode never builds a 9x copy of
  // its input); within a band all images share one GEMM, since few columns (an 8x8 latent level)
  // leave OpenBLAS mostly packing weights.
  const int64_t band = std::max<int64_t>(
      1, std::min<int64_t>(Ho, columnBudget / std::max<int64_t>(1, B * Cin * taps * Wo)));
  for (int64_t y0 = 0; y0 < Ho; y0 += band) {
    const int64_t rows = std::min(band, Ho - y0), n = B * rows * Wo;
    // Columns [Cin, taps, B, rows, Wo] as one strided copy per tap: ATen's copy vectorises along
    // the rows, 3-6x faster than at::im2col's per-element loop in libtorch 1.13.
    at::Tensor cols = at::empty({Cin, taps, B, rows, Wo}, x.options());
    for (int64_t ky = 0; ky < kh; ++ky)
      for (int64_t kx = 0; kx < kw; ++kx)
        cols.select(1, ky * kw + kx)
            .copy_(xp.slice(2, y0 * stride + ky, y0 * stride + ky + (rows - 1) * stride + 1, stride)
                       .slice(3, kx, kx + (Wo - 1) * stride + 1, stride)
                       .transpose(0, 1));
    const at::Tensor colsM = cols.view({Cin * taps, n});
    const bool direct = B == 1 && rows == Ho;  // the GEMM can write the output itself
    at::Tensor res = direct ? out.view({Cout, n}) : at::empty({Cout, n}, x.options());
    if (b2.defined())
      at::addmm_out(res, b2.expand({Cout, n}), wm, colsM);
    else
      at::mm_out(res, wm, colsM);
    if (!direct) out.narrow(2, y0, rows).copy_(res.view({Cout, B, rows, Wo}).transpose(0, 1));
  }
  return out;
}

at::Tensor conv2d(const at::Tensor& x, const Weights& w, const std::string& p, int64_t stride,
                  int64_t padding) {
  const at::Tensor* b = w.find(p + ".bias");
  const at::Tensor& wt = w.get(p + ".weight");
  OpTimer timer(&gFlops.convSeconds);
  // fp32 on the CPU: im2col + OpenBLAS GEMMs run on every core (OpenBLAS's own pool), whereas
  // ATen's convolution would run on the single intra-op thread the fp32 thread policy sets
  // (runtime.cpp says why it is one): 1.8x faster on the SDXL UNet's convolutions. bf16 stays on
  // oneDNN's convolution, which is faster there than im2col + a bf16 GEMM.
  at::Tensor out =
      x.is_cpu() && x.scalar_type() == at::kFloat && wt.dim() == 4 && wt.size(1) == x.size(1)
          ? conv2dGemm(x, wt, b ? *b : at::Tensor(), stride, padding)
          : at::conv2d(x, wt, b ? *b : at::Tensor(), {stride, stride}, {padding, padding});
  if (gCounting) gFlops.conv += 2.0 * double(out.numel()) * double(wt.numel() / wt.size(0));
  return out;
}

namespace {
// Reduced precision on the CPU: computed through fp32 (see nn.h).
bool viaFloat(const at::Tensor& x) {
  return x.is_cpu() && (x.scalar_type() == at::kBFloat16 || x.scalar_type() == at::kHalf);
}
at::Tensor floatParam(const Weights& w, const std::string& name, bool wide) {
  const at::Tensor& t = w.get(name);
  return wide ? t.to(at::kFloat) : t;
}
at::Tensor groupNormImpl(const at::Tensor& x, const Weights& w, const std::string& p,
                         int64_t groups, double eps, bool withSilu) {
  OpTimer timer(&gFlops.normSeconds);
  const bool wide = viaFloat(x);
  const at::Tensor weight = floatParam(w, p + ".weight", wide);
  const at::Tensor bias = floatParam(w, p + ".bias", wide);
  // Statistics are per (image, group), so a large tensor goes through fp32 a few whole groups at
  // a time: a 1024x1024 VAE decode would otherwise hold two fp32 copies of its largest tensor.
  const int64_t B = x.size(0), C = x.size(1), perGroup = C / groups;
  const int64_t chunkElements = int64_t(1) << 24;
  if (!wide || x.numel() <= chunkElements || C != perGroup * groups) {
    at::Tensor y = at::group_norm(wide ? x.to(at::kFloat) : x, groups, weight, bias, eps);
    if (withSilu) at::silu_(y);
    return wide ? y.to(x.scalar_type()) : y;
  }
  const int64_t imageElements = x.numel() / B;
  int64_t step = std::max<int64_t>(1, groups * chunkElements / imageElements);
  // Channels-last, a slice of channels is strided and each slice reads the whole tensor: at
  // most four slices, which still keeps the fp32 copies to a quarter.
  if (x.is_contiguous(at::MemoryFormat::ChannelsLast)) step = std::max(step, (groups + 3) / 4);
  at::Tensor out = at::empty_like(x);
  for (int64_t b = 0; b < B; ++b)
    for (int64_t g = 0; g < groups; g += step) {
      const int64_t n = std::min(step, groups - g), c0 = g * perGroup, cn = n * perGroup;
      at::Tensor part = at::group_norm(x.narrow(0, b, 1).narrow(1, c0, cn).to(at::kFloat), n,
                                       weight.narrow(0, c0, cn), bias.narrow(0, c0, cn), eps);
      if (withSilu) at::silu_(part);
      out.narrow(0, b, 1).narrow(1, c0, cn).copy_(part);
    }
  return out;
}
}  // namespace

at::Tensor groupNorm(const at::Tensor& x, const Weights& w, const std::string& p, int64_t groups,
                     double eps) {
  return groupNormImpl(x, w, p, groups, eps, false);
}

at::Tensor groupNormSilu(const at::Tensor& x, const Weights& w, const std::string& p,
                         int64_t groups, double eps) {
  return groupNormImpl(x, w, p, groups, eps, true);
}

at::Tensor layerNorm(const at::Tensor& x, const Weights& w, const std::string& p, double eps) {
  OpTimer timer(&gFlops.normSeconds);
  const bool wide = viaFloat(x);
  at::Tensor y =
      at::layer_norm(wide ? x.to(at::kFloat) : x, {x.size(-1)}, floatParam(w, p + ".weight", wide),
                     floatParam(w, p + ".bias", wide), eps);
  return wide ? y.to(x.scalar_type()) : y;
}

at::Tensor silu(const at::Tensor& x) {
  if (!viaFloat(x)) return at::silu(x);
  at::Tensor y = x.to(at::kFloat);
  at::silu_(y);
  return y.to(x.scalar_type());
}

at::Tensor gelu(const at::Tensor& x) {
  // A strided input (a chunk) sends libtorch 1.13 down its scalar loop: copy first.
  return at::gelu(x.is_contiguous() ? x : x.contiguous());
}

at::Tensor geglu(const at::Tensor& x) {
  auto parts = x.chunk(2, -1);
  at::Tensor g = parts[1].contiguous();
  at::gelu_(g);
  return g.mul_(parts[0]);
}

namespace {

#if TORCH_VERSION_MAJOR >= 2
// [B, H, L, d] heads through libtorch's fused kernels (flash / memory-efficient where they apply).
at::Tensor attentionSdpa(const at::Tensor& qh, const at::Tensor& kh, const at::Tensor& vh,
                         const at::Tensor& mask) {
  // An undefined mask must reach SDPA as "no mask", not as an empty optional's tensor.
  const c10::optional<at::Tensor> m = mask.defined()
                                          ? c10::optional<at::Tensor>(mask.to(qh.scalar_type()))
                                          : c10::optional<at::Tensor>();
  return at::scaled_dot_product_attention(qh, kh, vh, m);
}
#else
// fp32 on the CPU, [B*H, L, d] heads (kt: keys transposed): one GEMM per head and query chunk.
at::Tensor attentionPerHead(const at::Tensor& qh, const at::Tensor& kt, const at::Tensor& vh,
                            const at::Tensor& maskFlat, double scale) {
  const int64_t BH = qh.size(0), Lq = qh.size(1), Lk = kt.size(2), d = qh.size(2);
  // fp32 on the CPU: libtorch 1.13's bmm does not reach OpenBLAS for these shapes (4x slower
  // than one GEMM per head), and whole-batch score tensors fault in fresh pages for every
  // multiply and softmax. Per head, in query chunks that stay in cache, reusing two buffers.
  at::Tensor out = at::empty({BH, Lq, d}, qh.options());
  const int64_t rows =
      std::max<int64_t>(1, std::min<int64_t>(Lq, (int64_t(1) << 20) / std::max<int64_t>(1, Lk)));
  // The softmax runs on ATen's single fp32 thread and took a third of the time: large
  // attentions spread their heads over the cores instead, each core with a one-thread GEMM.
  const int cores = int(std::max(1u, std::thread::hardware_concurrency()));
  const bool spread = cores > 1 && BH > 1 && Lq * Lk >= (int64_t(1) << 16);
  const int workers = spread ? int(std::min<int64_t>(cores, BH)) : 1;
  std::vector<std::pair<at::Tensor, at::Tensor> > buffers(
      static_cast<size_t>(workers));  // scores, probs
  struct BlasThreadsBack {            // OpenBLAS gets its pool back however the heads end
    int saved;
    ~BlasThreadsBack() {
      if (saved > 0) setOpenblasThreads(saved);
    }
  } blasBack{spread ? openblasThreads() : -1};
  if (spread) setOpenblasThreads(1);
  auto oneHead = [&](int worker, int64_t h) {
    auto& [scores, probs] = buffers[size_t(worker)];
    if (!scores.defined()) {
      scores = at::empty({rows, Lk}, qh.options());
      probs = at::empty({rows, Lk}, qh.options());
    }
    for (int64_t s = 0; s < Lq; s += rows) {
      const int64_t n = std::min(rows, Lq - s);
      at::Tensor sc = scores.narrow(0, 0, n), pr = probs.narrow(0, 0, n);
      if (maskFlat.defined())
        at::addmm_out(sc, maskFlat[h].narrow(0, s, n), qh[h].narrow(0, s, n), kt[h], 1.0, scale);
      else
        at::addmm_out(sc, sc, qh[h].narrow(0, s, n), kt[h], 0.0, scale);
      at::_softmax_out(pr, sc, -1, false);
      at::Tensor dst = out[h].narrow(0, s, n);
      at::mm_out(dst, pr, vh[h]);
    }
  };
  parallelItems(BH, workers, oneHead);
  return out;
}

// Any device and dtype, [B*H, L, d] heads: batched, the score matrix bounded by query chunks.
at::Tensor attentionChunked(const at::Tensor& qh, const at::Tensor& kt, const at::Tensor& vh,
                            const at::Tensor& maskFlat, double scale) {
  const int64_t BH = qh.size(0), Lq = qh.size(1), Lk = kt.size(2);
  // Bound the score matrix to about 64M elements by processing queries in chunks.
  const int64_t budget = int64_t(1) << 26;
  const int64_t chunk =
      std::max<int64_t>(1, std::min<int64_t>(Lq, budget / std::max<int64_t>(1, BH * Lk)));
  std::vector<at::Tensor> parts;
  for (int64_t s = 0; s < Lq; s += chunk) {
    const int64_t e = std::min(Lq, s + chunk);
    at::Tensor qs = qh.slice(1, s, e);
    at::Tensor scores;
    if (maskFlat.defined())
      scores = at::baddbmm(maskFlat.slice(1, s, e), qs, kt, 1.0, scale);
    else
      scores = at::bmm(qs, kt) * scale;
    parts.push_back(at::bmm(at::softmax(scores, -1), vh));
  }
  return parts.size() == 1 ? parts[0] : at::cat(parts, 1);
}
#endif

}  // namespace

at::Tensor attention(const at::Tensor& q, const at::Tensor& k, const at::Tensor& v, int64_t heads,
                     const at::Tensor& mask) {
  const int64_t B = q.size(0), Lq = q.size(1), Lk = k.size(1), C = q.size(2);
  const int64_t d = C / heads;
  if (d * heads != C)
    throw Error("attention: width " + std::to_string(C) + " is not divisible by " +
                std::to_string(heads) + " heads");
  auto split = [&](const at::Tensor& t, int64_t L) {
    return t.reshape({B, L, heads, d}).transpose(1, 2);  // [B, H, L, d]
  };
  OpTimer timer(&gFlops.attentionSeconds);
  at::Tensor qh = split(q, Lq), kh = split(k, Lk), vh = split(v, Lk);
  if (gCounting)
    gFlops.attention += 4.0 * double(B) * double(heads) * double(Lq) * double(Lk) * double(d);
#if TORCH_VERSION_MAJOR >= 2
  const at::Tensor out = attentionSdpa(qh, kh, vh, mask);
#else
  const double scale = 1.0 / std::sqrt(double(d));
  qh = qh.reshape({B * heads, Lq, d});
  const at::Tensor kt = kh.reshape({B * heads, Lk, d}).transpose(1, 2);
  vh = vh.reshape({B * heads, Lk, d});
  at::Tensor maskFlat;
  if (mask.defined()) maskFlat = mask.expand({B, heads, Lq, Lk}).reshape({B * heads, Lq, Lk});
  const bool perHead = q.is_cpu() && q.scalar_type() == at::kFloat;
  const at::Tensor out = (perHead ? attentionPerHead(qh, kt, vh, maskFlat, scale)
                                  : attentionChunked(qh, kt, vh, maskFlat, scale))
                             .view({B, heads, Lq, d});
#endif
  return out.transpose(1, 2).reshape({B, Lq, C});
}

at::Tensor quickGelu(const at::Tensor& x) {
  return x * at::sigmoid(x * 1.702);
}

at::Tensor activation(const at::Tensor& x, const std::string& name) {
  if (name == "quick_gelu") return quickGelu(x);
  if (name == "gelu") return nn::gelu(x);
  if (name == "silu") return nn::silu(x);
  throw Error("unsupported activation \"" + name + "\"");
}

}  // namespace hl::nn
