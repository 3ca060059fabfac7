// hyperlora-cli's identity options and make-lora: reference photos (or .hlid files) -> the
// session's identity -> the ID-LoRA in the official Save LoRA format.
#include "cli_identity.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "studio/identity_file.h"
#include "util/error.h"
#include "util/fs.h"
#include "util/progress.h"

namespace hl::cli {

std::string Args::value() {
  if (i + 1 >= items.size()) throw Error(items[i] + " needs a value");
  return items[++i];
}

double number(const std::string& flag, const std::string& v) {
  char* end = nullptr;
  const double d = std::strtod(v.c_str(), &end);
  if (v.empty() || *end || !std::isfinite(d))
    throw Error(flag + " expects a number, got \"" + v + "\"");
  return d;
}

long long wholeNumber(const std::string& flag, const std::string& v, long long lo, long long hi) {
  char* end = nullptr;
  errno = 0;
  const long long n = std::strtoll(v.c_str(), &end, 10);
  if (v.empty() || *end || errno == ERANGE || n < lo || n > hi)
    throw Error(flag + " expects a whole number from " + std::to_string(lo) + " to " +
                std::to_string(hi) + ", got \"" + v + "\"");
  return n;
}

namespace {

bool onOff(const std::string& flag, const std::string& v) {
  if (v == "on") return true;
  if (v == "off") return false;
  throw Error(flag + " expects on or off, got \"" + v + "\"");
}

void addIdentityFile(const std::string& path, std::string& name, std::vector<std::string>& photos) {
  const studio::IdentityFile f = studio::loadIdentityFile(path);
  for (const auto& m : f.missing)
    std::fprintf(stderr, "%s: photo missing, left out: %s\n", path.c_str(), m.c_str());
  if (f.photos.empty()) throw Error(path + ": none of the identity's photos is there");
  if (name.empty()) name = f.name;
  photos.insert(photos.end(), f.photos.begin(), f.photos.end());
}

}  // namespace

bool parseIdentityOption(Args& a, studio::IdentityRecord& id) {
  const std::string& f = a.flag();
  if (f == "--ref")
    id.photosA.push_back(a.value());
  else if (f == "--ref-b")
    id.photosB.push_back(a.value());
  else if (f == "--identity")
    addIdentityFile(a.value(), id.nameA, id.photosA);
  else if (f == "--identity-b")
    addIdentityFile(a.value(), id.nameB, id.photosB);
  else if (f == "--mix")
    id.mix = number(f, a.value());
  else if (f == "--id-strength")
    id.strength = number(f, a.value());
  else if (f == "--base-lora")
    id.baseLora = true;
  else if (f == "--no-trigger")
    id.trigger = false;
  else
    return false;
  return true;
}

void checkIdentityOptions(const studio::IdentityRecord& id) {
  if (id.mix != 0.0 && id.photosB.empty())
    throw Error("--mix blends identity A with B: give B's photos with --ref-b or --identity-b");
  if (!id.photosB.empty() && id.photosA.empty())
    throw Error(
        "--ref-b and --identity-b are the second identity: give A with --ref or --identity");
}

bool parseModelOption(Args& a, studio::ModelChoice& c) {
  const std::string& f = a.flag();
  if (f == "--device")
    c.placement.device = a.value();
  else if (f == "--precision")
    c.placement.precision = parsePrecision(a.value());
  else if (f == "--threads")
    c.placement.threads = int(wholeNumber(f, a.value(), 0, 1024));  // 0: the default
  else if (f == "--memory")
    c.placement.memory = parseMemoryMode(a.value());
  else if (f == "--lora-apply")
    c.placement.lora = parseLoraApply(a.value());
  else if (f == "--cuda-graphs")
    c.placement.cudaGraphs = onOff(f, a.value());
  else if (f == "--place")
    c.placement.overrides = PlacementRequest::parseOverrides(a.value());
  else if (f == "--faces")
    c.facesDir = a.value();
  else if (f == "--tokenizer")
    c.options.tokenizer = a.value();
  else
    return false;
  return true;
}

void buildIdentities(studio::StudioSession& session, const studio::IdentityRecord& id) {
  if (!id.active()) return;
  ScopedTimer total("identity");
  for (int slot = 0; slot < 2; ++slot) {
    const auto& photos = slot == 0 ? id.photosA : id.photosB;
    if (photos.empty()) continue;
    const studio::IdentityState& s = session.setIdentity(slot, photos);
    if (slot == 0 && session.faces())
      std::fprintf(stderr, "faces: %s\n", session.faces()->description().c_str());
    std::fputs(studio::photoReport(s.prepared).c_str(), stderr);
    if (!s.ready) throw Error(std::string("identity ") + (slot == 0 ? "A" : "B") + ": " + s.error);
    int used = 0;
    for (const auto& p : s.prepared) used += p.used;
    std::fprintf(stderr, "identity %s from %d of %zu photo(s)\n", slot == 0 ? "A" : "B", used,
                 photos.size());
  }
  if (id.mixed()) std::fprintf(stderr, "identity mix: %.2f of B\n", id.mix);
  std::fprintf(stderr, "identities ready in %.2f s\n", total.seconds());
}

void checkOutput(const std::string& out, const std::string& ext, const std::string& why) {
  std::string e = std::filesystem::path(out).extension().string();
  std::transform(e.begin(), e.end(), e.begin(), [](unsigned char c) { return std::tolower(c); });
  if (e != ext) throw Error("--out " + out + ": " + why + "; give the file a " + ext + " name");
  if (std::filesystem::is_directory(out)) throw Error("--out " + out + " is a folder, not a file");
  const std::filesystem::path folder = std::filesystem::path(out).parent_path();
  if (!folder.empty()) fs::makeDirs(folder.string());
  const std::string probe = out + ".probe";
  if (!std::ofstream(probe, std::ios::binary))
    throw Error(out + ": cannot write there (" + std::strerror(errno) + ")");
  std::remove(probe.c_str());
}

int makeLora(const std::vector<std::string>& argv) {
  studio::IdentityRecord id;
  studio::ModelChoice choice;
  std::string out;
  Args a{argv};
  for (; a.i < argv.size(); ++a.i) {
    if (parseIdentityOption(a, id) || parseModelOption(a, choice)) continue;
    if (a.flag() == "--models")
      choice.root = a.value();
    else if (a.flag() == "--out")
      out = a.value();
    else
      throw Error("unknown option \"" + a.flag() + "\" for make-lora");
  }
  checkIdentityOptions(id);
  studio::StudioSession::checkIdentity(id);  // generate checks it with the other settings
  if (choice.root.empty() || out.empty() || !id.active())
    throw Error(
        "make-lora needs --models DIR, at least one --ref PHOTO (or --identity FILE.hlid) "
        "and --out FILE.safetensors");
  checkOutput(out, ".safetensors",
              "the LoRA is a safetensors file, as ComfyUI and A1111 list them");
  studio::StudioSession session;
  session.open(choice);
  buildIdentities(session, id);
  session.exportIdentityLora(id, out);
  std::fprintf(stderr, "wrote the identity's LoRA to %s\n", out.c_str());
  std::printf("%s\n", out.c_str());
  return 0;
}

}  // namespace hl::cli
