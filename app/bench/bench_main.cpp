// hyperlora-bench: measured figures for the engine on this machine. One mode per run: the UNet
// table (default), whole images, the identity stage, the slider re-merge or the face stack.
#include <c10/core/GradMode.h>

#include <cstdio>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "bench_identity.h"
#include "bench_image.h"
#ifdef HL_BENCH_FACES
#include "bench_faces.h"
#endif
#include "bench_remerge.h"
#include "bench_unet.h"
#include "runtime/runtime.h"
#include "util/version.h"

namespace {

const char* kUsage =
    "Usage: hyperlora-bench [--quick] [--unet-only] [--sizes 32,64] [--dtypes fp32,bf16]\n"
    "                       [--batches 1,2] [--repeats N] [--profile] [--threads N]\n"
    "Prints the matmul peak of this machine and seconds per full-size SDXL UNet\n"
    "evaluation (random weights, 2.57 B parameters) with achieved GFLOP/s.\n"
    "--profile: after each row, the time split into linear, conv, attention, other.\n"
    "--quick: the matmul table and one evaluation of the demo-pack UNet only.\n"
    "Other modes (one per run):\n"
    "--remerge [--device cpu|cuda]: HyperLoRA LoRA synthesis and slider re-merge on a\n"
    "        full-size UNet (uses --dtypes, first entry; default fp32); --lora-apply\n"
    "        runtime: as low-rank terms beside the layers instead.\n"
    "--identity [--device cpu|cuda]: CLIP ViT-L, Resampler and LoRA synthesis for one\n"
    "        reference, full size.\n"
    "--faces: the face stack (SCRFD-10G, 2d106det and glintr100 shapes) through OpenCV DNN.\n"
    "--image [--sizes 512,1024] [--steps 20] [--sampler dpmpp_2m] [--cfg 5]\n"
    "        [--device cpu|cuda] [--memory resident|offload-text|sequential]\n"
    "        [--images N] [--out FILE] [--identity-lora STRENGTH]\n"
    "        [--lora-apply auto|merge|runtime] [--cuda-graphs on|off]: whole images\n"
    "        through the studio session on random full-size weights: text, each step,\n"
    "        VAE decode, GFLOP/s vs the matmul peak, memory; --identity-lora: with the\n"
    "        identity networks resident and their ID-LoRA for one reference merged.";

enum class Mode { Unet, Image, Identity, Remerge, Faces };

struct Args {
  Mode mode = Mode::Unet;
  hl::bench::UnetOptions unet;
  hl::bench::ImageOptions image;
  bool sizesGiven = false, dtypesGiven = false;
};

std::vector<std::string> splitList(const std::string& v) {
  std::vector<std::string> items;
  for (size_t p = 0; p <= v.size();) {
    const size_t c = v.find(',', p);
    items.push_back(v.substr(p, c == std::string::npos ? std::string::npos : c - p));
    if (c == std::string::npos) break;
    p = c + 1;
  }
  return items;
}

std::vector<int64_t> integers(const std::vector<std::string>& items) {
  std::vector<int64_t> out;
  for (const auto& s : items) out.push_back(std::stoll(s));
  return out;
}

// A flag without a value; false when `flag` is not one. Throws when a second mode is asked for.
bool setFlag(Args& a, const std::string& flag) {
  const Mode before = a.mode;
  if (flag == "--quick")
    a.unet.quick = true;
  else if (flag == "--unet-only")
    a.unet.unetOnly = true;
  else if (flag == "--profile")
    a.unet.profile = true;
  else if (flag == "--image")
    a.mode = Mode::Image;
  else if (flag == "--identity")
    a.mode = Mode::Identity;
  else if (flag == "--remerge")
    a.mode = Mode::Remerge;
  else if (flag == "--faces")
    a.mode = Mode::Faces;
  else
    return false;
  if (before != Mode::Unet && a.mode != before)
    throw std::invalid_argument("one mode per run: --image, --identity, --remerge or --faces");
  return true;
}

// An option that takes a value; false when `flag` is not one.
bool setValue(Args& a, const std::string& flag, const std::string& v) {
  hl::bench::ImageOptions& im = a.image;
  if (flag == "--steps")
    im.steps = std::stoi(v);
  else if (flag == "--sampler")
    im.sampler = v;
  else if (flag == "--cfg")
    im.cfg = std::stod(v);
  else if (flag == "--device")
    im.device = v;
  else if (flag == "--memory")
    im.memory = v;
  else if (flag == "--images")
    im.images = std::stoi(v);
  else if (flag == "--lora-apply")
    im.loraApply = v;
  else if (flag == "--cuda-graphs")
    im.cudaGraphs = v != "off";
  else if (flag == "--identity-lora")
    im.identityStrength = std::stod(v);
  else if (flag == "--out")
    im.out = v;
  else if (flag == "--sizes")
    a.unet.sizes = integers(splitList(v)), a.sizesGiven = true;
  else if (flag == "--batches")
    a.unet.batches = integers(splitList(v));
  else if (flag == "--dtypes")
    a.unet.dtypes = splitList(v), a.dtypesGiven = true;
  else if (flag == "--repeats")
    a.unet.repeats = std::stoi(splitList(v)[0]);
  else if (flag == "--threads")
    a.unet.threads = std::stoi(splitList(v)[0]);
  else
    return false;
  return true;
}

// setValue, with a number that does not parse named by its option.
bool setValueOf(Args& a, const std::string& flag, const std::string& v) {
  try {
    return setValue(a, flag, v);
  } catch (const std::logic_error&) {  // std::stoi's invalid_argument and out_of_range
    throw std::invalid_argument("bad value for " + flag + ": '" + v + "'");
  }
}

c10::ScalarType dtypeOf(const std::string& d) {
  return d == "bf16" ? c10::kBFloat16 : d == "fp16" ? c10::kHalf : c10::kFloat;
}

int run(Args& a) {
  switch (a.mode) {
    case Mode::Faces:
#ifdef HL_BENCH_FACES
      return hl::bench::faces(a.unet.repeats);
#else
      std::fprintf(stderr, "--faces needs a build with OpenCV (this one is torch-only)\n");
      return 2;
#endif
    case Mode::Image:
      if (a.dtypesGiven) a.image.dtypes = a.unet.dtypes;
      if (a.sizesGiven) a.image.sizes.assign(a.unet.sizes.begin(), a.unet.sizes.end());
      return hl::bench::image(a.image);
    case Mode::Identity:
      return hl::bench::identity(a.image.device, dtypeOf(a.unet.dtypes.front()), a.unet.repeats,
                                 a.unet.profile);
    case Mode::Remerge:
      return hl::bench::remerge(a.image.device, dtypeOf(a.unet.dtypes.front()), a.unet.repeats,
                                a.image.loraApply == "runtime");
    case Mode::Unet:
      break;
  }
  return hl::bench::unet(a.unet);
}

// Parses the command line into `args`; returns an exit code when the run ends here.
std::optional<int> parse(int argc, char** argv, Args& args) {
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--help" || a == "-h") {
      std::puts(kUsage);
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
    if (setFlag(args, a)) continue;
    if (i + 1 < argc && setValueOf(args, a, argv[i + 1])) {
      ++i;
      continue;
    }
    std::fprintf(stderr, "hyperlora-bench: unknown option %s\n", a.c_str());
    return 2;
  }
  return std::nullopt;
}

}  // namespace

int main(int argc, char** argv) {
  Args args;
  try {
    if (const std::optional<int> rc = parse(argc, argv, args)) return *rc;
  } catch (const std::invalid_argument& e) {  // a bad number, a second mode
    std::fprintf(stderr, "hyperlora-bench: %s\n", e.what());
    return 2;
  }
  c10::NoGradGuard noGrad;
  std::printf("hyperlora-bench %s\n%s\n", HYPERLORA_VERSION, hl::describeEnvironment().c_str());
  return run(args);
}
