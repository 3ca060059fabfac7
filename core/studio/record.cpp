#include "studio/record.h"

#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include "studio/a1111.h"
#include "util/error.h"

namespace hl::studio {
namespace {

std::string number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.4g", v);
  return buf;
}

json::Value strings(const std::vector<std::string>& v) {
  json::Value a = json::Value::array();
  for (const auto& s : v) a.push(s);
  return a;
}

std::vector<std::string> stringList(const json::Value& o, const char* key) {
  std::vector<std::string> out;
  if (const json::Value* a = o.find(key); a && a->isArray())
    for (const auto& s : a->elements()) out.push_back(s.asString());
  return out;
}

bool startsWith(const std::string& s, const std::string& p) {
  return s.compare(0, p.size(), p) == 0;
}

// A prompt with trigger words in front (as records of older builds and other tools keep it):
// the words come off and say the identity used them.
void splitTrigger(std::string& prompt, IdentityRecord& id) {
  if (startsWith(prompt, kTriggerWords)) {
    prompt = prompt.substr(std::char_traits<char>::length(kTriggerWords));
    id.trigger = true;
  } else {
    id.trigger = false;
  }
}

// "<lora:name:0.8>" tags (A1111's LoRA syntax) out of a prompt, into the LoRA list.
std::string takeLoraTags(const std::string& prompt, std::vector<UserLora>& loras) {
  std::string out;
  size_t i = 0;
  while (i < prompt.size()) {
    const size_t open = prompt.find("<lora:", i);
    if (open == std::string::npos) break;
    const size_t close = prompt.find('>', open);
    if (close == std::string::npos) break;
    const std::string body = prompt.substr(open + 6, close - open - 6);
    const size_t colon = body.rfind(':');
    UserLora l;
    l.path = colon == std::string::npos ? body : body.substr(0, colon);
    if (colon != std::string::npos) {
      char* end = nullptr;
      const std::string w = body.substr(colon + 1);
      const double s = std::strtod(w.c_str(), &end);
      if (end && *end == '\0' && !w.empty())
        l.strength = s;
      else
        l.path = body;
    }
    loras.push_back(l);
    out += prompt.substr(i, open - i);
    i = close + 1;
  }
  out += prompt.substr(i);
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

json::Value identityJson(const IdentityRecord& id, bool baseApplied) {
  json::Value o = id.toJson();
  o.set("base_lora_applied", baseApplied);
  return o;
}

IdentityRecord identityFrom(const json::Value& o) {
  return IdentityRecord::fromJson(o);
}

}  // namespace

json::Value IdentityRecord::toJson() const {
  const IdentityRecord& id = *this;
  json::Value o = json::Value::object();
  o.set("name_a", id.nameA);
  o.set("photos_a", strings(id.photosA));
  o.set("name_b", id.nameB);
  o.set("photos_b", strings(id.photosB));
  o.set("strength", id.strength);
  o.set("mix", id.mix);
  o.set("base_lora", id.baseLora);
  o.set("trigger", id.trigger);
  return o;
}

IdentityRecord IdentityRecord::fromJson(const json::Value& o) {
  IdentityRecord id;
  if (!o.isObject()) return id;
  id.nameA = o.stringOr("name_a", "");
  id.nameB = o.stringOr("name_b", "");
  id.photosA = stringList(o, "photos_a");
  id.photosB = stringList(o, "photos_b");
  id.strength = o.numberOr("strength", id.strength);
  id.mix = o.numberOr("mix", id.mix);
  id.baseLora = o.boolOr("base_lora", id.baseLora);
  id.trigger = o.boolOr("trigger", id.trigger);
  return id;
}

namespace {

SamplerKind samplerOr(const std::string& name, SamplerKind fallback) {
  try {
    return parseSamplerKind(name);
  } catch (const Error&) {
    return fallback;
  }
}

}  // namespace

std::string UserLora::name() const {
  return std::filesystem::path(path).stem().string();
}

bool IdentityRecord::operator==(const IdentityRecord& o) const {
  return nameA == o.nameA && nameB == o.nameB && photosA == o.photosA && photosB == o.photosB &&
         strength == o.strength && mix == o.mix && baseLora == o.baseLora && trigger == o.trigger;
}

std::string GenerationSettings::promptSent() const {
  return identity.active() && identity.trigger ? kTriggerWords + prompt : prompt;
}

std::string GenerationRecord::a1111() const {
  const GenerationSettings& s = settings;
  A1111Parameters p;
  p.prompt = s.promptSent();
  for (const UserLora& l : s.loras)
    p.prompt += " <lora:" + l.name() + ":" + number(l.strength) + ">";
  p.negativePrompt = s.negativePrompt;
  p.steps = s.steps;
  p.sampler = samplerA1111(s.sampler);
  if (std::string(scheduleA1111(s.sampler)) != "Automatic")
    p.extra.emplace_back("Schedule type", scheduleA1111(s.sampler));
  p.cfgScale = s.cfg;
  p.seed = s.seed;
  p.width = s.width;
  p.height = s.height;
  p.modelName = modelName;
  p.modelHash = modelHash;
  if (s.guidanceRescale > 0) p.extra.emplace_back("CFG Rescale phi", number(s.guidanceRescale));
  if (s.identity.active()) {
    p.extra.emplace_back("HyperLoRA strength", number(s.identity.strength));
    if (s.identity.mixed()) p.extra.emplace_back("HyperLoRA mix", number(s.identity.mix));
    if (baseLoraApplied) p.extra.emplace_back("HyperLoRA Base-LoRA", "True");
    std::string refs = std::to_string(s.identity.photosA.size());
    if (s.identity.mixed()) refs += "+" + std::to_string(s.identity.photosB.size());
    p.extra.emplace_back("HyperLoRA references", refs);
  }
  for (auto& f : a1111Fields(s.controls, s.edit, s.hires, s.faceDetail)) p.extra.push_back(std::move(f));
  if (!app.empty()) p.extra.emplace_back("Version", app);
  return p.format();
}

json::Value GenerationRecord::toJson() const {
  const GenerationSettings& s = settings;
  json::Value o = json::Value::object();
  o.set("schema", kRecordSchema);
  o.set("version", kRecordVersion);
  o.set("app", app);
  o.set("prompt", s.prompt);
  o.set("prompt_sent", s.promptSent());
  o.set("negative_prompt", s.negativePrompt);
  o.set("prompt_syntax", promptSyntaxName(s.promptSyntax));
  o.set("width", s.width);
  o.set("height", s.height);
  o.set("steps", s.steps);
  o.set("cfg", s.cfg);
  o.set("guidance_rescale", s.guidanceRescale);
  o.set("sampler", samplerName(s.sampler));
  o.set("seed", s.seed);
  json::Value model = json::Value::object();
  model.set("name", modelName);
  model.set("hash", modelHash);
  model.set("demo", demo);
  o.set("model", model);
  json::Value loras = json::Value::array();
  for (const UserLora& l : s.loras) {
    json::Value e = json::Value::object();
    e.set("name", l.name());
    e.set("path", l.path);
    e.set("strength", l.strength);
    loras.push(e);
  }
  o.set("loras", loras);
  o.set("identity",
        s.identity.active() ? identityJson(s.identity, baseLoraApplied) : json::Value());
  json::Value controls = json::Value::array();
  for (const auto& c : s.controls) controls.push(studio::toJson(c));
  o.set("controls", controls);
  o.set("edit", s.edit.active() ? studio::toJson(s.edit) : json::Value());
  o.set("hires", s.hires.enabled ? studio::toJson(s.hires) : json::Value());
  o.set("face_detail", s.faceDetail.enabled ? studio::toJson(s.faceDetail) : json::Value());
  return o;  // no timings: the same settings give the same bytes
}

GenerationRecord GenerationRecord::fromJson(const json::Value& o) {
  if (o.stringOr("schema", "") != kRecordSchema)
    throw Error("not a HyperLoRA Studio generation record (no \"schema\": \"" +
                std::string(kRecordSchema) + "\")");
  const int64_t version = o.intOr("version", 0);
  if (version > kRecordVersion)
    throw Error("generation record version " + std::to_string(version) +
                " is newer than this build reads (" + std::to_string(kRecordVersion) + ")");
  GenerationRecord r;
  GenerationSettings& s = r.settings;
  r.sourceVersion = int(version);
  r.app = o.stringOr("app", "");
  s.prompt = o.at("prompt").asString();
  s.negativePrompt = o.stringOr("negative_prompt", "");
  s.promptSyntax = parsePromptSyntax(o.stringOr("prompt_syntax", "a1111"));
  s.width = int(o.at("width").asInt());
  s.height = int(o.at("height").asInt());
  s.steps = int(o.at("steps").asInt());
  s.cfg = o.at("cfg").asDouble();
  s.guidanceRescale = o.numberOr("guidance_rescale", 0.0);
  s.sampler = parseSamplerKind(o.at("sampler").asString());
  s.seed = o.at("seed").asUint64();
  if (const json::Value* m = o.find("model"); m && m->isObject()) {
    r.modelName = m->stringOr("name", "");
    r.modelHash = m->stringOr("hash", "");
    r.demo = m->boolOr("demo", false);
  }
  if (const json::Value* l = o.find("loras"); l && l->isArray())
    for (const auto& e : l->elements())
      s.loras.push_back({e.at("path").asString(), e.at("strength").asDouble()});
  if (const json::Value* id = o.find("identity"); id && id->isObject()) {
    s.identity = identityFrom(*id);
    r.baseLoraApplied = id->boolOr("base_lora_applied", false);
  }
  if (const json::Value* c = o.find("controls"); c && c->isArray())
    for (const auto& e : c->elements()) s.controls.push_back(controlFromJson(e));
  if (const json::Value* e = o.find("edit"); e && e->isObject()) s.edit = editFromJson(*e);
  if (const json::Value* h = o.find("hires"); h && h->isObject()) s.hires = hiresFromJson(*h);
  if (const json::Value* f = o.find("face_detail"); f && f->isObject()) s.faceDetail = faceDetailFromJson(*f);
  return r;
}

GenerationRecord GenerationRecord::fromA1111(const std::string& text) {
  const A1111Parameters p = A1111Parameters::parse(text);
  GenerationRecord r;
  GenerationSettings& s = r.settings;
  r.sourceVersion = 0;
  s.prompt = takeLoraTags(p.prompt, s.loras);
  s.negativePrompt = p.negativePrompt;
  s.steps = p.steps;
  const std::string* schedule = p.find("Schedule type");
  try {
    s.sampler = samplerFromA1111(p.sampler, schedule ? *schedule : "");
  } catch (const Error&) {
    s.sampler = samplerOr(p.sampler, s.sampler);
  }
  s.cfg = p.cfgScale;
  s.seed = p.seed;
  s.width = p.width;
  s.height = p.height;
  r.modelName = p.modelName;
  r.modelHash = p.modelHash;
  if (const std::string* v = p.find("CFG Rescale phi")) s.guidanceRescale = std::atof(v->c_str());
  const std::string* strength = p.find("HyperLoRA strength");
  if (!strength) strength = p.find("ID strength");  // the CLI's key before the shared record
  if (const std::string* v = strength) {
    s.identity.strength = std::atof(v->c_str());
    splitTrigger(s.prompt, s.identity);
  }
  const std::string* mix = p.find("HyperLoRA mix");
  if (!mix) mix = p.find("ID mix");
  if (mix) s.identity.mix = std::atof(mix->c_str());
  if (const std::string* v = p.find("HyperLoRA Base-LoRA")) r.baseLoraApplied = *v == "True";
  if (const std::string* v = p.find("Version")) r.app = *v;
  readA1111Fields(p.extra, s.controls, s.edit, s.hires, s.faceDetail);
  return r;
}

GenerationRecord GenerationRecord::fromPngText(
    const std::vector<std::pair<std::string, std::string>>& chunks, const std::string& where) {
  const std::string *params = nullptr, *ours = nullptr;
  for (const auto& [k, v] : chunks) {
    if (k == "parameters") params = &v;
    if (k == "hyperlora") ours = &v;
  }
  json::Value chunk;
  if (ours) {
    try {
      chunk = json::parse(*ours, where + ": hyperlora chunk");
    } catch (const Error&) {
      chunk = json::Value();
    }
  }
  if (chunk.isObject() && chunk.contains("schema")) {
    try {
      return fromJson(chunk);
    } catch (const Error& e) {
      throw Error(where + ": " + e.what());
    }
  }
  if (!params)
    throw Error(where + ": the image carries no generation settings (no \"parameters\" text)");
  GenerationRecord r = fromA1111(*params);
  if (!chunk.isObject()) return r;
  // Older builds: the CLI's chunk held the settings (prompt with trigger words, sampler name,
  // id_strength); the studio's held the identity alone (photos, names, strength, mix).
  if (chunk.contains("photos_a")) {
    const IdentityRecord id = identityFrom(chunk);
    r.settings.identity.nameA = id.nameA;
    r.settings.identity.nameB = id.nameB;
    r.settings.identity.photosA = id.photosA;
    r.settings.identity.photosB = id.photosB;
    r.settings.identity.strength = id.strength;
    r.settings.identity.mix = id.mix;
    r.settings.identity.baseLora = id.baseLora;
    r.settings.identity.trigger = id.trigger;
    r.baseLoraApplied = false;
  } else if (chunk.contains("sampler")) {
    r.settings.sampler = samplerOr(chunk.stringOr("sampler", ""), r.settings.sampler);
    r.settings.guidanceRescale = chunk.numberOr("guidance_rescale", r.settings.guidanceRescale);
    r.demo = chunk.boolOr("demo", false);
    if (const json::Value* s = chunk.find("id_strength"); s && s->isNumber())
      r.settings.identity.strength = s->asDouble();
  }
  return r;
}

std::vector<std::pair<std::string, std::string>> GenerationRecord::pngText() const {
  return {{"parameters", a1111()}, {"hyperlora", json::dump(toJson())}};
}

}  // namespace hl::studio
