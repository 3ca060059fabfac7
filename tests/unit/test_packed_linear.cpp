// The packed bf16 linear kernel against at::linear, and what Weights does around it: the plain
// tensor dropped once packed, made again when read, a put() or to() starting afresh.
#include <ATen/ATen.h>
#include <torch/csrc/api/include/torch/version.h>

#include "check.h"
#include "lora/lora.h"
#include "nn/nn.h"
#include "nn/packed_linear.h"
#include "util/error.h"

namespace {
double maxDiff(const at::Tensor& a, const at::Tensor& b) {
  return (a.to(at::kFloat) - b.to(at::kFloat)).abs().max().item<double>();
}

hl::nn::Weights layer(int64_t out, int64_t in, bool bias) {
  hl::nn::Weights w("test");
  w.put("l.weight", (at::randn({out, in}) * 0.05).to(at::kBFloat16));
  if (bias) w.put("l.bias", at::randn({out}).to(at::kBFloat16));
  return w;
}
}  // namespace

HL_TEST(sameNumbersAsAtenLinear) {
  if (!hl::nn::PackedLinear::available()) HL_SKIP("this build or CPU has no oneDNN bf16 kernel");
  at::manual_seed(11);
  // SDXL's shapes (rows = batch x tokens, the 77-token context, the batch-2 time embedding) and
  // odd ones the packed layout has to pad.
  const int64_t shapes[][3] = {{2, 320, 1280},    {154, 2048, 640}, {512, 640, 5120},
                               {128, 5120, 1280}, {1, 33, 7},       {77, 768, 3072},
                               {3, 100, 50}};
  for (const auto& s : shapes)
    for (bool bias : {true, false}) {
      const hl::nn::Weights w = layer(s[2], s[1], bias);
      const at::Tensor wt = w.host("l.weight").clone();
      const at::Tensor b = bias ? w.host("l.bias").clone() : at::Tensor();
      const at::Tensor x = at::randn({s[0], s[1]}).to(at::kBFloat16);
      const at::Tensor ref = at::linear(x, wt, b);
      const at::Tensor got = hl::nn::linear(x, w, "l");
      HL_CHECK(w.packedLinear("l.weight") != nullptr);
      HL_CHECK(got.sizes() == ref.sizes());
      // The same oneDNN kernel with the same accumulation: equal to the bit here, and within one
      // bf16 rounding where another libtorch might pick another kernel.
      const std::string shape =
          std::to_string(s[0]) + "x" + std::to_string(s[1]) + "x" + std::to_string(s[2]);
      HL_CHECK_MSG(maxDiff(got, ref) <= 1e-2 * (1 + ref.abs().max().item<double>()), shape);
#if TORCH_VERSION_MAJOR < 2
      HL_CHECK_MSG(at::equal(got, ref), shape + " differs from libtorch 1.13's own oneDNN matmul");
#endif
      // A 3-d input [batch, tokens, in] and a non-contiguous one.
      const at::Tensor x3 = at::randn({2, 5, s[1]}).to(at::kBFloat16);
      HL_CHECK(maxDiff(hl::nn::linear(x3, w, "l"), at::linear(x3, wt, b)) <=
               1e-2 * (1 + ref.abs().max().item<double>()));
      const at::Tensor xt = at::randn({s[1], 4}).to(at::kBFloat16).t();
      HL_CHECK(maxDiff(hl::nn::linear(xt, w, "l"), at::linear(xt, wt, b)) <=
               1e-2 * (1 + ref.abs().max().item<double>()));
      // The plain weight made again from the packed one is the original, bit for bit.
      HL_CHECK(at::equal(w.packedLinear("l.weight")->unpack(), wt));
    }
}

HL_TEST(weightsAroundThePackedForm) {
  if (!hl::nn::PackedLinear::available()) HL_SKIP("this build or CPU has no oneDNN bf16 kernel");
  at::manual_seed(12);
  hl::nn::Weights w = layer(64, 96, true);
  const at::Tensor original = w.host("l.weight").clone();
  const at::Tensor x = at::randn({8, 96}).to(at::kBFloat16);
  const at::Tensor first = hl::nn::linear(x, w, "l");
  HL_CHECK(w.packedBytes() >= 64 * 96 * 2);
  // Someone else holding the plain weight (a LoRA patcher) keeps it: packed into new memory.
  hl::nn::Weights shared = layer(64, 96, false);
  const at::Tensor held = shared.host("l.weight");
  const at::Tensor heldCopy = held.clone();
  (void)hl::nn::linear(x, shared, "l");
  HL_CHECK(shared.packedLinear("l.weight") != nullptr);
  HL_CHECK(at::equal(held, heldCopy));
  HL_CHECK_EQ(w.numel(), int64_t(64 * 96 + 64));
  // Read again as a plain tensor (what a LoRA merge does): the same values.
  HL_CHECK(at::equal(w.host("l.weight"), original));
  HL_CHECK(at::equal(w.all().at("l.weight"), original));
  // A merged weight replaces it: the next call packs the new one.
  const at::Tensor merged = (original.to(at::kFloat) + 0.5).to(at::kBFloat16);
  w.put("l.weight", merged);
  HL_CHECK_EQ(w.packedBytes(), int64_t(0));
  const at::Tensor second = hl::nn::linear(x, w, "l");
  HL_CHECK(maxDiff(second, at::linear(x, merged, w.host("l.bias"))) <= 1e-2);
  HL_CHECK(maxDiff(second, first) > 1.0);  // the merge shows
  // fp32 again: plain tensors, at::linear.
  w.to(at::kCPU, at::kFloat);
  HL_CHECK_EQ(w.packedBytes(), int64_t(0));
  HL_CHECK_EQ(w.host("l.weight").scalar_type(), at::kFloat);
  HL_CHECK(w.packedLinear("l.weight") == nullptr);
  HL_CHECK(at::equal(hl::nn::linear(x.to(at::kFloat), w, "l"),
                     at::linear(x.to(at::kFloat), w.host("l.weight"), w.host("l.bias"))));
}

