// hyperlora-cli generate: the command line read into the core's generation settings, one
// session run, a terminal progress bar, and a PNG carrying the generation record.
#include "cli_generate.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <set>
#include <string>

#include "cli_identity.h"
#include "studio/imaging.h"
#include "studio/png_record.h"
#include "studio/session.h"
#include "util/error.h"

namespace hl::cli {
namespace {

struct Options {
  studio::ModelChoice choice;
  studio::GenerationSettings settings;
  std::string out = "out.png";
  bool seedSet = false, sizeSet = false;
};

bool isNumber(const std::string& s) {
  char* end = nullptr;
  std::strtod(s.c_str(), &end);
  return !s.empty() && *end == '\0';
}

// MODEL:IMAGE[:SCALE[:START:END]], numbers taken from the right so paths may hold colons.
studio::ControlSetting parseControl(const std::string& v) {
  std::vector<std::string> parts;
  for (size_t p = 0;;) {
    const size_t c = v.find(':', p);
    parts.push_back(v.substr(p, c == std::string::npos ? std::string::npos : c - p));
    if (c == std::string::npos) break;
    p = c + 1;
  }
  std::vector<double> nums;
  while (parts.size() > 2 && nums.size() < 3 && isNumber(parts.back())) {
    nums.insert(nums.begin(), std::strtod(parts.back().c_str(), nullptr));
    parts.pop_back();
  }
  if (parts.size() < 2 || nums.size() == 2)
    throw Error("--control expects MODEL:IMAGE[:SCALE[:START:END]], got \"" + v + "\"");
  studio::ControlSetting c;
  // A one-letter first part is a Windows drive ("C:\\models\\cn").
  const size_t split = parts[0].size() == 1 && parts.size() > 2 ? 2 : 1;
  for (size_t i = 0; i < parts.size(); ++i)
    (i < split ? c.model : c.image) += (i == 0 || i == split ? "" : ":") + parts[i];
  if (!nums.empty()) c.scale = nums[0];
  if (nums.size() == 3) {
    c.start = nums[1];
    c.end = nums[2];
  }
  return c;
}

// ControlNets, img2img and inpainting, the hires fix and the face-detail pass.
bool parseConditioningOption(Args& a, studio::GenerationSettings& s) {
  const std::string& f = a.flag();
  if (f == "--control") {
    s.controls.push_back(parseControl(a.value()));
  } else if (f == "--control-preprocess" || f == "--canny" || f == "--control-type") {
    if (s.controls.empty()) throw Error(f + " applies to the --control before it; give one first");
    const std::string v = a.value();
    if (f == "--control-preprocess") {
      s.controls.back().preprocess = studio::parsePreprocess(v);
    } else if (f == "--control-type") {
      s.controls.back().type = studio::parseControlType(v);
    } else {
      const size_t c = v.find(':');
      if (c == std::string::npos) throw Error("--canny expects LOW:HIGH, got \"" + v + "\"");
      s.controls.back().cannyLow = int(wholeNumber(f, v.substr(0, c), 0, 10000));
      s.controls.back().cannyHigh = int(wholeNumber(f, v.substr(c + 1), 0, 10000));
    }
  } else if (f == "--init-image")
    s.edit.initImage = a.value();
  else if (f == "--strength")
    s.edit.strength = number(f, a.value());
  else if (f == "--mask")
    s.edit.mask = a.value();
  else if (f == "--mask-blur")
    s.edit.maskBlur = int(wholeNumber(f, a.value(), 0, 256));
  else if (f == "--mask-grow")
    s.edit.maskGrow = int(wholeNumber(f, a.value(), -256, 256));
  else if (f == "--no-paste-back")
    s.edit.pasteBack = false;
  else if (f == "--hires") {
    s.hires.enabled = true;
    s.hires.scale = number(f, a.value());
  } else if (f == "--hires-denoise")
    s.hires.denoise = number(f, a.value());
  else if (f == "--hires-steps")
    s.hires.steps = int(wholeNumber(f, a.value(), 0, 1000));
  else if (f == "--hires-upscaler")
    s.hires.upscaler = a.value();
  else if (f == "--face-detail")
    s.faceDetail.enabled = true;
  else if (f == "--face-detail-denoise")
    s.faceDetail.denoise = number(f, a.value());
  else if (f == "--face-detail-steps")
    s.faceDetail.steps = int(wholeNumber(f, a.value(), 1, 1000));
  else
    return false;
  return true;
}

// Any 64-bit seed, as ComfyUI's go up to 2^64 - 1.
uint64_t seedNumber(const std::string& v) {
  char* end = nullptr;
  errno = 0;
  const unsigned long long n = std::strtoull(v.c_str(), &end, 10);
  if (v.empty() || !std::isdigit(static_cast<unsigned char>(v[0])) || *end || errno == ERANGE)
    throw Error("--seed expects a whole number from 0 to 2^64 - 1, got \"" + v + "\"");
  return n;
}

// An option that only qualifies another is refused without it, not silently ignored.
void checkQualifiers(const std::set<std::string>& given) {
  static const std::pair<const char*, const char*> kNeeds[] = {
      {"--strength", "--init-image"},
      {"--mask", "--init-image"},
      {"--mask-blur", "--mask"},
      {"--mask-grow", "--mask"},
      {"--no-paste-back", "--mask"},
      {"--hires-denoise", "--hires"},
      {"--hires-steps", "--hires"},
      {"--hires-upscaler", "--hires"},
      {"--face-detail-denoise", "--face-detail"},
      {"--face-detail-steps", "--face-detail"}};
  for (const auto& [flag, needed] : kNeeds)
    if (given.count(flag) && !given.count(needed))
      throw Error(std::string(flag) + " applies to " + needed + ": give " + needed + " too");
}

Options parse(const std::vector<std::string>& argv) {
  Options o;
  studio::GenerationSettings& s = o.settings;
  Args a{argv};
  std::set<std::string> given;
  for (; a.i < argv.size(); ++a.i) {
    given.insert(a.flag());
    if (parseIdentityOption(a, s.identity) || parseModelOption(a, o.choice) ||
        parseConditioningOption(a, s))
      continue;
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
    else if (f == "--width" || f == "--height") {
      (f == "--width" ? s.width : s.height) = int(wholeNumber(f, a.value(), 8, 65536));
      o.sizeSet = true;
    } else if (f == "--steps")
      s.steps = int(wholeNumber(f, a.value(), 1, 1000));
    else if (f == "--cfg")
      s.cfg = number(f, a.value());
    else if (f == "--rescale")
      s.guidanceRescale = number(f, a.value());
    else if (f == "--seed") {
      s.seed = seedNumber(a.value());
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
  checkQualifiers(given);
  if (s.edit.active() && !o.sizeSet) {  // the init image sets the size
    const RgbImage init = studio::loadPicture(s.edit.initImage);
    s.width = std::max(8, init.width / 8 * 8);
    s.height = std::max(8, init.height / 8 * 8);
  }
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
  checkOutput(o.out, ".png", "images are written as PNG, which carries the generation record");
  checkIdentityOptions(o.settings.identity);
  studio::StudioSession::checkSettings(o.settings);
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
  std::fprintf(stderr, "\ngenerated %dx%d in %.2f s (%.2f s per step)\n", g.image.width,
               g.image.height, g.record.seconds,
               g.stepSeconds.empty() ? 0.0 : sum / double(g.stepSeconds.size()));
  studio::writeImage(o.out, g.image, g.record);
  std::printf("%s\n", o.out.c_str());
  return 0;
}

}  // namespace hl::cli
