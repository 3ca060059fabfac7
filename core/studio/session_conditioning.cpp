// The session's conditioning passes: ControlNets and their control images, img2img and
// inpainting (mask grown and blurred, the result pasted back so unmasked pixels stay exact),
// A1111's hires fix, and the FaceDetailer pass over every face, largest first.
#include <ATen/TensorOperators.h>
#include <ATen/ops/from_blob.h>
#include <ATen/ops/upsample_nearest2d.h>
#include <sys/stat.h>

#include <algorithm>
#include <cmath>

#include "sdxl/pipeline.h"
#include "studio/imaging.h"
#include "studio/session.h"
#include "studio/session_progress.h"
#include "util/error.h"

namespace hl::studio {
namespace {

int round8(double v) {
  return std::max(8, int(std::lround(v / 8.0)) * 8);
}

// [1, 3, H, W] float from 8-bit RGB, in [0, 1] or (signed) [-1, 1].
at::Tensor toTensor(const RgbImage& img, bool signedRange) {
  at::Tensor t =
      at::from_blob(const_cast<uint8_t*>(img.pixels.data()), {img.height, img.width, 3}, at::kByte)
          .permute({2, 0, 1})
          .unsqueeze(0)
          .to(at::kFloat) /
      255.0;
  return signedRange ? t * 2.0 - 1.0 : t.contiguous();
}

// The union model's control type of a row: as chosen, or from the preprocessor when auto.
int controlTypeOf(const ControlSetting& c, const ControlNet& net) {
  if (!c.type.empty()) {
    if (!net.config().isUnion())
      throw Error("ControlNet " + c.model + ": control type \"" + c.type +
                  "\" is for union ControlNets (xinsir union/ProMax); this one is plain: "
                  "set the type to auto");
    return unionControlType(c.type);
  }
  return net.config().isUnion() && c.preprocess == ControlPreprocess::Canny
             ? unionControlType("canny")
             : -1;
}

}  // namespace

GenerateRequest StudioSession::requestOf(const GenerationSettings& s) const {
  GenerateRequest r;
  r.prompt = s.promptSent();
  r.negativePrompt = s.negativePrompt;
  r.promptSyntax = s.promptSyntax;
  r.width = s.width;
  r.height = s.height;
  r.steps = s.steps;
  r.guidanceScale = s.cfg;
  r.guidanceRescale = s.guidanceRescale;
  r.sampler = s.sampler;
  r.seed = s.seed;
  return r;
}

StudioSession::Edit StudioSession::prepareEdit(const GenerationSettings& s, GenerateRequest& r) {
  Edit e;
  if (!s.edit.active()) return e;
  const int w = round8(s.width), h = round8(s.height);
  const RgbImage init = loadPicture(s.edit.initImage);
  e.original = coverPicture(init, w, h);
  r.initImage = toTensor(e.original, true);
  r.strength = s.edit.strength;
  if (s.edit.inpaint()) {
    // The mask is drawn on the init image: brought to its size, then framed exactly as the
    // image is (the same cover and crop), so it stays on what was painted.
    RgbImage maskPicture = loadPicture(s.edit.mask);
    if (maskPicture.width != init.width || maskPicture.height != init.height)
      maskPicture = resizePicture(maskPicture, init.width, init.height);
    maskPicture = coverPicture(maskPicture, w, h);
    const std::vector<float> hard = pictureMask(maskPicture, w, h, s.edit.maskGrow, 0);
    r.mask = at::from_blob(const_cast<float*>(hard.data()), {1, 1, h, w}, at::kFloat).clone();
    e.softMask = pictureMask(maskPicture, w, h, s.edit.maskGrow, s.edit.maskBlur);
  }
  return e;
}

void StudioSession::pasteBack(RgbImage& image, const Edit& edit) const {
  RgbImage out = edit.original;
  composite(out, image, edit.softMask);
  image = std::move(out);
}

std::shared_ptr<ControlNet> StudioSession::controlNet(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) throw Error(path + ": ControlNet not found");
  const std::string stamp =
      std::to_string(int64_t(st.st_mtime)) + ":" + std::to_string(int64_t(st.st_size));
  auto& slot = controlNets_[path];
  if (!slot.second || slot.first != stamp) {
    const Place p = placement_.storage(Component::ControlNet);
    slot = {stamp, std::make_shared<ControlNet>(
                       ControlNet::load(path, pipeline().unet().config(), p.dtype, p.device))};
    if (placement_.streamed(Component::ControlNet))
      slot.second->weights().stream(placement_.of(Component::ControlNet).device,
                                    placement_.streamBudgetBytes);
  }
  return slot.second;
}