HL_TEST(wrongInputSaysWhich) {
  if (!hl::nn::PackedLinear::available()) HL_SKIP("this build or CPU has no oneDNN bf16 kernel");
  const hl::nn::Weights w = layer(16, 32, false);
  try {
    hl::nn::linear(at::randn({4, 31}).to(at::kBFloat16), w, "l");
    HL_FAIL("no error");
  } catch (const hl::Error& e) {
    HL_CHECK_MSG(hl::test::contains(e.what(), "input has 31 features, the weight expects 32"),
                 e.what());
  }
}

HL_TEST(loraMergesIntoPackedWeights) {
  if (!hl::nn::PackedLinear::available()) HL_SKIP("this build or CPU has no oneDNN bf16 kernel");
  at::manual_seed(13);
  hl::nn::Weights w = layer(128, 64, true);
  const at::Tensor w0 = w.host("l.weight").clone(), bias = w.host("l.bias").clone();
  const at::Tensor up = at::randn({128, 4}) * 0.3, down = at::randn({4, 64}) * 0.3;
  const at::Tensor x = at::randn({16, 64}).to(at::kBFloat16);
  (void)hl::nn::linear(x, w, "l");  // packed before any LoRA, in its own memory
  auto expected = [&](double scale) {
    const at::Tensor merged = at::addmm(w0.to(at::kFloat), up, down, 1.0, scale).to(at::kBFloat16);
    return at::linear(x, merged, bias);
  };
  hl::WeightPatcher patcher(&w);
  // A slider moved three times, with the layer run in between: each merge starts from W0 and the
  // packed layout that took over the patcher's buffer is never read as a weight.
  for (double scale : {0.5, -1.0, 2.0}) {
    patcher.begin();
    patcher.reserve({"l.weight"});
    patcher.addLowRank("l.weight", up, down, scale);
    patcher.end();
    HL_CHECK_MSG(at::equal(hl::nn::linear(x, w, "l"), expected(scale)),
                 "scale " + std::to_string(scale));
  }
  // Kept through a set: still the last merge.
  patcher.begin();
  patcher.keep("l.weight");
  patcher.end();
  HL_CHECK(at::equal(hl::nn::linear(x, w, "l"), expected(2.0)));
  // Two LoRAs on one weight in one set, then everything back.
  patcher.begin();
  patcher.addLowRank("l.weight", up, down, 1.0);
  patcher.addLowRank("l.weight", up, down, 0.5);
  patcher.end();
  // Rounded to bf16 after each LoRA, as the patcher merges (against the weight merged the same
  // way, plain): equal to the bit. Against one rounding: within what bf16 outputs of this size
  // allow.
  const at::Tensor once = at::addmm(w0.to(at::kFloat), up, down, 1.0, 1.0).to(at::kBFloat16);
  const at::Tensor twice = at::addmm(once.to(at::kFloat), up, down, 1.0, 0.5).to(at::kBFloat16);
  const at::Tensor got = hl::nn::linear(x, w, "l");
  HL_CHECK_MSG(at::equal(got, at::linear(x, twice, bias)),
               hl::test::format("max |diff| %g", maxDiff(got, at::linear(x, twice, bias))));
  HL_CHECK(maxDiff(got, expected(1.5)) <= 0.1);
  patcher.restore();
  HL_CHECK(at::equal(w.host("l.weight"), w0));
  HL_CHECK(at::equal(hl::nn::linear(x, w, "l"), at::linear(x, w0, bias)));
}

// A runtime LoRA on a packed weight leaves it packed (no plain copy made again) and adds the
// low-rank term in bf16.
HL_TEST(runtimeLoraKeepsThePackedWeight) {
  if (!hl::nn::PackedLinear::available()) HL_SKIP("this build or CPU has no oneDNN bf16 kernel");
  at::manual_seed(14);
  hl::nn::Weights w = layer(128, 64, true);
  const at::Tensor w0 = w.host("l.weight").clone(), bias = w.host("l.bias").clone();
  const at::Tensor up = at::randn({128, 4}) * 0.3, down = at::randn({4, 64}) * 0.3;
  const at::Tensor x = at::randn({16, 64}).to(at::kBFloat16);
  (void)hl::nn::linear(x, w, "l");
  const int64_t packed = w.packedBytes();
  HL_CHECK(packed > 0);
  HL_CHECK(!w.holdsPlain("l.weight"));
  hl::WeightPatcher patcher(&w, true);
  for (double scale : {0.5, -1.0}) {
    patcher.begin();
    patcher.reserve({"l.weight"});
    patcher.addLowRank("l.weight", up, down, scale);
    patcher.end();
    const at::Tensor d = down.to(at::kBFloat16), u = up.to(at::kBFloat16);
    const at::Tensor expected =
        at::linear(x, w0, bias).add_(at::linear(at::linear(x, d), u), scale);
    const at::Tensor got = hl::nn::linear(x, w, "l");
    HL_CHECK_MSG(maxDiff(got, expected) <= 0.05,
                 hl::test::format("scale %g: max |diff| %g", scale, maxDiff(got, expected)));
    HL_CHECK_EQ(w.packedBytes(), packed);
    HL_CHECK(!w.holdsPlain("l.weight"));  // the term did not make the plain weight again
    HL_CHECK(w.shapeOf("l.weight").first == (std::vector<int64_t>{128, 64}));
  }
  patcher.restore();
  HL_CHECK(at::equal(hl::nn::linear(x, w, "l"), at::linear(x, w0, bias)));
}
