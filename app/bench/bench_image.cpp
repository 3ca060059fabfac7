#include "bench_image.h"

#include <ATen/Context.h>
#include <ATen/TensorOperators.h>
#include <ATen/ops/empty.h>
#include <ATen/ops/full.h>
#include <ATen/ops/mm.h>
#include <ATen/ops/randn.h>
#include <c10/core/GradMode.h>
#ifdef HL_BENCH_CUDA  // set by CMake for a CUDA libtorch
#include <c10/cuda/CUDACachingAllocator.h>
#include <c10/cuda/CUDAFunctions.h>
#endif

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#ifndef _WIN32
#include <sys/resource.h>
#include <unistd.h>
#else
#include <process.h>
#define getpid _getpid
#endif

#include "bench_identity.h"
#include "bench_weights.h"
#include "models/weight_specs.h"
#include "nn/nn.h"
#include "runtime/placement.h"
#include "sdxl/pipeline.h"
#include "studio/identity_networks.h"
#include "studio/session.h"
#include "text/bpe_vocab.h"
#include "util/progress.h"

namespace hl::bench {
namespace {

c10::ScalarType dtypeOf(const std::string& d) {
  return d == "bf16" ? c10::kBFloat16 : d == "fp16" ? c10::kHalf : c10::kFloat;
}

}  // namespace

void deviceSync(const std::string& device) {
#ifdef HL_BENCH_CUDA
  if (device.rfind("cuda", 0) == 0) c10::cuda::device_synchronize();
#else
  (void)device;
#endif
}

namespace {

ClipTextConfig bigG() {
  ClipTextConfig c;
  c.hiddenSize = 1280;
  c.intermediateSize = 5120;
  c.numHeads = 20;
  c.numLayers = 32;
  c.projectionDim = 1280;
  c.hiddenAct = "gelu";
  c.withProjection = true;
  return c;
}

std::unique_ptr<SdxlPipeline> randomPipeline(const Placement& pl) {
  const Place &te = pl.of(Component::TextEncoders), &un = pl.of(Component::Unet),
              &va = pl.of(Component::Vae);
  const ClipTextConfig c1, c2 = bigG();
  const UnetConfig uc = UnetConfig::sdxlBase();
  const VaeConfig vc;
  // A small trained vocabulary: tokenisation is not what is measured.
  BpeVocab vocab =
      trainBpeVocab("a portrait photo of a woman in soft studio light, 85mm, detailed", 50);
  return SdxlPipeline::fromParts(
      ClipTextEncoder(c1, randomWeights(clipTextWeightSpecs(c1), "te1", te.device, te.dtype)),
      ClipTextEncoder(c2, randomWeights(clipTextWeightSpecs(c2), "te2", te.device, te.dtype)),
      Unet(uc, randomWeights(unetWeightSpecs(uc), "UNet", un.device, un.dtype)),
      Vae(vc, randomWeights(vaeWeightSpecs(vc), "VAE", va.device, va.dtype)), std::move(vocab), pl,
      "random-sdxl");
}

// Identity A from one random reference (CLIP pixels and an ArcFace embedding), through the
// session's own identity path with the face stage skipped.
constexpr const char* kReference = "random reference";

void setRandomIdentity(studio::StudioSession& session, c10::Device dev) {
  at::Tensor pixels = at::randn({1, 3, 224, 224}).to(dev);
  at::Tensor embed = at::randn({1, 1, 512}).to(dev);
  embed = embed / embed.norm();
  ScopedTimer t("identity");
  session.setIdentityInputs(0, kReference, pixels, embed);
  std::printf("  identity A from one reference (CLIP, resampler): %.2f s\n", t.seconds());
}

}  // namespace

double matmulPeak(const std::string& device, const std::string& dtype, int64_t n) {
  const at::Device dev(device);
  // A GPU is filled only by a large product, and one product is too short to time from the host
  // against its launch and the synchronisation: several are timed together.
  const int perSample = dev.is_cuda() ? 10 : 1;
  if (dev.is_cuda()) n = std::max<int64_t>(n, 8192);
  at::Tensor a = at::randn({n, n}, at::TensorOptions(dev)).to(dtypeOf(dtype)),
             b = at::randn({n, n}, at::TensorOptions(dev)).to(dtypeOf(dtype));
  at::Tensor c = at::mm(a, b);
  deviceSync(device);
  double best = 1e30;
  for (int i = 0; i < 5; ++i) {
    ScopedTimer t("mm");
    for (int k = 0; k < perSample; ++k) c = at::mm(a, b);
    deviceSync(device);
    best = std::min(best, t.seconds() / perSample);
  }
  return 2.0 * double(n) * n * n / best / 1e9;
}

double peakMemoryGib(const std::string& device) {
  (void)device;  // only a CUDA build tells devices apart
#ifdef HL_BENCH_CUDA
  if (device.rfind("cuda", 0) == 0) {
    const auto stats = c10::cuda::CUDACachingAllocator::getDeviceStats(c10::cuda::current_device());
    return double(stats.allocated_bytes[0].peak) / double(1 << 30);
  }
#endif
#ifndef _WIN32
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  return double(ru.ru_maxrss) / 1024.0 / 1024.0;
#else
  return 0.0;
#endif
}

void resetPeakMemory(const std::string& device) {
#ifdef HL_BENCH_CUDA
  if (device.rfind("cuda", 0) == 0)
    c10::cuda::CUDACachingAllocator::resetPeakStats(c10::cuda::current_device());
#else
  (void)device;
#endif
}

namespace {

// Printed and kept for the --out file.
void emitLine(std::ostringstream& out, const char* line) {
  out << line;
  std::fputs(line, stdout);
}

std::string header(const ImageOptions& o) {
  std::ostringstream out;
  out << "\nWhole images through the studio session, random full-size SDXL (" << o.device << "), "
      << o.steps << " steps " << o.sampler << ", CFG " << o.cfg << ", memory mode " << o.memory;
  if (o.identityStrength > 0)
    out << ", ID-LoRA " << o.identityStrength << " from one reference, LoRAs " << o.loraApply;
  out << ", CUDA graphs " << (o.cudaGraphs ? "on" : "off") << "\n";
  out << "  dtype  size   peak GFLOP/s  load s  text s  step s (median)  UNet GFLOP/s  % peak  "
         "decode s  first s  image s  peak GiB  before decode GiB\n";
  return out.str();
}

const char* kFootnote =
    "  (UNet GFLOP/s: the FLOPs of one CFG-batch evaluation, counted on the real forward pass at\n"
    "   that size, over the median step; load = building the random weights; first = the first\n"
    "   image after loading; image = the best of the timed images; before decode = the peak up to "
    "the\n"
    "   first image's VAE decode)\n";

Placement placementFor(const ImageOptions& o, const std::string& dt) {
  PlacementRequest req;
  req.device = o.device;
  req.precision = parsePrecision(dt);
  req.memory = parseMemoryMode(o.memory);
  req.lora = parseLoraApply(o.loraApply);
  req.cudaGraphs = o.cudaGraphs;
  return choosePlacement(req);
}

studio::GenerationSettings settingsFor(const ImageOptions& o, int size, bool identity) {
  studio::GenerationSettings s;
  s.prompt = "a portrait photo of a woman in soft studio light";
  s.negativePrompt = "blurry";
  s.width = s.height = size;
  s.steps = o.steps;
  s.cfg = o.cfg;
  s.sampler = parseSamplerKind(o.sampler);
  if (identity) {
    s.identity.photosA = {kReference};
    s.identity.strength = o.identityStrength;
  }
  return s;
}

struct ImageTimes {
  double textS = 0, decodeS = 0, imageS = 1e30, firstS = 0, beforeDecodeGib = 0;
  std::vector<double> steps;  // of the last image
};

// `images` images (at least one), the first right after loading; stages from the progress.
ImageTimes timeImages(studio::StudioSession& session, studio::GenerationSettings s,
                      const ImageOptions& o) {
  ImageTimes t;
  for (int i = 0; i < std::max(1, o.images); ++i) {
    s.seed = uint64_t(i);
    ScopedTimer whole("image");
    // Progress times count from the pipeline's start, after the session's own work (the
    // identity, the LoRA merge); `pipelineStart` places them on the whole image's clock.
    double decodeStart = 0, firstStepEnd = 0, firstStep = 0, pipelineStart = -1;
    const studio::Generation g = session.generate(s, [&](const Progress& p) {
      if (pipelineStart < 0) pipelineStart = whole.seconds() - p.elapsedSeconds;
      if (p.stage == "denoise" && p.step == 1)
        firstStepEnd = p.elapsedSeconds, firstStep = p.stepSeconds;
      if (p.stage == "decode" && decodeStart == 0) {
        decodeStart = p.elapsedSeconds;
        t.beforeDecodeGib = peakMemoryGib(o.device);
      }
    });
    deviceSync(o.device);
    const double w = whole.seconds();
    if (i == 0) t.firstS = w;
    t.textS = firstStepEnd - firstStep;
    t.decodeS = w - std::max(0.0, pipelineStart) - decodeStart;
    t.imageS = std::min(t.imageS, w);
    t.steps = g.stepSeconds;
  }
  return t;
}

// The FLOPs of one UNet evaluation of the CFG batch at this size, counted on the real pass.
double unetFlops(studio::StudioSession& session, const Placement& pl, int size,
                 const ImageOptions& o) {
  const int64_t lat = size / 8, batch = o.cfg > 1.0 ? 2 : 1;
  const UnetConfig& uc = session.pipeline().unet().config();
  const at::TensorOptions to =
      at::TensorOptions(pl.of(Component::Unet).device).dtype(pl.of(Component::Unet).dtype);
  const UnetInputs in{
      at::randn({batch, uc.inChannels, lat, lat}, to), at::full({batch}, 500.0, to),
      at::randn({batch, 77, uc.crossAttentionDim}, to),
      at::randn({batch, uc.projectionClassEmbeddingsInputDim - 6 * uc.addTimeEmbedDim}, to),
      at::full({batch, 6}, double(size), to)};
  nn::resetFlopCount();
  nn::setFlopCounting(true);
  (void)session.pipeline().unet().forward(in);
  nn::setFlopCounting(false);
  deviceSync(o.device);
  return nn::flopCount().total();
}

// One table row per size, and the UNet graph's record when there is one.
void benchSize(studio::StudioSession& session, const Placement& pl, const ImageOptions& o,
               const std::string& dt, int size, bool identity, double peak, double loadS,
               std::ostringstream& out) {
  ImageTimes t = timeImages(session, settingsFor(o, size, identity), o);
  const double flopsPerStep = unetFlops(session, pl, size, o);
  std::sort(t.steps.begin(), t.steps.end());
  const double median = t.steps.empty() ? 0 : t.steps[t.steps.size() / 2];
  const double gflops = median > 0 ? flopsPerStep / median / 1e9 : 0;
  char line[256];
  std::snprintf(line, sizeof line,
                "  %-6s %-6d %12.1f %7.1f %7.2f %16.3f %13.1f %7.1f %9.2f %8.2f %8.2f %8.2f "
                "%17.2f\n",
                dt.c_str(), size, peak, loadS, t.textS, median, gflops, 100.0 * gflops / peak,
                t.decodeS, t.firstS, t.imageS, peakMemoryGib(o.device), t.beforeDecodeGib);
  emitLine(out, line);
  if (const UnetGraphStats* g = session.pipeline().unetGraphStats()) {
    std::snprintf(line, sizeof line, "  %-6s %-6d UNet step graph: %d recorded, %lld replays%s%s\n",
                  dt.c_str(), size, g->captures, static_cast<long long>(g->replays),
                  g->disabled.empty() ? "" : "; given up: ", g->disabled.c_str());
    emitLine(out, line);
  }
  std::fflush(stdout);
}

// A session on random full-size weights for one dtype, then every size.
void benchDtype(const ImageOptions& o, const std::string& dt, std::ostringstream& out) {
  const Placement pl = placementFor(o, dt);
  applyThreads(pl.compute());
  const double peak = matmulPeak(o.device, dt == "fp32" ? "fp32" : dt);
  resetPeakMemory(o.device);
  ScopedTimer load("load");
  studio::StudioSession session;
  const c10::Device dev = pl.of(Component::Unet).device;
  // The basis memory-mapped from a file on the CPU, as a loaded release is.
  const std::string basesFile =
      o.identityStrength > 0 && dev.is_cpu()
          ? (std::filesystem::temp_directory_path() /
             ("hl-bench-bases-" + std::to_string(getpid()) + ".safetensors"))
                .string()
          : "";
  std::unique_ptr<studio::IdentityNetworks> networks;
  if (o.identityStrength > 0)
    networks = randomIdentityNetworks(dev, pl.of(Component::Unet).dtype, basesFile);
  const bool identity = networks != nullptr;
  session.adopt(randomPipeline(pl), pl, std::move(networks));
  if (identity) {
    setRandomIdentity(session, dev);
    std::printf("  %s: LoRAs %s\n", dt.c_str(),
                pl.lora == LoraApply::Merge ? "merged into the weights" : "applied at run time");
  }
  const double loadS = load.seconds();
  for (int size : o.sizes) benchSize(session, pl, o, dt, size, identity, peak, loadS, out);
  if (!basesFile.empty()) std::filesystem::remove(basesFile);  // mapped until the session goes
}

}  // namespace

int image(const ImageOptions& o) {
  c10::NoGradGuard noGrad;
  std::ostringstream out;
  out << header(o);
  std::fputs(out.str().c_str(), stdout);
  for (const std::string& dt : o.dtypes) benchDtype(o, dt, out);
  out << kFootnote;
  std::fputs(kFootnote, stdout);
  if (!o.out.empty()) std::ofstream(o.out, std::ios::app) << out.str();
  return 0;
}

}  // namespace hl::bench
