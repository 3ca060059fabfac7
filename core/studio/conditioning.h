// What steers an image beyond the prompt and the identity: ControlNets with their control
// images, img2img and inpainting (init image, mask, strength), the hires fix and the face-detail
// pass. Plain settings, written to the record's JSON and, in the keys A1111 and its extensions
// (sd-webui-controlnet, ADetailer) use, to the "parameters" text.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "util/json.h"

namespace hl::studio {

enum class ControlPreprocess { None, Canny, FaceKeypoints };
const char* preprocessName(ControlPreprocess p);  // "none", "canny", "face-kps"
ControlPreprocess parsePreprocess(const std::string& name);

struct ControlSetting {
  std::string model;  // ControlNet folder or .safetensors file
  std::string image;  // the control image (face-kps: optional, else identity A's face)
  ControlPreprocess preprocess = ControlPreprocess::None;
  double scale = 1.0, start = 0.0, end = 1.0;  // start/end: fractions of the steps
  int cannyLow = 100, cannyHigh = 200;
  // A union ControlNet's control type (unionControlTypeNames); empty = auto: Canny edges take
  // the canny type, anything else runs the union model as a plain ControlNet.
  std::string type;
  bool operator==(const ControlSetting& o) const;
};

// img2img (an init image) and inpainting (plus a mask: white = repaint).
struct EditSettings {
  std::string initImage, mask;
  double strength = 0.75;  // fraction of the schedule that re-runs
  int maskBlur = 4;        // px of Gaussian blur on the mask's edge (the paste-back feather)
  int maskGrow = 0;        // px the mask is grown (negative: shrunk) before use
  bool pasteBack = true;   // unmasked pixels stay exactly the original's
  bool active() const { return !initImage.empty(); }
  bool inpaint() const { return active() && !mask.empty(); }
  bool operator==(const EditSettings& o) const;
};

// A1111's hires fix: the image made at the base size, upscaled, then refined by img2img.
struct HiresSettings {
  bool enabled = false;
  double scale = 1.5;
  std::string upscaler = "lanczos";  // "lanczos" (pixels) or "latent" (nearest in latent space)
  double denoise = 0.5;
  int steps = 0;  // 0: the same steps as the first pass
  bool operator==(const HiresSettings& o) const;
};

// The FaceDetailer / ADetailer pass: every face redone at a higher resolution.
struct FaceDetailSettings {
  bool enabled = false;
  double denoise = 0.5;
  int steps = 10;
  int longSide = 896;  // the crop is resized so its long side is this (Lanczos)
  double crop = 2.0;   // crop size relative to the face box
  int feather = 16;    // px of the paste-back's soft edge
  bool operator==(const FaceDetailSettings& o) const;
};
// The schedule a face crop runs the last `denoise` of, so that about `steps` of it run.
int faceDetailSchedule(const FaceDetailSettings& f);
// Throws hl::Error naming the face-detail number out of range (a pasted recipe may carry any).
void checkFaceDetail(const FaceDetailSettings& f);

json::Value toJson(const ControlSetting& c);
json::Value toJson(const EditSettings& e);
json::Value toJson(const HiresSettings& h);
json::Value toJson(const FaceDetailSettings& f);
ControlSetting controlFromJson(const json::Value& v);
// A control type name or alias -> its canonical name ("" for auto); unknown names throw.
std::string parseControlType(const std::string& name);
EditSettings editFromJson(const json::Value& v);
HiresSettings hiresFromJson(const json::Value& v);
FaceDetailSettings faceDetailFromJson(const json::Value& v);

// The A1111 "parameters" fields of these settings, in A1111's order and key names.
using Fields = std::vector<std::pair<std::string, std::string>>;
Fields a1111Fields(const std::vector<ControlSetting>& controls, const EditSettings& edit,
                   const HiresSettings& hires, const FaceDetailSettings& face);
// The inverse, for texts other tools wrote (what they do not say keeps its default).
void readA1111Fields(const Fields& fields, std::vector<ControlSetting>& controls,
                     EditSettings& edit, HiresSettings& hires, FaceDetailSettings& face);

}  // namespace hl::studio