RgbImage StudioSession::controlImage(const ControlSetting& c, int w, int h) {
  if (c.preprocess == ControlPreprocess::FaceKeypoints) {
    // From the control image's most confident face, or identity A's first usable photo.
    std::vector<std::array<float, 2>> kps;
    if (!c.image.empty()) {
      const std::vector<DetectedFace> faces =
          faceStack().detect(coverPicture(loadPicture(c.image), w, h));
      if (faces.empty())
        throw Error(c.image + ": no face found for the face-keypoint control image");
      kps = faces.front().keypoints;
    } else {
      for (const PreparedPhoto& p : slots_[0].state.prepared) {
        if (!p.used || p.keypoints.size() != 5) continue;
        const double s = std::max(double(w) / p.imageWidth, double(h) / p.imageHeight);
        const double ox = (p.imageWidth * s - w) / 2, oy = (p.imageHeight * s - h) / 2;
        for (const auto& k : p.keypoints)
          kps.push_back({float(k[0] * s - ox), float(k[1] * s - oy)});
        break;
      }
      if (kps.empty())
        throw Error("face keypoints: give a control image with a face, or photos of identity A");
    }
    return faceKeypointPicture(w, h, kps);
  }
  if (c.image.empty()) throw Error("ControlNet " + c.model + ": no control image given");
  const RgbImage picture = coverPicture(loadPicture(c.image), w, h);
  return c.preprocess == ControlPreprocess::Canny ? cannyPicture(picture, c.cannyLow, c.cannyHigh)
                                                  : picture;
}

RgbImage StudioSession::previewControl(const ControlSetting& c, int w, int h) {
  return controlImage(c, w, h);
}

RgbImage StudioSession::detailFaces(const RgbImage& image, const GenerationSettings& s,
                                    const ProgressCallback& progress, const CancelToken* cancel) {
  checkFaceDetail(s.faceDetail);
  applyStack(s, cancel);
  GenerateRequest r = requestOf(s);
  RgbImage out = image;
  faceDetailPass(s, r, out, progress, cancel);
  return out;
}

void StudioSession::addControls(const GenerationSettings& s, int w, int h, GenerateRequest& r) {
  r.controls.clear();
  for (const ControlSetting& c : s.controls) {  // their windows: checkSettings
    ControlInput in;
    in.net = controlNet(c.model).get();  // kept alive by the cache
    in.image = toTensor(controlImage(c, w, h), false);
    in.scale = c.scale;
    in.start = c.start;
    in.end = c.end;
    in.type = controlTypeOf(c, *in.net);
    r.controls.push_back(in);
  }
}

void StudioSession::hiresPass(const GenerationSettings& s, const GenerateRequest& first,
                              Generation& g, const ProgressCallback& progress,
                              const CancelToken* cancel) {
  const HiresSettings& hr = s.hires;  // its ranges: checkSettings
  const int w = round8(first.width * hr.scale), h = round8(first.height * hr.scale);
  reportStage(progress, "hires fix", 0, 1);
  GenerateRequest r = first;
  r.initialLatents = at::Tensor();
  r.ancestralNoise.clear();
  r.steps = hr.steps > 0 ? hr.steps : first.steps;
  r.strength = hr.denoise;
  if (hr.upscaler == "latent") {
    r.initLatents = at::upsample_nearest2d(g.latents.to(at::kFloat), {h / 8, w / 8});
  } else if (hr.upscaler == "lanczos") {
    r.initImage = toTensor(resizePicture(g.image, w, h), true);
  } else {
    throw Error("hires fix: unknown upscaler \"" + hr.upscaler + "\" (lanczos or latent)");
  }
  addControls(s, w, h, r);
  GenerateResult res = pipeline().generate(r, progress, cancel);
  g.image = std::move(res.rgb);
  g.latents = res.latents;
  g.stepSeconds.insert(g.stepSeconds.end(), res.stepSeconds.begin(), res.stepSeconds.end());
}

