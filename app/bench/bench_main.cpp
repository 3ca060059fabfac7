// hyperlora-bench: measured figures for the engine on this machine. Prints the matmul peak per
// precision and thread setting, then seconds per full-size SDXL UNet evaluation (random weights,
// no files needed) for each latent size, batch and precision, with achieved GFLOP/s from a FLOP
// count of the real forward pass, the environment that changes the numbers, and peak memory.
#include <ATen/Parallel.h>
#include <ATen/core/Tensor.h>
#include <ATen/ops/empty.h>
#include <ATen/ops/full.h>
#include <ATen/ops/mm.h>
#include <ATen/ops/ones.h>
#include <ATen/ops/randn.h>
#include <ATen/ops/zeros.h>
#include <c10/core/GradMode.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "bench_identity.h"
#include "bench_image.h"
#ifdef HL_BENCH_FACES
#include "bench_faces.h"
#endif
#include "bench_remerge.h"
#include "bench_weights.h"
#include "models/demo_pack.h"
#include "models/weight_specs.h"
#include "runtime/host_allocator.h"
#include "runtime/runtime.h"
#include "sdxl/unet.h"
#include "util/progress.h"
#include "util/version.h"

namespace {

struct Row {
  std::string dtype;
  int64_t latent, batch;
  double seconds, gflop;
};

}  // namespace

