// hyperlora-bench --remerge: the live-slider path of HyperLoRA on a full-size SDXL UNet. LoRA
// synthesis over the released 140-module basis (K=128, rank 8), the first merge, then the
// re-merge a slider move causes (restore the touched weights, merge again).
#include "bench_remerge.h"

#include <ATen/ops/empty.h>
#include <ATen/ops/randn.h>
#include <c10/core/GradMode.h>

#include <cstdio>

#include "bench_identity.h"
#include "bench_image.h"
#include "bench_weights.h"
#include "hyperlora/hyper_lora.h"
#include "lora/lora.h"
#include "lora/lora_stack.h"
#include "models/weight_specs.h"
#include "runtime/runtime.h"
#include "util/progress.h"

namespace hl::bench {

int remerge(const std::string& device, c10::ScalarType dtype, int repeats, bool runtime) {
  c10::NoGradGuard noGrad;
  hl::ComputeConfig compute =
      hl::chooseCompute(device, dtype == c10::kFloat  ? Precision::Float32
                                : dtype == c10::kHalf ? Precision::Float16
                                                      : Precision::BFloat16);
  applyThreads(compute);
  const at::Device dev = compute.device;
  dtype = compute.dtype;
  const char* dtypeName = dtype == c10::kFloat ? "fp32" : dtype == c10::kHalf ? "fp16" : "bf16";
  const UnetConfig cfg = UnetConfig::sdxlBase();
  ScopedTimer build("build");
  nn::Weights unetW = randomWeights(unetWeightSpecs(cfg), "UNet (random)", dev, dtype);
  const std::vector<HyperLoraModuleEntry> modules = sdxlHyperLoraModules();
  HyperLoraConfig hc = HyperLoraConfig::released();
  hc.clipHiddenSize = 1024;
  double baseParams = 0;
  nn::Weights bases = randomBases(hc, modules, dev, &baseParams);
  auto hyper = HyperLora::fromWeights(hc, modules, nn::Weights(), nn::Weights(), std::move(bases));
  std::printf(
      "\nHyperLoRA live controls on a full-size SDXL UNet (%s weights), %zu modules, "
      "%.3f B basis parameters (fp16), on %s, built in %.1f s\n",
      dtypeName, modules.size(), baseParams / 1e9, dev.str().c_str(), build.seconds());
  at::Tensor tokens =
      normalizeTokens(at::randn({1, int64_t(8 * modules.size()), hc.hyperDim}).to(dev));
  deviceSync(device);
  ScopedTimer synth("synth");
  st::NamedTensors lora = hyper->makeLora(tokens);
  deviceSync(device);
  std::printf("  LoRA synthesis (coefficients x basis, %zu tensors): %.3f s\n", lora.size(),
              synth.seconds());
  auto file = std::make_shared<LoraFile>(LoraFile::fromTensors("identity", lora));
  // The session's merge path: a declared stack, re-merged where it changed.
  LoraTargets targets(cfg, nullptr, nullptr);
  WeightPatcher patcher(&unetW, runtime);
  LoraStack stack(&targets, {&patcher, nullptr, nullptr});
  ScopedTimer first("first");
  StackReport r = stack.apply({{"identity:1", file, 0.85}});
  deviceSync(device);
  std::printf(runtime ? "  first application at run time (%zu weights, %zu unmatched): %.3f s\n"
                      : "  first merge (%zu weights, %zu unmatched): %.3f s\n",
              r.merged, r.unmatched.size(), first.seconds());
  double best = 1e30;
  for (int i = 0; i < repeats; ++i) {
    ScopedTimer t("remerge");
    stack.apply({{"identity:1", file, 0.5 + 0.1 * i}});  // each weight from its original, one pass
    deviceSync(device);
    best = std::min(best, t.seconds());
  }
  ScopedTimer same("same");
  const StackReport unchanged = stack.apply({{"identity:1", file, 0.5 + 0.1 * (repeats - 1)}});
  std::printf(runtime ? "  slider move at run time (best of %d): %.4f s\n"
                      : "  re-merge after a slider move (best of %d): %.3f s\n",
              repeats, best);
  std::printf("  the same stack again: %zu weights merged, %.4f s\n", unchanged.merged,
              same.seconds());
  return 0;
}

}  // namespace hl::bench
