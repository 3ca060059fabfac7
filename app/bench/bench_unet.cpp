#include "bench_unet.h"

#include <ATen/core/Tensor.h>
#include <ATen/ops/full.h>
#include <ATen/ops/randn.h>
#include <ATen/ops/zeros.h>

#include <algorithm>
#include <cstdio>
#include <map>

#include "bench_identity.h"
#include "bench_image.h"
#include "bench_weights.h"
#include "models/demo_pack.h"
#include "models/weight_specs.h"
#include "runtime/host_allocator.h"
#include "runtime/runtime.h"
#include "sdxl/unet.h"
#include "util/progress.h"

namespace hl::bench {
namespace {

using Peaks = std::map<std::string, double>;

ComputeConfig computeFor(const std::string& dtype, int threads) {
  return chooseCompute("cpu", dtype == "bf16" ? Precision::BFloat16 : Precision::Float32, threads);
}

// Each dtype's peak is measured under that dtype's thread policy (in bf16 OpenBLAS's idle pool
// would otherwise compete with oneDNN's threads).
Peaks printMatmulPeaks(int64_t n, int threads) {
  Peaks peaks;
  std::printf("\nmatmul peak (%lldx%lldx%lld, best of 5, under each dtype's thread policy)\n",
              (long long)n, (long long)n, (long long)n);
  std::printf("  %-6s %-8s %10s\n", "dtype", "threads", "GFLOP/s");
  for (const char* dname : {"fp32", "bf16"}) {
    const ComputeConfig policy = computeFor(dname, threads);
    applyThreads(policy);
    peaks[dname] = matmulPeak("cpu", dname, n);
    std::printf("  %-6s %-8d %10.1f\n", dname, policy.intraOpThreads, peaks[dname]);
  }
  return peaks;
}

double billionParameters(const UnetConfig& cfg) {
  double p = 0;
  for (const auto& s : unetWeightSpecs(cfg)) {
    double n = 1;
    for (int64_t d : s.shape) n *= double(d);
    p += n;
  }
  return p / 1e9;
}

UnetInputs randomInputs(const UnetConfig& cfg, int64_t size, int64_t b) {
  at::manual_seed(1);
  return {at::randn({b, cfg.inChannels, size, size}), at::full({b}, 500.0),
          at::randn({b, 77, cfg.crossAttentionDim}),
          at::randn({b, cfg.projectionClassEmbeddingsInputDim - 6 * cfg.addTimeEmbedDim}),
          at::full({b, 6}, double(size * 8))};
}

// One table row: a counted warm-up, then `repeats` timed evaluations.
void timeRow(Unet& unet, const UnetConfig& cfg, const std::string& dname, int threads, int64_t size,
             int64_t b, const UnetOptions& o, const Peaks& peaks) {
  const UnetInputs in = randomInputs(cfg, size, b);
  nn::resetFlopCount();
  nn::setFlopCounting(true);
  unet.forward(in);
  nn::setFlopCounting(false);
  const double gflop = nn::flopCount().total() / 1e9;
  std::vector<double> times;
  for (int r = 0; r < o.repeats; ++r) {
    ScopedTimer t("unet");
    (void)unet.forward(in).data_ptr();
    times.push_back(t.seconds());
  }
  std::sort(times.begin(), times.end());
  const double best = times.front(), median = times[times.size() / 2];
  const auto peak = peaks.find(dname);
  const std::string ofPeak =
      peak == peaks.end() ? "-"
                          : std::to_string(int(100.0 * gflop / best / peak->second + 0.5)) + "%";
  const std::string latent = std::to_string(size) + "x" + std::to_string(size);
  std::printf("  %-5s %-7s %-6lld %-8d %9.3f %9.3f %9.1f %9.1f %7s\n", dname.c_str(),
              latent.c_str(), (long long)b, threads, best, median, gflop, gflop / best,
              ofPeak.c_str());
  std::fflush(stdout);
  // One more evaluation with every linear/conv/attention call timed: where the time goes.
  if (o.profile) profileOps([&] { (void)unet.forward(in).data_ptr(); });
}

void printMemory() {
  std::printf("\npeak resident memory: %.2f GiB\n", peakMemoryGib("cpu"));
  const HostCacheStats cache = hostCacheStats();
  if (cache.installed)
    std::printf(
        "host block cache: %llu reuses, %llu new blocks, %llu returned, %.2f GiB kept at the end\n",
        (unsigned long long)cache.hits, (unsigned long long)cache.misses,
        (unsigned long long)cache.evictions, double(cache.cachedBytes) / double(1 << 30));
}

}  // namespace

int unet(UnetOptions o) {
  Peaks peaks;
  if (!o.unetOnly) peaks = printMatmulPeaks(o.quick ? 512 : 2048, o.threads);
  const UnetConfig cfg = o.quick ? DemoPackSpec::defaults().unet : UnetConfig::sdxlBase();
  if (o.quick) {
    o.sizes = {32};
    o.batches = {1};
    o.dtypes = {"fp32"};
    o.repeats = 1;
  }
  std::printf("\n%s UNet, %.3f B parameters; per evaluation: warm-up, then best and median of %d\n",
              o.quick ? "demo-pack" : "full-size SDXL", billionParameters(cfg), o.repeats);
  std::printf("  %-5s %-7s %-6s %-8s %9s %9s %9s %9s %7s\n", "dtype", "latent", "batch", "threads",
              "best s", "median s", "GFLOP", "GFLOP/s", "% peak");
  for (const auto& dname : o.dtypes) {
    const ComputeConfig compute = computeFor(dname, o.threads);
    applyThreads(compute);
    ScopedTimer build("weights");
    Unet unet(cfg, randomWeights(unetWeightSpecs(cfg), "UNet (random)", c10::Device(c10::kCPU),
                                 dname == "bf16" ? c10::kBFloat16 : c10::kFloat));
    const double buildS = build.seconds();
    for (int64_t size : o.sizes)
      for (int64_t b : o.batches)
        timeRow(unet, cfg, dname, compute.intraOpThreads, size, b, o, peaks);
    std::printf("  (%s weights built in %.1f s)\n", dname.c_str(), buildS);
    releaseHostCache();  // this dtype's freed weights must not sit beside the next one's
  }
  printMemory();
  return 0;
}

}  // namespace hl::bench
