// hyperlora-bench --identity: the per-reference network stages of HyperLoRA at full size with
// random weights: CLIP ViT-L/14 to hidden_states[-2], IdProjector + Resampler (1120 queries,
// 4 blocks), and the LoRA synthesis over the 140-module basis. The face models (SCRFD, 2d106det,
// glintr100) need the user's files and are timed by the CLI's make-lora instead.
#include "bench_identity.h"

#include <ATen/TensorOperators.h>
#include <ATen/ops/empty.h>
#include <ATen/ops/randn.h>
#include <c10/core/GradMode.h>

#include <algorithm>
#include <cstdio>
#include <vector>

#include "bench_image.h"
#include "bench_weights.h"
#include "clip/clip_vision.h"
#include "hyperlora/hyper_lora.h"
#include "models/weight_specs.h"
#include "nn/nn.h"
#include "runtime/host_allocator.h"
#include "runtime/runtime.h"
#include "studio/identity_networks.h"
#include "tensor/tensor_io.h"
#include "util/progress.h"

namespace hl::bench {

std::vector<HyperLoraModuleEntry> sdxlHyperLoraModules() {
  std::vector<HyperLoraModuleEntry> modules;
  for (const auto& m : unetAttentionModules(UnetConfig::sdxlBase()))
    modules.push_back({kohyaName(m.path), m.hiddenSize, m.crossAttentionDim});
  return modules;
}

nn::Weights randomBases(const HyperLoraConfig& hc, const std::vector<HyperLoraModuleEntry>& modules,
                        c10::Device dev, double* parameters) {
  nn::Weights bases("bases");
  double n = 0;
  for (const auto& s : hyperLoraBasisSpecs(hc, modules)) {
    at::Tensor t = at::empty(s.shape, at::kFloat);
    t.normal_(0.0, 0.02);
    bases.put(s.name, t.to(dev, at::kHalf));  // the release stores 2-byte bases
    n += double(t.numel());
  }
  if (parameters) *parameters = n;
  return bases;
}

std::unique_ptr<studio::IdentityNetworks> randomIdentityNetworks(c10::Device dev,
                                                                 c10::ScalarType dt,
                                                                 const std::string& basesFile) {
  const ClipVisionConfig cc;  // ViT-L/14 defaults
  const std::vector<HyperLoraModuleEntry> modules = sdxlHyperLoraModules();
  HyperLoraConfig hc = HyperLoraConfig::released();
  hc.clipHiddenSize = cc.hiddenSize;
  nn::Weights bases = randomBases(hc, modules, dev);
  std::shared_ptr<st::File> mapped;
  if (!basesFile.empty()) {
    st::NamedTensors t(bases.all().begin(), bases.all().end());
    st::writeTensors(basesFile, t);
    t.clear();
    bases = nn::Weights();
    releaseHostCache();  // the drawn bases are gone: keep no cached blocks of them either
    mapped = st::File::open(basesFile);
    bases = nn::loadWeights(mapped, "bases", at::kHalf, at::kCPU);
  }
  return std::make_unique<studio::IdentityNetworks>(
      std::make_unique<ClipVision>(cc, randomWeights(clipVisionWeightSpecs(cc), "CLIP", dev, dt)),
      HyperLora::fromWeights(
          hc, modules,
          randomWeights(resamplerWeightSpecs(hc, int64_t(modules.size()), 2), "resampler", dev, dt),
          randomWeights(idProjectorWeightSpecs(hc), "id projector", dev, dt), std::move(bases),
          mapped));
}

void profileOps(const std::function<void()>& run) {
  nn::resetFlopCount();
  nn::setFlopCounting(true);
  nn::setOpTiming(true);
  ScopedTimer t("profile");
  run();
  const double total = t.seconds();
  nn::setOpTiming(false);
  nn::setFlopCounting(false);
  const nn::FlopCount f = nn::flopCount();
  auto line = [&](const char* what, double gf, double s) {
    std::printf("      %-10s %8.1f GFLOP %8.3f s %6.1f%% %9.1f GFLOP/s\n", what, gf / 1e9, s,
                100.0 * s / total, s > 0 ? gf / 1e9 / s : 0.0);
  };
  line("linear", f.linear, f.linearSeconds);
  line("conv", f.conv, f.convSeconds);
  line("attention", f.attention, f.attentionSeconds);
  line("norm", 0.0, f.normSeconds);
  line("other", 0.0, total - f.linearSeconds - f.convSeconds - f.attentionSeconds - f.normSeconds);
  std::printf("      %-10s %8.1f GFLOP %8.3f s\n", "total", f.total() / 1e9, total);
}

const char* dtypeName(c10::ScalarType dt) {
  return dt == c10::kFloat ? "fp32" : dt == c10::kHalf ? "fp16" : "bf16";
}

int identity(const std::string& device, c10::ScalarType dt, int repeats, bool profile) {
  c10::NoGradGuard noGrad;
  ComputeConfig compute = chooseCompute(device, parsePrecision(dtypeName(dt)));
  applyThreads(compute);
  const at::Device dev = compute.device;
  dt = compute.dtype;  // fp16 on a CPU falls back to bf16
  const std::unique_ptr<studio::IdentityNetworks> owned = randomIdentityNetworks(dev, dt);
  const studio::IdentityNetworks& networks = *owned;
  const ClipVision& clip = networks.clip();
  const HyperLora* hyper = &networks.hyper();
  std::printf(
      "\nHyperLoRA identity networks, full size (%s %s), one reference image, best of %d:\n",
      dev.str().c_str(), dtypeName(dt), repeats);
  at::Tensor pixels = at::randn({1, 3, 224, 224}).to(dev);
  at::Tensor embed = at::randn({1, 1, 512}).to(dev);
  embed = embed / embed.norm();
  std::vector<double> tClip, tRes, tSyn;
  for (int i = 0; i < repeats + 1; ++i) {  // the first round warms up
    deviceSync(device);
    ScopedTimer a("clip");
    at::Tensor feats = clip.penultimate(pixels);
    deviceSync(device);
    const double ca = a.seconds();
    ScopedTimer b("resampler");
    IdentityTokens t = hyper->generateId(feats, embed);
    deviceSync(device);
    const double cb = b.seconds();
    if (i == 0) {  // the session's own path (CLIP + resampler in one call) gives the same tokens
      const double diff =
          (networks.build(pixels, embed).id.tokens - t.tokens).abs().max().item<double>();
      std::printf("  session identity stage vs the stages above: max |diff| %.2e\n", diff);
    }
    ScopedTimer c("synthesis");
    st::NamedTensors lora = hyper->makeLora(t.tokens);
    deviceSync(device);
    const double cs = c.seconds();
    if (i == 0) continue;
    tClip.push_back(ca);
    tRes.push_back(cb);
    tSyn.push_back(cs);
  }
  auto best = [](std::vector<double> v) { return *std::min_element(v.begin(), v.end()); };
  auto median = [](std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
  };
  std::printf("  %-44s %8s %8s\n", "stage", "best s", "median s");
  auto row = [&](const char* what, const std::vector<double>& v) {
    std::printf("  %-44s %8.3f %8.3f\n", what, best(v), median(v));
  };
  row("CLIP ViT-L/14 to hidden_states[-2]", tClip);
  row("IdProjector + Resampler (1120 queries)", tRes);
  row("LoRA synthesis (140 modules, K=128, r=8)", tSyn);
  std::printf("  %-44s %8.3f\n", "total of the best (without the face models)",
              best(tClip) + best(tRes) + best(tSyn));
  if (profile) {
    const at::Tensor feats = clip.penultimate(pixels);
    std::printf("  CLIP:\n");
    profileOps([&] { (void)clip.penultimate(pixels).data_ptr(); });
    std::printf("  IdProjector + Resampler:\n");
    profileOps([&] { (void)hyper->generateId(feats, embed).tokens.data_ptr(); });
  }
  return 0;
}

}  // namespace hl::bench
