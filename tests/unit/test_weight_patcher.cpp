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