int main(int argc, char** argv) {
  bool quick = false, unetOnly = false, remergeOnly = false, identityOnly = false,
       facesOnly = false, profile = false, imageMode = false;
  hl::bench::ImageOptions imageOpts;
  std::vector<std::string> dtypesGiven;
  int threadsOverride = 0;  // 0: the runtime's per-precision choice
  std::vector<int64_t> sizes{32, 64}, batches{1, 2};
  std::vector<std::string> dtypes{"fp32", "bf16"};
  int repeats = 3;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--help" || a == "-h") {
      std::puts(
          "Usage: hyperlora-bench [--quick] [--unet-only] [--sizes 32,64] [--dtypes fp32,bf16]\n"
          "                       [--batches 1,2] [--repeats N] [--profile]\n"
          "                       [--threads N]\n"
          "Prints the matmul peak of this machine and seconds per full-size SDXL UNet\n"
          "evaluation (random weights, 2.57 B parameters) with achieved GFLOP/s.\n"
          "--profile: after each row, the time split into linear, conv, attention, other.\n"
          "--quick: the matmul table and one evaluation of the demo-pack UNet only.\n"
          "--remerge [--device cpu|cuda]: HyperLoRA LoRA synthesis and slider re-merge on a "
          "full-size\n"
          "           UNet (uses --dtypes, first entry; default fp32); --lora-apply runtime: as\n"
          "           low-rank terms beside the layers instead.\n"
          "--identity [--device cpu|cuda]: CLIP ViT-L, Resampler and LoRA synthesis for one\n"
          "           reference, full size.\n"
          "--faces: the face stack (SCRFD-10G, 2d106det and glintr100 shapes) through OpenCV DNN.\n"
          "--image [--sizes 512,1024] [--steps 20] [--sampler dpmpp_2m] [--cfg 5] [--device "
          "cpu|cuda]\n"
          "        [--memory resident|offload-text|sequential]\n"
          "        [--images N] [--out FILE] [--identity-lora STRENGTH]\n"
          "        [--lora-apply auto|merge|runtime] [--cuda-graphs on|off]: whole images "
          "through the\n"
          "        studio session on random full-size weights: text, each step, VAE decode, "
          "GFLOP/s\n"
          "        vs the matmul peak, memory; --identity-lora: with the identity networks "
          "resident\n"
          "        and their ID-LoRA for one reference merged.");
      return 0;
    }
    if (a == "--cuda-devices") {  // for scripts: the CUDA devices this build's libtorch sees
      std::printf("%d\n", hl::cudaDeviceCount());
      return 0;
    }
    if (a == "--version") {
      std::printf("hyperlora-bench %s\n", HYPERLORA_VERSION);
      return 0;
    }
    if (a == "--quick")
      quick = true;
    else if (a == "--remerge")
      remergeOnly = true;
    else if (a == "--identity")
      identityOnly = true;
    else if (a == "--faces")
      facesOnly = true;
    else if (a == "--image")
      imageMode = true;
    else if ((a == "--steps" || a == "--sampler" || a == "--cfg" || a == "--device" ||
              a == "--images" || a == "--memory" || a == "--out" || a == "--identity-lora" ||
              a == "--lora-apply" || a == "--cuda-graphs") &&
             i + 1 < argc) {
      const std::string v = argv[++i];
      if (a == "--steps")
        imageOpts.steps = std::stoi(v);
      else if (a == "--sampler")
        imageOpts.sampler = v;
      else if (a == "--cfg")
        imageOpts.cfg = std::stod(v);
      else if (a == "--device")
        imageOpts.device = v;
      else if (a == "--memory")
        imageOpts.memory = v;
      else if (a == "--images")
        imageOpts.images = std::stoi(v);
      else if (a == "--lora-apply")
        imageOpts.loraApply = v;
      else if (a == "--cuda-graphs")
        imageOpts.cudaGraphs = v != "off";
      else if (a == "--identity-lora")
        imageOpts.identityStrength = std::stod(v);
      else
        imageOpts.out = v;
    } else if (a == "--unet-only")
      unetOnly = true;
    else if (a == "--profile")
      profile = true;
    else if ((a == "--sizes" || a == "--batches" || a == "--dtypes" || a == "--repeats" ||
              a == "--threads") &&
             i + 1 < argc) {
      std::string v = argv[++i];
      std::vector<std::string> items;
      for (size_t p = 0; p <= v.size();) {
        size_t c = v.find(',', p);
        items.push_back(v.substr(p, c == std::string::npos ? std::string::npos : c - p));
        if (c == std::string::npos) break;
        p = c + 1;
      }
      if (a == "--dtypes")
        dtypes = dtypesGiven = items;
      else if (a == "--repeats")
        repeats = std::stoi(items[0]);
      else if (a == "--threads")
        threadsOverride = std::stoi(items[0]);
      else {
        auto& dst = a == "--sizes" ? sizes : batches;
        dst.clear();
        for (const auto& s : items) dst.push_back(std::stoll(s));
      }
    } else {
      std::fprintf(stderr, "hyperlora-bench: unknown option %s\n", a.c_str());
      return 2;
    }
  }
  c10::NoGradGuard noGrad;
  std::printf("hyperlora-bench %s\n%s\n", HYPERLORA_VERSION, hl::describeEnvironment().c_str());

  if (facesOnly) {
#ifdef HL_BENCH_FACES
    return hl::bench::faces(repeats);
#else
    std::fprintf(stderr, "--faces needs a build with OpenCV (this one is torch-only)\n");
    return 2;
#endif
  }
  if (imageMode) {
    if (!dtypesGiven.empty()) imageOpts.dtypes = dtypesGiven;
    bool sizesGiven = false;
    for (int i = 1; i < argc; ++i) sizesGiven |= std::string(argv[i]) == "--sizes";
    if (sizesGiven) {
      imageOpts.sizes.clear();
      for (int64_t s : sizes) imageOpts.sizes.push_back(int(s));
    }
    return hl::bench::image(imageOpts);
  }
  auto dtypeOf = [](const std::string& d) {
    return d == "bf16" ? c10::kBFloat16 : d == "fp16" ? c10::kHalf : c10::kFloat;
  };
  if (identityOnly)
    return hl::bench::identity(imageOpts.device, dtypeOf(dtypes.front()), repeats, profile);
  if (remergeOnly)
    return hl::bench::remerge(imageOpts.device, dtypeOf(dtypes.front()), repeats,
                              imageOpts.loraApply == "runtime");
  // The peak each dtype's rows are held against: measured under that dtype's thread policy
  // (in bf16 OpenBLAS's idle pool would otherwise compete with oneDNN's threads).
  std::map<std::string, double> peaks;
  if (!unetOnly) {
    const int64_t n = quick ? 512 : 2048;
    std::printf("\nmatmul peak (%lldx%lldx%lld, best of 5, under each dtype's thread policy)\n",
                (long long)n, (long long)n, (long long)n);
    std::printf("  %-6s %-8s %10s\n", "dtype", "threads", "GFLOP/s");
    for (const char* dname : {"fp32", "bf16"}) {
      const hl::ComputeConfig policy = hl::chooseCompute(
          "cpu", std::string(dname) == "fp32" ? hl::Precision::Float32 : hl::Precision::BFloat16,
          threadsOverride);
      hl::applyThreads(policy);
      const double gf = hl::bench::matmulPeak("cpu", dname, n);
      peaks[dname] = gf;
      std::printf("  %-6s %-8d %10.1f\n", dname, policy.intraOpThreads, gf);
    }
  }

  hl::UnetConfig cfg = quick ? hl::DemoPackSpec::defaults().unet : hl::UnetConfig::sdxlBase();
  if (quick) {
    sizes = {32};
    batches = {1};
    dtypes = {"fp32"};
    repeats = 1;
  }
  std::printf(
      "\n%s UNet, %.3f B parameters; per evaluation: warm-up, then best and median of %d\n",
      quick ? "demo-pack" : "full-size SDXL",
      [&] {
        double p = 0;
        for (const auto& s : hl::unetWeightSpecs(cfg)) {
          double n = 1;
          for (int64_t d : s.shape) n *= double(d);
          p += n;
        }
        return p / 1e9;
      }(),
      repeats);
  std::printf("  %-5s %-7s %-6s %-8s %9s %9s %9s %9s %7s\n", "dtype", "latent", "batch", "threads",
              "best s", "median s", "GFLOP", "GFLOP/s", "% peak");
  std::vector<Row> rows;
  for (const auto& dname : dtypes) {
    const c10::ScalarType dt = dname == "bf16" ? c10::kBFloat16 : c10::kFloat;
    hl::ComputeConfig compute = hl::chooseCompute(
        "cpu", dt == c10::kFloat ? hl::Precision::Float32 : hl::Precision::BFloat16,
        threadsOverride);
    hl::applyThreads(compute);
    hl::ScopedTimer build("weights");
    hl::Unet unet(cfg, hl::bench::randomWeights(hl::unetWeightSpecs(cfg), "UNet (random)",
                                                c10::Device(c10::kCPU), dt));
    const double buildS = build.seconds();
    for (int64_t size : sizes) {
      for (int64_t b : batches) {
        at::manual_seed(1);
        hl::UnetInputs in{
            at::randn({b, cfg.inChannels, size, size}), at::full({b}, 500.0),
            at::randn({b, 77, cfg.crossAttentionDim}),
            at::randn({b, cfg.projectionClassEmbeddingsInputDim - 6 * cfg.addTimeEmbedDim}),
            at::full({b, 6}, double(size * 8))};
        hl::nn::resetFlopCount();
        hl::nn::setFlopCounting(true);
        unet.forward(in);  // warm-up, also counts the FLOPs of one evaluation
        hl::nn::setFlopCounting(false);
        const double gflop = hl::nn::flopCount().total() / 1e9;
        std::vector<double> times;
        for (int r = 0; r < repeats; ++r) {
          hl::ScopedTimer t("unet");
          at::Tensor out = unet.forward(in);
          (void)out.data_ptr();
          times.push_back(t.seconds());
        }
        std::sort(times.begin(), times.end());
        const double best = times.front(), median = times[times.size() / 2];
        const auto peak = peaks.find(dname);
        std::printf(
            "  %-5s %-7s %-6lld %-8d %9.3f %9.3f %9.1f %9.1f %7s\n", dname.c_str(),
            (std::to_string(size) + "x" + std::to_string(size)).c_str(), (long long)b,
            compute.intraOpThreads, best, median, gflop, gflop / best,
            peak == peaks.end()
                ? "-"
                : (std::to_string(int(100.0 * gflop / best / peak->second + 0.5)) + "%").c_str());
        std::fflush(stdout);
        rows.push_back({dname, size, b, best, gflop});
        if (profile) {
          // One more evaluation with every linear/conv/attention call timed: where the time goes.
          hl::bench::profileOps([&] { (void)unet.forward(in).data_ptr(); });
        }
      }
    }
    std::printf("  (%s weights built in %.1f s)\n", dname.c_str(), buildS);
    hl::releaseHostCache();  // this dtype's freed weights must not sit beside the next one's
  }
  hl::nn::FlopCount fc;
  std::printf("\npeak resident memory: %.2f GiB\n", hl::bench::peakMemoryGib("cpu"));
  const hl::HostCacheStats cache = hl::hostCacheStats();
  if (cache.installed)
    std::printf(
        "host block cache: %llu reuses, %llu new blocks, %llu returned, %.2f GiB kept at the end\n",
        (unsigned long long)cache.hits, (unsigned long long)cache.misses,
        (unsigned long long)cache.evictions, double(cache.cachedBytes) / double(1 << 30));
  return 0;
}
