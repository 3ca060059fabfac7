#include "studio/conditioning.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include "models/controlnet_config.h"
#include "studio/a1111.h"
#include "util/error.h"

namespace hl::studio {
namespace {

std::string num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.4g", v);
  std::string s = buf;
  if (s.find_first_of(".e") == std::string::npos) s += ".0";
  return s;
}

std::string stem(const std::string& path) {
  return std::filesystem::path(path).stem().string();
}

const char* a1111Module(ControlPreprocess p) {
  return p == ControlPreprocess::Canny           ? "canny"
         : p == ControlPreprocess::FaceKeypoints ? "instant_id_face_keypoints"
                                                 : "none";
}

// "Module: canny, Model: x, Weight: 0.7" -> pairs (sd-webui-controlnet's nested field).
std::vector<std::pair<std::string, std::string>> nested(const std::string& v) {
  std::vector<std::pair<std::string, std::string>> out;
  size_t i = 0;
  while (i < v.size()) {
    const size_t colon = v.find(": ", i);
    if (colon == std::string::npos) break;
    const size_t comma = v.find(", ", colon);
    std::string key = v.substr(i, colon - i);
    out.emplace_back(key, v.substr(colon + 2, comma == std::string::npos ? std::string::npos
                                                                         : comma - colon - 2));
    if (comma == std::string::npos) break;
    i = comma + 2;
  }
  return out;
}

double toNumber(const std::string& s, double fallback) {
  char* end = nullptr;
  const double d = std::strtod(s.c_str(), &end);
  return (!s.empty() && end && *end == '\0') ? d : fallback;
}

}  // namespace

const char* preprocessName(ControlPreprocess p) {
  return p == ControlPreprocess::Canny           ? "canny"
         : p == ControlPreprocess::FaceKeypoints ? "face-kps"
                                                 : "none";
}

ControlPreprocess parsePreprocess(const std::string& n) {
  if (n == "none" || n.empty()) return ControlPreprocess::None;
  if (n == "canny") return ControlPreprocess::Canny;
  if (n == "face-kps" || n == "instant_id_face_keypoints") return ControlPreprocess::FaceKeypoints;
  throw Error("unknown control preprocessor \"" + n + "\" (expected none, canny or face-kps)");
}

bool ControlSetting::operator==(const ControlSetting& o) const {
  return model == o.model && image == o.image && preprocess == o.preprocess && scale == o.scale &&
         start == o.start && end == o.end && cannyLow == o.cannyLow && cannyHigh == o.cannyHigh &&
         type == o.type;
}

std::string parseControlType(const std::string& n) {
  if (n.empty() || n == "auto") return "";
  const int t = unionControlType(n);
  if (t < 0) {
    std::string known;
    for (const std::string& k : unionControlTypeNames()) known += (known.empty() ? "" : ", ") + k;
    throw Error("unknown control type \"" + n + "\" (expected auto, " + known + ")");
  }
  return unionControlTypeNames()[size_t(t)];
}
bool EditSettings::operator==(const EditSettings& o) const {
  return initImage == o.initImage && mask == o.mask && strength == o.strength &&
         maskBlur == o.maskBlur && maskGrow == o.maskGrow && pasteBack == o.pasteBack;
}
bool HiresSettings::operator==(const HiresSettings& o) const {
  return enabled == o.enabled && scale == o.scale && upscaler == o.upscaler &&
         denoise == o.denoise && steps == o.steps;
}
bool FaceDetailSettings::operator==(const FaceDetailSettings& o) const {
  return enabled == o.enabled && denoise == o.denoise && steps == o.steps &&
         longSide == o.longSide && crop == o.crop && feather == o.feather;
}

