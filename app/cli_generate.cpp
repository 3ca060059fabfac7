// hyperlora-cli generate: text to image on the SDXL engine, with a terminal progress bar and a
// PNG that carries A1111's "parameters" text and our settings as JSON.
#include "cli_generate.h"

#include "cli_identity.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include "models/discovery.h"
#include "runtime/runtime.h"
#include "sdxl/pipeline.h"
#include "text/prompt.h"
#include "util/error.h"
#include "util/fs.h"
#include "util/json.h"
#include "util/sha256.h"
#include "util/version.h"
#include "vision/png_text.h"

namespace hl::cli {
namespace {

struct Options {
  std::string model, prompt, negative, out = "out.png", sampler = "dpmpp_2m_karras";
  std::string device = "auto", precision = "auto", tokenizer;
  int width = 1024, height = 1024, steps = 30, threads = 0;
  double cfg = 5.0, rescale = 0.0;
  uint64_t seed = 0;
  bool seedSet = false;
  std::vector<std::pair<std::string, double>> loras;
  IdentityOptions identity;
  double idStrength = 0.85;
  bool baseLora = false, trigger = true;
};

double number(const std::string& flag, const std::string& v) {
  char* end = nullptr;
  double d = std::strtod(v.c_str(), &end);
  if (v.empty() || *end) throw Error(flag + " expects a number, got \"" + v + "\"");
  return d;
}

Options parse(const std::vector<std::string>& args) {
  Options o;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= args.size()) throw Error(a + " needs a value");
      return args[++i];
    };
    if (parseIdentityOption(args, i, o.identity)) continue;
    if (a == "--model") o.model = value();
    else if (a == "--id-strength") o.idStrength = number(a, value());
    else if (a == "--base-lora") o.baseLora = true;
    else if (a == "--no-trigger") o.trigger = false;
    else if (a == "--prompt") o.prompt = value();
    else if (a == "--negative") o.negative = value();
    else if (a == "--out") o.out = value();
    else if (a == "--sampler") o.sampler = value();
    else if (a == "--device") o.device = value();
    else if (a == "--tokenizer") o.tokenizer = value();
    else if (a == "--precision") o.precision = value();
    else if (a == "--width") o.width = int(number(a, value()));
    else if (a == "--height") o.height = int(number(a, value()));
    else if (a == "--steps") o.steps = int(number(a, value()));
    else if (a == "--threads") o.threads = int(number(a, value()));
    else if (a == "--cfg") o.cfg = number(a, value());
    else if (a == "--rescale") o.rescale = number(a, value());
    else if (a == "--seed") { o.seed = uint64_t(std::stoull(value())); o.seedSet = true; }
    else if (a == "--lora") {
      const std::string v = value();
      const size_t colon = v.rfind(':');
      if (colon == std::string::npos || colon == 0) throw Error("--lora expects FILE:STRENGTH, got \"" + v + "\"");
      o.loras.emplace_back(v.substr(0, colon), number("--lora strength", v.substr(colon + 1)));
    } else {
      throw Error("unknown option \"" + a + "\" for generate");
    }
  }
  if (o.model.empty()) throw Error("generate needs --model PATH");
  if (!o.seedSet) o.seed = uint64_t(std::chrono::steady_clock::now().time_since_epoch().count()) % 4294967296ull;
  return o;
}

void progressBar(const Progress& p) {
  if (p.stage != "denoise") {
    std::fprintf(stderr, "\r%-60s", (p.stage + "...").c_str());
    std::fflush(stderr);
    return;
  }
  const int width = 30, filled = p.total ? width * p.step / p.total : 0;
  const double perStep = p.step ? p.elapsedSeconds / p.step : 0;
  std::string bar(size_t(filled), '#');
  bar.resize(size_t(width), '.');
  std::fprintf(stderr, "\r[%s] %d/%d  %.2f s/step  ETA %.0f s   ", bar.c_str(), p.step, p.total,
               p.stepSeconds, perStep * (p.total - p.step));
  std::fflush(stderr);
}

}  // namespace

