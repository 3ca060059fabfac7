// WeightPatcher: merged weights live in separate buffers (reserved in one block), the original
// tensors are never written (a memory-mapped checkpoint stays clean), re-merges start from the
// originals, and restore hands back the very same tensors.
#include <ATen/ATen.h>

#include "check.h"
#include "lora/lora.h"
#include "nn/nn.h"

HL_TEST(mergeRemergeRestore) {
  at::manual_seed(5);
  hl::nn::Weights w("unet");
  w.put("a.weight", at::randn({6, 5}));
  w.put("b.weight", at::randn({4, 3, 3, 3}));              // a conv weight
  w.put("c.weight", at::randn({6, 5}).to(at::kBFloat16));  // a bf16 model
  const std::vector<std::string> names = {"a.weight", "b.weight", "c.weight"};
  std::map<std::string, at::Tensor> original, copy;
  for (const auto& n : names) {
    original[n] = w.get(n);
    copy[n] = w.get(n).clone();
  }
  at::Tensor ua = at::randn({6, 2}), da = at::randn({2, 5});
  at::Tensor ub = at::randn({4, 2}), db = at::randn({2, 27});
  at::Tensor uc = at::randn({6, 2}), dc = at::randn({2, 5});
  auto expected = [&](const std::string& n, const at::Tensor& u, const at::Tensor& d, double s) {
    at::Tensor base = copy[n].to(at::kDouble).reshape({copy[n].size(0), -1});
    return (base + s * at::mm(u.to(at::kDouble), d.to(at::kDouble))).reshape(copy[n].sizes());
  };
  hl::WeightPatcher p(&w);
  for (double s : {0.8, -0.3}) {  // first merge, then a slider move
    p.begin();
    p.reserve(names);
    p.addLowRank("a.weight", ua, da, s);
    p.addLowRank("b.weight", ub, db, s);
    p.addLowRank("c.weight", uc, dc, s);
    p.end();
    HL_CHECK_EQ(p.touched(), size_t(3));
    HL_CHECK((w.get("a.weight").to(at::kDouble) - expected("a.weight", ua, da, s))
                 .abs()
                 .max()
                 .item<double>() < 1e-5);
    HL_CHECK((w.get("b.weight").to(at::kDouble) - expected("b.weight", ub, db, s))
                 .abs()
                 .max()
                 .item<double>() < 1e-5);
    // bf16 result: the fp32 sum rounded once
    HL_CHECK(at::equal(w.get("c.weight"),
                       expected("c.weight", uc, dc, s).to(at::kFloat).to(at::kBFloat16)));
    for (const auto& n : names) {
      HL_CHECK(w.get(n).data_ptr() != original[n].data_ptr());
      HL_CHECK(at::equal(original[n], copy[n]));  // never written
    }
  }
  // A set that touches only "a": the others get their original tensors back.
  p.begin();
  p.addLowRank("a.weight", ua, da, 1.0);
  p.addLowRank("a.weight", ua, da, 1.0);  // two LoRAs on one weight add up
  p.end();
  HL_CHECK_EQ(p.touched(), size_t(1));
  HL_CHECK((w.get("a.weight").to(at::kDouble) - expected("a.weight", ua, da, 2.0))
               .abs()
               .max()
               .item<double>() < 1e-5);
  HL_CHECK_EQ(w.get("b.weight").data_ptr(), original["b.weight"].data_ptr());
  HL_CHECK_EQ(w.get("c.weight").data_ptr(), original["c.weight"].data_ptr());
  p.restore();
  HL_CHECK_EQ(p.touched(), size_t(0));
  for (const auto& n : names) HL_CHECK_EQ(w.get(n).data_ptr(), original[n].data_ptr());
}

// bf16 UNets keep conv weights channels-last: a conv LoRA must merge and keep that layout.
HL_TEST(channelsLastConvWeight) {
  at::manual_seed(6);
  hl::nn::Weights w("unet");
  const at::Tensor w0 =
      at::randn({4, 3, 3, 3}).to(at::kBFloat16).contiguous(at::MemoryFormat::ChannelsLast);
  w.put("conv.weight", w0);
  const at::Tensor u = at::randn({4, 2}), d = at::randn({2, 27});
  hl::WeightPatcher p(&w);
  p.begin();
  p.reserve({"conv.weight"});
  p.addLowRank("conv.weight", u, d, 0.7);
  p.end();
  const at::Tensor merged = w.get("conv.weight");
  HL_CHECK(merged.is_contiguous(at::MemoryFormat::ChannelsLast));
  const at::Tensor expected = (w0.to(at::kFloat).contiguous().view({4, -1}) + 0.7 * at::mm(u, d))
                                  .view({4, 3, 3, 3})
                                  .to(at::kBFloat16);
  HL_CHECK(at::equal(merged.contiguous(), expected));
  p.restore();
  HL_CHECK_EQ(w.get("conv.weight").data_ptr(), w0.data_ptr());
}

