// hyperlora-cli generate: the command line read into the core's generation settings, one
// session run, a terminal progress bar, and a PNG carrying the generation record.
#include "cli_generate.h"

#include <chrono>
#include <cstdio>
#include <string>

#include "cli_identity.h"
#include "studio/png_record.h"
#include "studio/session.h"
#include "util/error.h"

namespace hl::cli {
namespace {

struct Options {
  studio::ModelChoice choice;
  studio::GenerationSettings settings;
  std::string out = "out.png";
  bool seedSet = false;
};

Options parse(const std::vector<std::string>& argv) {
  Options o;
  studio::GenerationSettings& s = o.settings;
  Args a{argv};
  for (; a.i < argv.size(); ++a.i) {
    if (parseIdentityOption(a, s.identity) || parseModelOption(a, o.choice)) continue;
    const std::string& f = a.flag();
    if (f == "--model")
      o.choice.root = a.value();
    else if (f == "--prompt")
      s.prompt = a.value();
    else if (f == "--negative")
      s.negativePrompt = a.value();
    else if (f == "--prompt-syntax")
      s.promptSyntax = parsePromptSyntax(a.value());
    else if (f == "--out")
      o.out = a.value();
    else if (f == "--sampler")
      s.sampler = parseSamplerKind(a.value());
    else if (f == "--width")
      s.width = int(number(f, a.value()));
    else if (f == "--height")
      s.height = int(number(f, a.value()));
    else if (f == "--steps")
      s.steps = int(number(f, a.value()));
    else if (f == "--cfg")
      s.cfg = number(f, a.value());
    else if (f == "--rescale")
      s.guidanceRescale = number(f, a.value());
    else if (f == "--seed") {
      const double v = number(f, a.value());
      if (v < 0 || v > 9.2e18) throw Error("--seed expects a whole number from 0 to 2^63");
      s.seed = uint64_t(v);
      o.seedSet = true;
    } else if (f == "--lora") {
      const std::string v = a.value();
      const size_t colon = v.rfind(':');
      if (colon == std::string::npos || colon == 0)
        throw Error("--lora expects FILE:STRENGTH, got \"" + v + "\"");
      s.loras.push_back({v.substr(0, colon), number("--lora strength", v.substr(colon + 1))});
    } else {
      throw Error("unknown option \"" + f + "\" for generate");
    }
  }
  if (o.choice.root.empty()) throw Error("generate needs --model PATH");
  if (!o.seedSet)
    s.seed = uint64_t(std::chrono::steady_clock::now().time_since_epoch().count()) % 4294967296ull;
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
  studio::StudioSession session;
  ScopedTimer load("load");
  session.open(o.choice);
  std::fprintf(stderr, "model: %s\n%s\nloaded in %.2f s\n", session.models().sdxlPath.c_str(),
               session.placement().summary().c_str(), load.seconds());
  if (session.models().isDemo) std::fprintf(stderr, "demo models: images are noise\n");
  buildIdentities(session, o.settings.identity);
  const StackReport r = session.applyStack(o.settings);
  if (r.applied) {
    std::fprintf(stderr, "LoRA: %zu layers merged into %zu weights", r.applied, r.merged);
    if (!r.unmatched.empty())
      std::fprintf(stderr, ", %zu modules not in this model (first: %s)", r.unmatched.size(),
                   r.unmatched.front().c_str());
    std::fprintf(stderr, "\n");
  }
  const studio::Generation g = session.generate(o.settings, progressBar);
  double sum = 0;
  for (double s : g.stepSeconds) sum += s;
  std::fprintf(stderr, "\ngenerated %dx%d in %.2f s (%.2f s per step)\n", o.settings.width,
               o.settings.height, g.record.seconds,
               g.stepSeconds.empty() ? 0.0 : sum / double(g.stepSeconds.size()));
  studio::writeImage(o.out, g.image, g.record);
  std::printf("%s\n", o.out.c_str());
  return 0;
}

}  // namespace hl::cli