json::Value toJson(const ControlSetting& c) {
  json::Value o = json::Value::object();
  o.set("model", c.model);
  o.set("image", c.image);
  o.set("preprocess", preprocessName(c.preprocess));
  o.set("scale", c.scale);
  o.set("start", c.start);
  o.set("end", c.end);
  o.set("canny_low", c.cannyLow);
  o.set("canny_high", c.cannyHigh);
  o.set("control_type", c.type.empty() ? "auto" : c.type);
  return o;
}
json::Value toJson(const EditSettings& e) {
  json::Value o = json::Value::object();
  o.set("init_image", e.initImage);
  o.set("mask", e.mask);
  o.set("strength", e.strength);
  o.set("mask_blur", e.maskBlur);
  o.set("mask_grow", e.maskGrow);
  o.set("paste_back", e.pasteBack);
  return o;
}
json::Value toJson(const HiresSettings& h) {
  json::Value o = json::Value::object();
  o.set("scale", h.scale);
  o.set("upscaler", h.upscaler);
  o.set("denoise", h.denoise);
  o.set("steps", h.steps);
  return o;
}
json::Value toJson(const FaceDetailSettings& f) {
  json::Value o = json::Value::object();
  o.set("denoise", f.denoise);
  o.set("steps", f.steps);
  o.set("long_side", f.longSide);
  o.set("crop", f.crop);
  o.set("feather", f.feather);
  return o;
}

ControlSetting controlFromJson(const json::Value& v) {
  ControlSetting c;
  c.model = v.at("model").asString();
  c.image = v.stringOr("image", "");
  c.preprocess = parsePreprocess(v.stringOr("preprocess", "none"));
  c.scale = v.numberOr("scale", c.scale);
  c.start = v.numberOr("start", c.start);
  c.end = v.numberOr("end", c.end);
  c.cannyLow = int(v.intOr("canny_low", c.cannyLow));
  c.cannyHigh = int(v.intOr("canny_high", c.cannyHigh));
  c.type = parseControlType(v.stringOr("control_type", ""));
  return c;
}
EditSettings editFromJson(const json::Value& v) {
  EditSettings e;
  e.initImage = v.stringOr("init_image", "");
  e.mask = v.stringOr("mask", "");
  e.strength = v.numberOr("strength", e.strength);
  e.maskBlur = int(v.intOr("mask_blur", e.maskBlur));
  e.maskGrow = int(v.intOr("mask_grow", e.maskGrow));
  e.pasteBack = v.boolOr("paste_back", e.pasteBack);
  return e;
}
HiresSettings hiresFromJson(const json::Value& v) {
  HiresSettings h;
  h.enabled = true;
  h.scale = v.numberOr("scale", h.scale);
  h.upscaler = v.stringOr("upscaler", h.upscaler);
  h.denoise = v.numberOr("denoise", h.denoise);
  h.steps = int(v.intOr("steps", h.steps));
  return h;
}
int faceDetailSchedule(const FaceDetailSettings& f) {
  return std::max(1, int(std::ceil(f.steps / f.denoise)));
}

void checkFaceDetail(const FaceDetailSettings& f) {
  if (!(f.denoise > 0.0 && f.denoise <= 1.0))
    throw Error("face detail: the denoise must be above 0 and at most 1");
  if (f.steps < 1 || f.steps > 1000)
    throw Error("face detail: the steps must be between 1 and 1000");
  if (const int schedule = faceDetailSchedule(f); schedule > 1000) {  // as img2img counts
    char text[160];
    std::snprintf(text, sizeof text,
                  "face detail: %d steps at denoise %g need a schedule of %d steps, over 1000: "
                  "fewer steps or a higher denoise",
                  f.steps, f.denoise, schedule);
    throw Error(text);
  }
  if (!(f.crop >= 1.0 && f.crop <= 8.0))
    throw Error("face detail: the crop must be 1 to 8 times the face");
  if (f.longSide < 64 || f.longSide > 4096)
    throw Error("face detail: the crop's long side must be between 64 and 4096 px");
  if (f.feather < 0 || f.feather > 512)
    throw Error("face detail: the feather must be between 0 and 512 px");
}

FaceDetailSettings faceDetailFromJson(const json::Value& v) {
  FaceDetailSettings f;
  f.enabled = true;
  f.denoise = v.numberOr("denoise", f.denoise);
  f.steps = int(v.intOr("steps", f.steps));
  f.longSide = int(v.intOr("long_side", f.longSide));
  f.crop = v.numberOr("crop", f.crop);
  f.feather = int(v.intOr("feather", f.feather));
  return f;
}