int generate(const std::vector<std::string>& args) {
  Options o = parse(args);
  DiscoveryOptions dopt;
  dopt.tokenizer = o.tokenizer;
  ModelSet set = discoverModels(o.model, dopt);
  if (!set.canGenerate()) {
    std::fputs(set.report().c_str(), stderr);
    throw Error(o.model + ": no usable SDXL model set (see above)");
  }
  ComputeConfig compute = chooseCompute(o.device, parsePrecision(o.precision), o.threads);
  applyThreads(compute);
  std::fprintf(stderr, "model: %s\ncompute: %s\n", set.sdxlPath.c_str(), compute.summary().c_str());
  if (set.isDemo) std::fprintf(stderr, "demo models: images are noise\n");
  ScopedTimer loadTimer("load");
  auto pipeline = SdxlPipeline::load(set, compute);
  std::fprintf(stderr, "loaded in %.2f s\n", loadTimer.seconds());

  std::vector<LoraFile> loras;
  for (const auto& [file, strength] : o.loras) loras.push_back(LoraFile::load(file));
  std::vector<std::pair<const LoraFile*, double>> stack;
  for (size_t i = 0; i < loras.size(); ++i) stack.emplace_back(&loras[i], o.loras[i].second);
  // The identity: its ID-LoRA (and optionally the Base-LoRA) join the stack; HyperLoRA's trigger
  // words lead the prompt.
  LoraFile idLora, baseLoraFile;
  if (o.identity.any()) {
    BuiltIdentity id = buildIdentity(set, o.identity);
    idLora = LoraFile::fromTensors("identity", id.hyper->makeLora(id.tokens));
    stack.emplace_back(&idLora, o.idStrength);
    if (o.baseLora) {
      if (!id.hyper->hasBaseLora())
        throw Error("--base-lora: this HyperLoRA variant has no Base-LoRA (the released weights ship "
                    "none: their 0.25x Base-LoRA is already distilled into the ID-LoRA)");
      baseLoraFile = LoraFile::fromTensors("identity-base", id.hyper->makeLora(id.base.tokens, true));
      stack.emplace_back(&baseLoraFile, o.idStrength);
    }
    if (o.trigger) o.prompt = "fcsks fxhks fhyks, " + o.prompt;
  }
  if (!stack.empty()) {
    LoraApplyReport r = pipeline->setLoras(stack);
    std::fprintf(stderr, "LoRA: %zu layers merged", r.applied);
    if (!r.unmatched.empty())
      std::fprintf(stderr, ", %zu modules not in this model (first: %s)", r.unmatched.size(), r.unmatched.front().c_str());
    std::fprintf(stderr, "\n");
  }

  GenerateRequest req;
  req.prompt = o.prompt;
  req.negativePrompt = o.negative;
  req.width = o.width;
  req.height = o.height;
  req.steps = o.steps;
  req.guidanceScale = o.cfg;
  req.guidanceRescale = o.rescale;
  req.sampler = parseSamplerKind(o.sampler);
  req.seed = o.seed;
  GenerateResult res = pipeline->generate(req, progressBar);
  double stepSum = 0;
  for (double s : res.stepSeconds) stepSum += s;
  std::fprintf(stderr, "\ngenerated %dx%d in %.2f s (%.2f s per step)\n", o.width, o.height,
               res.seconds, res.stepSeconds.empty() ? 0.0 : stepSum / double(res.stepSeconds.size()));

  // The model hash A1111 shows: sha256 of the checkpoint (the UNet file for diffusers folders).
  std::string hashFile = set.sdxlPath;
  if (set.sdxlFormat == SdxlFormat::DiffusersFolder) {
    const std::string f = hl::fs::safetensorsFile(set.sdxlPath + "/unet", "diffusion_pytorch_model");
    if (!f.empty()) hashFile = f;
  }
  A1111Parameters params;
  params.prompt = o.prompt;
  params.negativePrompt = o.negative;
  params.steps = o.steps;
  params.sampler = samplerLabel(req.sampler);
  params.cfgScale = o.cfg;
  params.seed = o.seed;
  params.width = o.width;
  params.height = o.height;
  params.modelName = pipeline->modelName();
  params.modelHash = cachedSha256File(hashFile, defaultHashCache()).substr(0, 10);
  for (size_t i = 0; i < loras.size(); ++i)
    params.extra.emplace_back("Lora " + std::to_string(i + 1), loras[i].name + ":" + std::to_string(o.loras[i].second));
  if (o.identity.any()) {
    params.extra.emplace_back("ID strength", std::to_string(o.idStrength));
    params.extra.emplace_back("ID references", std::to_string(o.identity.refs.size()));
    if (!o.identity.refsB.empty()) params.extra.emplace_back("ID mix", std::to_string(o.identity.mix));
  }
  params.extra.emplace_back("Version", std::string("HyperLoRA Studio ") + HYPERLORA_VERSION);
  json::Value settings = json::Value::object();
  settings.set("prompt", o.prompt);
  settings.set("negative_prompt", o.negative);
  settings.set("sampler", samplerName(req.sampler));
  settings.set("steps", o.steps);
  settings.set("cfg", o.cfg);
  settings.set("guidance_rescale", o.rescale);
  settings.set("seed", int64_t(o.seed));
  settings.set("width", o.width);
  settings.set("height", o.height);
  settings.set("model", set.sdxlPath);
  settings.set("demo", set.isDemo);
  settings.set("id_strength", o.identity.any() ? json::Value(o.idStrength) : json::Value(nullptr));
  writePngWithText(o.out, res.rgb, {{"parameters", params.format()}, {"hyperlora", json::dump(settings)}});
  std::printf("%s\n", o.out.c_str());
  return 0;
}

}  // namespace hl::cli
