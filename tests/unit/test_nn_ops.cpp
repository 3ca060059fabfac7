// The norms and activations of nn against libtorch's kernels in fp32 or double: fp32
// tensors exactly as at::group_norm etc. give them, bf16 tensors (which nn runs through fp32 on
// the CPU, large GroupNorms a few groups at a time) within bf16 rounding, in both layouts.
#include <ATen/ATen.h>

#include "check.h"
#include "nn/nn.h"
#include "util/error.h"

namespace {
hl::nn::Weights normWeights(int64_t C, at::ScalarType dt) {
  hl::nn::Weights w("test");
  w.put("n.weight", (at::rand({C}) + 0.5).to(dt));
  w.put("n.bias", (at::rand({C}) - 0.5).to(dt));
  return w;
}

// |got - ref| <= atol + rtol |ref| everywhere; prints the worst element otherwise.
bool near(const at::Tensor& got, const at::Tensor& ref, double atol, double rtol) {
  const at::Tensor g = got.to(at::kFloat), r = ref.to(at::kFloat);  // float: quick at 17 M elements
  const at::Tensor excess = (g - r).abs() - (atol + rtol * r.abs());
  const double worst = excess.max().item<double>();
  if (worst > 0)
    std::printf("    worst excess %.3g (max |diff| %.3g)\n", worst,
                (g - r).abs().max().item<double>());
  return worst <= 0;
}

// bf16 keeps 8 significant bits: one rounding of a value of size ~3 is about 0.016.
constexpr double kBf16Rtol = 1.0 / 128, kBf16Atol = 1.0 / 64;

void checkGroupNorm(int64_t B, int64_t C, int64_t H, int64_t W, bool channelsLast) {
  at::manual_seed(5);
  const at::Tensor x = at::randn({B, C, H, W}) * 2 + 0.3;
  const hl::nn::Weights w32 = normWeights(C, at::kFloat);
  hl::nn::Weights wbf("test");
  for (const auto& [n, t] : w32.all()) wbf.put(n, t.to(at::kBFloat16));
  // fp32 reference: far more precise than the bf16 result it checks, and quick at 17 M elements.
  const at::Tensor wd = wbf.get("n.weight").to(at::kFloat), bd = wbf.get("n.bias").to(at::kFloat);
  const at::Tensor xb = x.to(at::kBFloat16);
  const at::Tensor ref = at::group_norm(xb.to(at::kFloat), 32, wd, bd, 1e-6);
  const at::Tensor xin = channelsLast ? xb.contiguous(at::MemoryFormat::ChannelsLast) : xb;
  const at::Tensor got = hl::nn::groupNorm(xin, wbf, "n", 32, 1e-6);
  HL_CHECK_EQ(got.scalar_type(), at::kBFloat16);
  HL_CHECK(got.sizes() == x.sizes());
  HL_CHECK(near(got, ref, kBf16Atol, kBf16Rtol));
  HL_CHECK(
      near(hl::nn::groupNormSilu(xin, wbf, "n", 32, 1e-6), at::silu(ref), kBf16Atol, kBf16Rtol));
  // fp32 is libtorch's own kernel, unchanged.
  const at::Tensor f = hl::nn::groupNormSilu(x, w32, "n", 32, 1e-6);
  HL_CHECK(
      at::equal(f, at::silu(at::group_norm(x, 32, w32.get("n.weight"), w32.get("n.bias"), 1e-6))));
}
}  // namespace

HL_TEST(groupNormSmall) {
  checkGroupNorm(2, 64, 16, 16, false);
  checkGroupNorm(2, 64, 16, 16, true);
}

HL_TEST(groupNormLargeGoesByGroups) {
  // 2 x 64 x 256 x 520 = 17.0 M elements: over the whole-tensor limit, so by groups, per image.
  checkGroupNorm(2, 64, 256, 520, true);
}

HL_TEST(layerNormAndActivations) {
  at::manual_seed(6);
  const int64_t C = 320;
  const at::Tensor x = at::randn({2, 77, C}) * 3;
  const hl::nn::Weights w32 = normWeights(C, at::kFloat);
  hl::nn::Weights wbf("test");
  for (const auto& [n, t] : w32.all()) wbf.put(n, t.to(at::kBFloat16));
  const at::Tensor xb = x.to(at::kBFloat16), xd = xb.to(at::kDouble);
  const at::Tensor ln = at::layer_norm(xd, {C}, wbf.get("n.weight").to(at::kDouble),
                                       wbf.get("n.bias").to(at::kDouble), 1e-5);
  HL_CHECK(near(hl::nn::layerNorm(xb, wbf, "n", 1e-5), ln, kBf16Atol, kBf16Rtol));
  HL_CHECK(at::equal(hl::nn::layerNorm(x, w32, "n", 1e-5),
                     at::layer_norm(x, {C}, w32.get("n.weight"), w32.get("n.bias"), 1e-5)));
  HL_CHECK(near(hl::nn::silu(xb), at::silu(xd), kBf16Atol, kBf16Rtol));
  HL_CHECK(near(hl::nn::gelu(xb), at::gelu(xd), kBf16Atol, kBf16Rtol));
  // GEGLU: first half times gelu of the second, from a strided chunk of a wider tensor.
  const at::Tensor wide = at::randn({2, 77, 4 * C});
  const at::Tensor half = wide.narrow(-1, 0, 2 * C);  // not contiguous
  const auto parts = half.to(at::kDouble).chunk(2, -1);
  const at::Tensor geglu = parts[0] * at::gelu(parts[1]);
  HL_CHECK(near(hl::nn::geglu(half), geglu, 1e-6, 1e-6));
  HL_CHECK(near(hl::nn::geglu(half.to(at::kBFloat16)), geglu, kBf16Atol, kBf16Rtol));
  HL_CHECK(near(hl::nn::activation(xb, "gelu"), at::gelu(xd), kBf16Atol, kBf16Rtol));
  HL_CHECK_THROWS(hl::Error, hl::nn::activation(x, "swish"));
}

HL_TEST(channelsLastOnlyInReducedPrecision) {
  hl::nn::Weights w("test");
  w.put("conv.weight", at::randn({8, 4, 3, 3}));
  w.put("lin.weight", at::randn({8, 4}));
  HL_CHECK(!hl::nn::useChannelsLast(w, at::kFloat));
  HL_CHECK(w.get("conv.weight").is_contiguous());
  HL_CHECK(hl::nn::useChannelsLast(w, at::kBFloat16));
  HL_CHECK(w.get("conv.weight").is_contiguous(at::MemoryFormat::ChannelsLast));
  HL_CHECK(w.get("lin.weight").is_contiguous());
}