Fields a1111Fields(const std::vector<ControlSetting>& controls, const EditSettings& edit,
                   const HiresSettings& hires, const FaceDetailSettings& face) {
  Fields f;
  if (edit.active()) {
    f.emplace_back("Denoising strength", num(edit.strength));
    if (edit.inpaint()) {
      f.emplace_back("Mask blur", std::to_string(edit.maskBlur));
      if (edit.maskGrow) f.emplace_back("Mask grow", std::to_string(edit.maskGrow));
      f.emplace_back("Inpaint area", "Whole picture");
    }
  }
  if (hires.enabled) {
    f.emplace_back("Denoising strength", num(hires.denoise));
    f.emplace_back("Hires upscale", num(hires.scale));
    if (hires.steps) f.emplace_back("Hires steps", std::to_string(hires.steps));
    f.emplace_back("Hires upscaler", hires.upscaler == "latent" ? "Latent (nearest)" : "Lanczos");
  }
  if (face.enabled) {
    f.emplace_back("ADetailer model", "antelopev2 face");
    f.emplace_back("ADetailer dilate erode", "0");
    f.emplace_back("ADetailer mask blur", std::to_string(face.feather));
    f.emplace_back("ADetailer denoising strength", num(face.denoise));
    f.emplace_back("ADetailer inpaint only masked", "True");
    f.emplace_back("ADetailer use separate steps", "True");
    f.emplace_back("ADetailer steps", std::to_string(face.steps));
  }
  for (size_t i = 0; i < controls.size(); ++i) {
    const ControlSetting& c = controls[i];
    std::string v = std::string("Module: ") + a1111Module(c.preprocess) +
                    ", Model: " + stem(c.model) + ", Weight: " + num(c.scale);
    if (c.preprocess == ControlPreprocess::Canny)
      v += ", Threshold A: " + std::to_string(c.cannyLow) +
           ", Threshold B: " + std::to_string(c.cannyHigh);
    if (!c.type.empty()) v += ", Union Control Type: " + c.type;
    v += ", Guidance Start: " + num(c.start) + ", Guidance End: " + num(c.end);
    f.emplace_back("ControlNet " + std::to_string(i), v);
  }
  return f;
}

void readA1111Fields(const Fields& fields, std::vector<ControlSetting>& controls,
                     EditSettings& edit, HiresSettings& hires, FaceDetailSettings& face) {
  double denoise = -1;
  for (const auto& [k, v] : fields) {
    if (k == "Denoising strength")
      denoise = toNumber(v, -1);
    else if (k == "Mask blur")
      edit.maskBlur = int(toNumber(v, edit.maskBlur));
    else if (k == "Mask grow")
      edit.maskGrow = int(toNumber(v, edit.maskGrow));
    else if (k == "Hires upscale") {
      hires.enabled = true;
      hires.scale = toNumber(v, hires.scale);
    } else if (k == "Hires steps")
      hires.steps = int(toNumber(v, hires.steps));
    else if (k == "Hires upscaler")
      hires.upscaler = v.rfind("Latent", 0) == 0 ? "latent" : "lanczos";
    else if (k == "ADetailer model")
      face.enabled = true;
    else if (k == "ADetailer denoising strength")
      face.denoise = toNumber(v, face.denoise);
    else if (k == "ADetailer steps")
      face.steps = int(toNumber(v, face.steps));
    else if (k == "ADetailer mask blur")
      face.feather = int(toNumber(v, face.feather));
    else if (k.rfind("ControlNet ", 0) == 0) {
      ControlSetting c;
      for (const auto& [nk, nv] : nested(v)) {
        if (nk == "Module") {
          try {
            c.preprocess = parsePreprocess(nv);
          } catch (const Error&) {
            c.preprocess = ControlPreprocess::None;
          }
        } else if (nk == "Model")
          c.model = nv;
        else if (nk == "Weight")
          c.scale = toNumber(nv, c.scale);
        else if (nk == "Threshold A")
          c.cannyLow = int(toNumber(nv, c.cannyLow));
        else if (nk == "Threshold B")
          c.cannyHigh = int(toNumber(nv, c.cannyHigh));
        else if (nk == "Union Control Type") {
          try {
            c.type = parseControlType(nv);
          } catch (const Error&) {
            c.type.clear();  // another tool's type name: auto
          }
        } else if (nk == "Guidance Start")
          c.start = toNumber(nv, c.start);
        else if (nk == "Guidance End")
          c.end = toNumber(nv, c.end);
      }
      controls.push_back(c);
    }
  }
  if (denoise >= 0) (hires.enabled ? hires.denoise : edit.strength) = denoise;
}

}  // namespace hl::studio