namespace {

// Whether `mask` (one value per pixel of a `width`-wide image) is above 0 anywhere in `box`.
bool touches(const std::vector<float>& mask, int width, const std::array<float, 4>& box) {
  const int height = int(mask.size()) / width;
  const int x0 = std::clamp(int(box[0]), 0, width), x1 = std::clamp(int(box[0] + box[2]), 0, width);
  const int y0 = std::clamp(int(box[1]), 0, height);
  const int y1 = std::clamp(int(box[1] + box[3]), 0, height);
  for (int y = y0; y < y1; ++y)
    for (int x = x0; x < x1; ++x)
      if (mask[size_t(y) * width + x] > 0.f) return true;
  return false;
}

// `box` (side x side at x, y) limited to what `within` lets change, when given.
void limitTo(std::vector<float>& box, int side, const std::vector<float>& within, int width, int x,
             int y) {
  if (within.empty()) return;
  for (int r = 0; r < side; ++r)
    for (int c = 0; c < side; ++c)
      box[size_t(r) * side + c] *= within[size_t(y + r) * width + x + c];
}

}  // namespace

void StudioSession::faceDetailPass(const GenerationSettings& s, const GenerateRequest& first,
                                   RgbImage& image, const ProgressCallback& progress,
                                   const CancelToken* cancel, const std::vector<float>& within) {
  const FaceDetailSettings& fd = s.faceDetail;
  std::vector<DetectedFace> faces = faceStack().detect(image);
  // After inpainting, faces outside the repainted area stay as they were.
  if (!within.empty())
    faces.erase(
        std::remove_if(faces.begin(), faces.end(),
                       [&](const DetectedFace& f) { return !touches(within, image.width, f.box); }),
        faces.end());
  std::sort(faces.begin(), faces.end(), [](const DetectedFace& a, const DetectedFace& b) {
    return a.box[2] * a.box[3] > b.box[2] * b.box[3];  // largest first
  });
  for (size_t i = 0; i < faces.size(); ++i) {
    if (cancel) cancel->throwIfCancelled();
    reportStage(progress, "face detail", int(i), int(faces.size()));
    const auto& b = faces[i].box;
    // A square crop about `crop` times the face, moved inside the image.
    const int side =
        std::min({int(std::lround(std::max(b[2], b[3]) * fd.crop)), image.width, image.height});
    const int x = std::clamp(int(std::lround(b[0] + b[2] / 2 - side / 2.0)), 0, image.width - side);
    const int y =
        std::clamp(int(std::lround(b[1] + b[3] / 2 - side / 2.0)), 0, image.height - side);
    const RgbImage crop = cropPicture(image, x, y, side, side);
    const int size = round8(fd.longSide);
    GenerateRequest r = first;
    r.initialLatents = at::Tensor();
    r.ancestralNoise.clear();
    r.controls.clear();     // the ControlNets steer the whole picture, not the face crop
    r.mask = at::Tensor();  // an inpainting mask is the whole picture's; the crop is img2img
    r.initImage = toTensor(resizePicture(crop, size, size), true);
    r.strength = fd.denoise;
    r.steps = faceDetailSchedule(fd);
    const RgbImage redone = resizePicture(pipeline().generate(r, {}, cancel).rgb, side, side);
    std::vector<float> blend = softBox(side, side, {b[0] - x, b[1] - y, b[2], b[3]}, fd.feather);
    limitTo(blend, side, within, image.width, x, y);
    composite(image, redone, blend, x, y);
  }
  reportStage(progress, "face detail", int(faces.size()), int(faces.size()));
}

}  // namespace hl::studio
