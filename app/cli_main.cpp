// hyperlora-cli: the headless front end. Commands grow with the engine; each one prints what it
// did in plain words and exits non-zero with a specific message on bad input.
#include <c10/util/Exception.h>

#include <cstdio>
#include <cstring>
#include <exception>
#include <string>
#include <vector>

#include "cli_generate.h"
#include "cli_identity.h"
#include "models/demo_pack.h"
#include "models/discovery.h"
#include "models/model_check.h"
#include "runtime/placement.h"
#include "safetensors/safetensors.h"
#include "sdxl/single_file.h"
#include "studio/record.h"
#include "util/error.h"
#include "util/json.h"
#include "util/progress.h"
#include "util/version.h"
#include "vision/png_text.h"

namespace {

const char* kUsage =
    "Usage: hyperlora-cli COMMAND [ARGS]\n"
    "\n"
    "Identity LoRAs from reference photos with HyperLoRA, and SDXL portraits.\n"
    "\n"
    "Commands:\n"
    "  make-demo-pack DIR      write the tiny random-weight demo model set into DIR\n"
    "  discover PATH           find a model set under PATH (diffusers folder, single-file\n"
    "                          checkpoint or ComfyUI models/ root) and say what is missing\n"
    "  check PATH              discover, then open and validate every model file\n"
    "  inspect FILE            list the tensors and metadata of a .safetensors file\n"
    "  make-lora --models DIR (--ref PHOTO | --identity FILE.hlid)... [--ref-b PHOTO]...\n"
    "           [--mix T] [--faces DIR] --out ID.safetensors\n"
    "                          an identity's LoRA from reference photos (kohya format)\n"
    "  to-single-file FOLDER OUT.safetensors [fp16|bf16|fp32]\n"
    "                          write the diffusers SDXL folder found in FOLDER (as generate\n"
    "                          finds it) as one A1111/ComfyUI checkpoint\n"
    "  png-info FILE.png       print the generation record and the text chunks of a PNG\n"
    "  env                     print the compute environment (libtorch, threads, CUDA)\n"
    "  generate --model PATH --prompt TEXT [--negative TEXT] [--width W] [--height H]\n"
    "           [--steps N] [--cfg X] [--rescale X] [--sampler NAME] [--seed S]\n"
    "           [--prompt-syntax a1111|literal] [--lora FILE:STRENGTH]...\n"
    "           [--device auto|cpu|cuda] [--precision auto|fp32|bf16|fp16] [--threads N]\n"
    "           [--place COMPONENT=DEVICE[:PRECISION],...] [--tokenizer DIR]\n"
    "           [--memory resident|offload-text|sequential] [--lora-apply auto|merge|runtime]\n"
    "           [--cuda-graphs on|off]\n"
    "           [--ref PHOTO | --identity A.hlid]... [--ref-b PHOTO | --identity-b B.hlid]...\n"
    "           [--mix T] [--id-strength X] [--base-lora] [--faces DIR] [--no-trigger]\n"
    "           [--control MODEL:IMAGE[:SCALE[:START:END]] [--control-preprocess\n"
    "            none|canny|face-kps] [--canny LOW:HIGH] [--control-type TYPE]]...\n"
    "           [--init-image FILE [--strength S]\n"
    "           [--mask FILE [--mask-blur PX] [--mask-grow PX] [--no-paste-back]]]\n"
    "           [--hires SCALE [--hires-denoise D] [--hires-steps N] [--hires-upscaler\n"
    "            lanczos|latent]] [--face-detail [--face-detail-denoise D]\n"
    "           [--face-detail-steps N]] --out FILE.png\n"
    "                          text to image. Samplers: euler, euler_karras, euler_trailing,\n"
    "                          euler_ancestral, heun, dpmpp_2m, dpmpp_2m_karras (default),\n"
    "                          dpmpp_2m_sde_karras, unipc, ddim, ddim_trailing, lcm.\n"
    "                          Components: text_encoders, unet, vae, controlnet, clip_vision,\n"
    "                          resampler, lora_synthesis\n"
    "                          Control types (union/ProMax ControlNets): auto, openpose, depth,\n"
    "                          softedge, canny, normal, segment, tile, repaint; --control rows\n"
    "                          on one union model with the same start and end fuse.\n"
    "\n"
    "Options:\n"
    "  -h, --help              show this help\n"
    "  -v, --version           show the version\n";

int usageError(const std::string& msg) {
  std::fprintf(stderr, "hyperlora-cli: %s\nRun 'hyperlora-cli --help' for usage.\n", msg.c_str());
  return 2;
}

int cmdMakeDemoPack(const std::vector<std::string>& args) {
  if (args.size() != 1) return usageError("make-demo-pack takes one folder");
  hl::ScopedTimer timer("make-demo-pack");
  hl::DemoPackResult r = hl::writeDemoPack(args[0]);
  std::printf("Wrote the demo model pack to %s: %zu files, %.1f MB in %.2f s.\n", r.root.c_str(),
              r.files.size(), double(r.bytes) / 1e6, timer.seconds());
  std::printf("demo models: images are noise. Face models are not included.\n");
  return 0;
}

int cmdDiscover(const std::vector<std::string>& args, bool check) {
  if (args.size() != 1)
    return usageError(std::string(check ? "check" : "discover") + " takes one path");
  hl::ModelSet set = hl::discoverModels(args[0]);
  std::fputs(set.report().c_str(), stdout);
  if (!check) return set.canGenerate() ? 0 : 1;
  hl::ModelSetCheck c = hl::verifyModelSet(set);
  std::fputs("\n", stdout);
  std::fputs(c.report().c_str(), stdout);
  return (c.ok() && set.canGenerate()) ? 0 : 1;
}

int cmdInspect(const std::vector<std::string>& args) {
  if (args.size() != 1) return usageError("inspect takes one .safetensors file");
  auto f = hl::st::File::open(args[0]);
  std::printf("%s: %zu tensors, %llu bytes\n", f->path().c_str(), f->tensors().size(),
              static_cast<unsigned long long>(f->fileSize()));
  for (const auto& [k, v] : f->metadata())
    std::printf("  metadata %s = %s\n", k.c_str(), v.c_str());
  for (const auto& t : f->tensors())
    std::printf("  %-70s %-4s %s\n", t.name.c_str(), hl::st::dtypeName(t.dtype),
                hl::st::shapeString(t.shape).c_str());
  return 0;
}

int cmdPngInfo(const std::vector<std::string>& args) {
  if (args.size() != 1) return usageError("png-info takes one PNG file");
  const hl::TextChunks chunks = hl::readPngText(args[0]);
  for (const auto& [k, v] : chunks) std::printf("%s:\n%s\n\n", k.c_str(), v.c_str());
  try {
    const hl::studio::GenerationRecord r =
        hl::studio::GenerationRecord::fromPngText(chunks, args[0]);
    std::printf("record (read as version %d):\n%s\n", r.sourceVersion,
                hl::json::dump(r.toJson(), 2).c_str());
  } catch (const hl::Error& e) {
    std::printf("record: %s\n", e.what());
  }
  return 0;
}

// FOLDER may be any models folder the other commands take: discovery finds the diffusers SDXL
// folder in it, so a ComfyUI root or the demo pack converts as its generate would load it.
int cmdToSingleFile(const std::vector<std::string>& args) {
  if (args.size() < 2 || args.size() > 3)
    return usageError("to-single-file takes FOLDER OUT.safetensors [fp16|bf16|fp32]");
  c10::optional<at::ScalarType> dt;
  if (args.size() == 3) {
    if (args[2] == "fp16")
      dt = at::kHalf;
    else if (args[2] == "bf16")
      dt = at::kBFloat16;
    else if (args[2] == "fp32")
      dt = at::kFloat;
    else
      return usageError("to-single-file: precision \"" + args[2] + "\" is not fp16, bf16 or fp32");
  }
  const hl::ModelSet m = hl::discoverModels(args[0]);
  if (m.sdxlFormat == hl::SdxlFormat::SingleFile)
    throw hl::Error(args[0] + ": its SDXL model is a single file already (" + m.sdxlPath + ")");
  if (m.sdxlFormat != hl::SdxlFormat::DiffusersFolder) {
    const hl::ComponentStatus* st = m.status(hl::kCompSdxl);
    throw hl::Error(args[0] + ": no diffusers SDXL folder found" +
                    (st && !st->detail.empty() ? " (" + st->detail + ")" : ""));
  }
  hl::cli::checkOutput(args[1], ".safetensors",
                       "a checkpoint is a safetensors file, as A1111 and ComfyUI list them");
  std::fprintf(stderr, "converting %s\n", m.sdxlPath.c_str());
  hl::writeSingleFile(m.sdxlPath, args[1], dt);
  std::printf("%s\n", args[1].c_str());
  return 0;
}

int cmdEnv() {
  const hl::Placement p = hl::choosePlacement({});
  std::printf("%s\n%s\n", p.summary().c_str(), hl::describeEnvironment().c_str());
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty()) {
    std::fputs(kUsage, stderr);
    return 2;
  }
  const std::string cmd = args[0];
  if (cmd == "-h" || cmd == "--help" || cmd == "help") {
    std::fputs(kUsage, stdout);
    return 0;
  }
  if (cmd == "-v" || cmd == "--version") {
    std::printf("hyperlora-cli %s\n", HYPERLORA_VERSION);
    return 0;
  }
  std::vector<std::string> rest(args.begin() + 1, args.end());
  try {
    if (cmd == "make-demo-pack") return cmdMakeDemoPack(rest);
    if (cmd == "discover") return cmdDiscover(rest, false);
    if (cmd == "check") return cmdDiscover(rest, true);
    if (cmd == "inspect") return cmdInspect(rest);
    if (cmd == "env") return cmdEnv();
    if (cmd == "png-info") return cmdPngInfo(rest);
    if (cmd == "to-single-file") return cmdToSingleFile(rest);
    if (cmd == "generate") return hl::cli::generate(rest);
    if (cmd == "make-lora") return hl::cli::makeLora(rest);
  } catch (const hl::Error& e) {
    std::fprintf(stderr, "hyperlora-cli: %s\n", e.what());
    return 1;
  } catch (const c10::Error& e) {
    std::fprintf(stderr, "hyperlora-cli: error in a model computation: %s\n",
                 e.what_without_backtrace());
    return 1;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "hyperlora-cli: unexpected error: %s\n", e.what());
    return 1;
  }
  return usageError("unknown command \"" + cmd + "\"");
}