HL_TEST(misfitLoraNamesTheWeight) {
  hl::nn::Weights w("unet");
  w.put("a.weight", at::randn({6, 5}));
  hl::WeightPatcher p(&w);
  p.begin();
  p.reserve({"a.weight"});
  try {
    p.addLowRank("a.weight", at::randn({6, 2}), at::randn({2, 4}), 1.0);
    HL_FAIL("no error");
  } catch (const std::exception& e) {
    HL_CHECK_MSG(hl::test::contains(e.what(), "a.weight") && hl::test::contains(e.what(), "[6, 5]"),
                 e.what());
  }
  p.end();
  HL_CHECK_EQ(p.touched(), size_t(0));
  p.begin();  // still usable after the failure
  p.addLowRank("a.weight", at::randn({6, 2}), at::randn({2, 5}), 1.0);
  p.end();
  HL_CHECK_EQ(p.touched(), size_t(1));
}

// At run time a linear weight is never rewritten: its LoRAs become low-rank terms that
// nn::linear adds; convolution weights are still merged.
HL_TEST(runtimeTermsInsteadOfMerges) {
  at::manual_seed(8);
  hl::nn::Weights w("unet");
  w.put("a.weight", at::randn({6, 5}));
  w.put("a.bias", at::randn({6}));
  w.put("b.weight", at::randn({4, 3, 3, 3}));
  const at::Tensor a0 = w.get("a.weight"), b0 = w.get("b.weight"), bias = w.get("a.bias");
  const at::Tensor ua = at::randn({6, 2}), da = at::randn({2, 5}), ub = at::randn({4, 2}),
                   db = at::randn({2, 27});
  const at::Tensor x = at::randn({3, 7, 5});
  auto merged = [&](double s) { return at::linear(x, at::addmm(a0, ua, da, 1.0, s), bias); };
  auto diff = [](const at::Tensor& p, const at::Tensor& q) {
    return (p - q).abs().max().item<double>();
  };
  hl::WeightPatcher p(&w, true);
  HL_CHECK(p.runtime());
  for (double s : {0.8, -0.3}) {  // first application, then a slider move
    p.begin();
    p.reserve({"a.weight", "b.weight"});
    p.addLowRank("a.weight", ua, da, s);
    p.addLowRank("b.weight", ub, db, s);
    p.end();
    HL_CHECK_EQ(p.touched(), size_t(2));
    HL_CHECK_EQ(w.get("a.weight").data_ptr(), a0.data_ptr());  // the weight itself untouched
    HL_CHECK(w.lowRank("a.weight") && w.lowRank("a.weight")->size() == 1);
    HL_CHECK_MSG(
        diff(hl::nn::linear(x, w, "a"), merged(s)) < 1e-5,
        hl::test::format("scale %g: max |diff| %g", s, diff(hl::nn::linear(x, w, "a"), merged(s))));
    HL_CHECK(!w.lowRank("b.weight"));  // the convolution is merged
    HL_CHECK(w.get("b.weight").data_ptr() != b0.data_ptr());
    HL_CHECK(diff(w.get("b.weight").view({4, -1}), at::addmm(b0.view({4, -1}), ub, db, 1.0, s)) <
             1e-5);
  }
  p.begin();  // kept through a set
  p.keep("a.weight");
  p.end();
  HL_CHECK(diff(hl::nn::linear(x, w, "a"), merged(-0.3)) < 1e-5);
  HL_CHECK(w.get("b.weight").data_ptr() == b0.data_ptr());  // b left the set: restored
  p.begin();                                                // two LoRAs on one weight add up
  p.addLowRank("a.weight", ua, da, 1.0);
  p.addLowRank("a.weight", ua, da, 0.5);
  p.end();
  HL_CHECK_EQ(w.lowRank("a.weight")->size(), size_t(2));
  HL_CHECK(diff(hl::nn::linear(x, w, "a"), merged(1.5)) < 1e-5);
  p.restore();
  HL_CHECK_EQ(p.touched(), size_t(0));
  HL_CHECK(!w.lowRank("a.weight"));
  HL_CHECK(at::equal(hl::nn::linear(x, w, "a"), at::linear(x, a0, bias)));
  // A misfit names the weight and its shape at run time too.
  p.begin();
  try {
    p.addLowRank("a.weight", at::randn({6, 2}), at::randn({2, 4}), 1.0);
    HL_FAIL("no error");
  } catch (const std::exception& e) {
    HL_CHECK_MSG(hl::test::contains(e.what(), "a.weight") && hl::test::contains(e.what(), "[6, 5]"),
                 e.what());
  }
  p.end();
  HL_CHECK_EQ(p.touched(), size_t(0));
}
