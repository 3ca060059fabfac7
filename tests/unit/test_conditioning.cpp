// Conditioning through the session on the demo pack: a ControlNet (scale 0 changes nothing, a
// real scale does; the window by start/end), Canny and face-keypoint control images, img2img
// strength, inpainting with the paste-back (pixels outside the soft mask stay exact), the hires
// fix, and every setting through the record's JSON and A1111 text.
#include <ATen/ATen.h>

#include <cmath>

#include "check.h"
#include "models/demo_pack.h"
#include "studio/imaging.h"
#include "studio/png_record.h"
#include "studio/session.h"
#include "vision/image.h"
#include "vision/png_text.h"

using namespace hl;
using namespace hl::studio;

namespace {

test::TempDir tmp_;
std::string pack_, picture_, mask_;
StudioSession* session_ = nullptr;

RgbImage testPicture(int w, int h) {
  RgbImage img;
  img.width = w;
  img.height = h;
  img.pixels.resize(size_t(w) * h * 3);
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x) {
      uint8_t* p = &img.pixels[(size_t(y) * w + x) * 3];
      const bool inside = x > w / 4 && x < 3 * w / 4 && y > h / 4 && y < 3 * h / 4;
      p[0] = inside ? 240 : uint8_t(x * 2);
      p[1] = inside ? 220 : uint8_t(y * 3);
      p[2] = inside ? 30 : 120;
    }
  return img;
}

GenerationSettings base() {
  GenerationSettings s;
  s.prompt = "a sign";
  s.width = 96;
  s.height = 64;
  s.steps = 3;
  s.seed = 11;
  s.sampler = SamplerKind::DpmPP2M;
  return s;
}

ControlSetting control(double scale, double end = 1.0) {
  ControlSetting c;
  c.model = pack_ + "/controlnet/demo-controlnet-sdxl";
  c.image = picture_;
  c.scale = scale;
  c.end = end;
  return c;
}

}  // namespace

HL_SETUP() {
  pack_ = tmp_.path() + "/pack";
  writeDemoPack(pack_);
  picture_ = tmp_.path() + "/picture.png";
  writePngWithText(picture_, testPicture(96, 64), {});
  RgbImage m = testPicture(96, 64);
  for (size_t i = 0; i < m.pixels.size(); i += 3) {
    const size_t px = i / 3;
    const int x = int(px % 96), y = int(px / 96);
    const uint8_t v = (std::hypot(x - 48.0, y - 32.0) < 14) ? 255 : 0;
    m.pixels[i] = m.pixels[i + 1] = m.pixels[i + 2] = v;
  }
  mask_ = tmp_.path() + "/mask.png";
  writePngWithText(mask_, m, {});
  static StudioSession s;
  session_ = &s;
  ModelChoice c;
  c.root = pack_;
  c.placement.device = "cpu";
  c.placement.precision = Precision::Float32;
  s.open(c);
}

HL_TEST(controlNetScaleAndWindow) {
  StudioSession& s = *session_;
  const RgbImage plain = s.generate(base()).image;
  GenerationSettings zero = base();
  zero.controls = {control(0.0)};
  HL_CHECK(s.generate(zero).image.pixels == plain.pixels);  // zero residuals change nothing
  GenerationSettings one = base();
  one.controls = {control(1.0)};
  const Generation g = s.generate(one);
  HL_CHECK(g.image.pixels != plain.pixels);
  // Acting in no executed step (end before the first step's end) is the same as none...
  GenerationSettings early = base();
  early.controls = {control(1.0, 0.2)};
  HL_CHECK(s.generate(early).image.pixels == plain.pixels);
  // ...and two ControlNets add their residuals.
  GenerationSettings two = base();
  two.controls = {control(0.5), control(0.5)};
  HL_CHECK(s.generate(two).image.pixels != plain.pixels);
  HL_CHECK(test::contains(
      g.record.a1111(), "ControlNet 0: \"Module: none, Model: demo-controlnet-sdxl, Weight: 1.0"));
  ControlSetting bad = control(1.0);
  bad.start = 0.8;
  bad.end = 0.4;
  GenerationSettings b = base();
  b.controls = {bad};
  HL_CHECK_THROWS_WITH("start and end", s.generate(b));
}

HL_TEST(unionControlNetTypesAndFusion) {
  StudioSession& s = *session_;
  auto row = [](const std::string& type, double scale) {
    ControlSetting c = control(scale);
    c.model = pack_ + "/controlnet/demo-controlnet-union-promax.safetensors";
    c.type = type;
    return c;
  };
  auto run = [&](std::vector<ControlSetting> rows) {
    GenerationSettings g = base();
    g.controls = std::move(rows);
    return s.generate(g);
  };
  const Generation depth = run({row("depth", 1.0)});
  HL_CHECK(depth.image.pixels != run({row("canny", 1.0)}).image.pixels);  // the type counts
  HL_CHECK(depth.image.pixels != run({row("", 1.0)}).image.pixels);       // auto: plain mode
  // Two rows on one union model fuse; the second's weight changes the fused result.
  const RgbImage fused = run({row("depth", 1.0), row("canny", 0.5)}).image;
  HL_CHECK(fused.pixels != depth.image.pixels);
  HL_CHECK(fused.pixels != run({row("depth", 1.0), row("canny", 0.9)}).image.pixels);
  HL_CHECK(test::contains(depth.record.a1111(), "Union Control Type: depth, Guidance Start"));
  HL_CHECK_EQ(controlFromJson(toJson(row("depth", 1.0))).type, std::string("depth"));
  HL_CHECK_EQ(controlFromJson(toJson(row("", 1.0))).type, std::string());
  HL_CHECK_EQ(parseControlType("mlsd"), std::string("canny"));
  HL_CHECK_THROWS_WITH("unknown control type \"sketchy\"", parseControlType("sketchy"));
  ControlSetting plainTyped = control(1.0);
  plainTyped.type = "depth";
  HL_CHECK_THROWS_WITH("is for union ControlNets", run({plainTyped}));
}

HL_TEST(controlImages) {
  StudioSession& s = *session_;
  ControlSetting c = control(1.0);
  c.preprocess = ControlPreprocess::Canny;
  const RgbImage edges = s.previewControl(c, 96, 64);
  HL_CHECK_EQ(edges.width, 96);
  int white = 0;
  for (uint8_t v : edges.pixels) {
    HL_CHECK(v == 0 || v == 255);
    white += v == 255;
  }
  HL_CHECK(white > 3 * 100);  // the rectangle's outline
  // Face keypoints as InstantID draws them: five discs in its colours on black.
  const std::vector<std::array<float, 2>> kps = {{30, 30}, {66, 30}, {48, 44}, {34, 56}, {62, 56}};
  const RgbImage k = faceKeypointPicture(96, 80, kps);
  auto at = [&](int x, int y) {
    const uint8_t* p = &k.pixels[(size_t(y) * 96 + x) * 3];
    return std::array<int, 3>{p[0], p[1], p[2]};
  };
  HL_CHECK((at(30, 30) == std::array<int, 3>{255, 0, 0}));
  HL_CHECK((at(66, 30) == std::array<int, 3>{0, 255, 0}));
  HL_CHECK((at(48, 44) == std::array<int, 3>{0, 0, 255}));
  HL_CHECK((at(62, 56) == std::array<int, 3>{255, 0, 255}));
  HL_CHECK((at(39, 37) == std::array<int, 3>{153, 0, 0}));  // the eye-nose stick at 60%
  HL_CHECK((at(2, 2) == std::array<int, 3>{0, 0, 0}));
}

HL_TEST(img2imgStrengthAndInpaintPasteBack) {
  StudioSession& s = *session_;
  GenerationSettings st = base();
  st.steps = 10;
  st.edit.initImage = picture_;
  st.edit.strength = 0.45;
  const Generation g = s.generate(st);
  HL_CHECK_EQ(g.stepSeconds.size(), size_t(4));  // int(10 * 0.45) steps re-run
  HL_CHECK(test::contains(g.record.a1111(), "Denoising strength: 0.45"));
  // Inpainting: outside the blurred mask every pixel is the original's.
  st.edit.mask = mask_;
  st.edit.strength = 0.8;
  const Generation in = s.generate(st);
  const RgbImage original = coverPicture(loadPicture(picture_), 96, 64);
  const std::vector<float> soft = pictureMask(loadPicture(mask_), 96, 64, 0, st.edit.maskBlur);
  int outside = 0, changedInside = 0;
  for (size_t p = 0; p < soft.size(); ++p) {
    const bool same =
        std::equal(&in.image.pixels[p * 3], &in.image.pixels[p * 3 + 3], &original.pixels[p * 3]);
    if (soft[p] == 0.f) {
      HL_CHECK(same);
      ++outside;
    } else if (soft[p] > 0.99f) {
      changedInside += !same;
    }
  }
  HL_CHECK(outside > 4000 && changedInside > 100);
  st.edit.pasteBack = false;
  HL_CHECK(s.generate(st).image.pixels != in.image.pixels);
  // The mask grown: more pixels repainted.
  HL_CHECK(test::contains(in.record.a1111(), "Mask blur: 4"));
}

// The mask is drawn on the init image, so it is framed exactly as the image is: an image whose
// size is not a multiple of 8 is cropped to one, and the mask must lose the same columns, not be
// squeezed (which moved it up to 4 px from what was painted on a 1023 px photo).
HL_TEST(maskFramedAsTheInitImage) {
  StudioSession& s = *session_;
  RgbImage band{79, 64, std::vector<uint8_t>(79 * 64 * 3, 0)};  // a white band at x 8..11
  for (int y = 0; y < 64; ++y)
    std::fill(&band.pixels[(size_t(y) * 79 + 8) * 3], &band.pixels[(size_t(y) * 79 + 12) * 3], 255);
  const std::string path = tmp_.path() + "/band.png";
  writePngWithText(path, band, {});
  GenerationSettings st = base();
  st.width = 72, st.height = 64;  // as the studio and the CLI round the image's size down
  st.steps = 2;
  st.edit.initImage = st.edit.mask = path;  // the mask is the band itself
  st.edit.strength = 1.0;
  st.edit.maskBlur = 0;
  const Generation g = s.generate(st);
  const RgbImage original = coverPicture(band, 72, 64);
  int keptOutside = 0, changedOutside = 0, changedBand = 0;
  for (int y = 0; y < 64; ++y)
    for (int x = 0; x < 72; ++x) {
      const size_t p = (size_t(y) * 72 + x) * 3;
      const bool same = std::equal(&g.image.pixels[p], &g.image.pixels[p + 3], &original.pixels[p]);
      const bool white = original.pixels[p] > 127;
      if (white)
        changedBand += !same;
      else
        (same ? keptOutside : changedOutside) += 1;
    }
  test::infof("%d pixels kept beside the band, %d changed; %d of 256 in the band repainted",
              keptOutside, changedOutside, changedBand);
  HL_CHECK_EQ(changedOutside, 0);  // nothing repainted beside the band
  HL_CHECK(changedBand > 64 * 3);  // the band itself repainted
  HL_CHECK(keptOutside > 60 * 64);
}

HL_TEST(hiresFix) {
  StudioSession& s = *session_;
  GenerationSettings st = base();
  st.width = st.height = 64;
  st.steps = 2;
  st.hires.enabled = true;
  st.hires.scale = 1.5;
  for (const char* up : {"lanczos", "latent"}) {
    st.hires.upscaler = up;
    const Generation g = s.generate(st);
    HL_CHECK_EQ(g.image.width, 96);
    HL_CHECK_EQ(g.image.height, 96);
    HL_CHECK_EQ(g.stepSeconds.size(), size_t(2 + 1));  // 2 + int(2 * 0.5)
  }
  GenerationSettings both = st;
  both.edit.initImage = picture_;
  HL_CHECK_THROWS_WITH("hires fix is for text to image", s.generate(both));
}

HL_TEST(conditioningInTheRecord) {
  GenerationRecord r;
  r.settings = base();
  ControlSetting c = control(0.7, 0.7);
  c.preprocess = ControlPreprocess::Canny;
  c.cannyLow = 50;
  r.settings.controls = {c, control(0.6)};
  r.settings.faceDetail.enabled = true;
  r.settings.faceDetail.denoise = 0.4;
  r.settings.hires.enabled = true;
  r.settings.hires.scale = 2;
  const GenerationRecord back = GenerationRecord::fromJson(json::parse(json::dump(r.toJson())));
  HL_CHECK(back.settings.controls == r.settings.controls);
  HL_CHECK(back.settings.hires == r.settings.hires);
  HL_CHECK(back.settings.faceDetail == r.settings.faceDetail);
  const std::string t = r.a1111();
  HL_CHECK(test::contains(t, "Hires upscale: 2.0, Hires upscaler: Lanczos"));
  HL_CHECK(test::contains(t, "ADetailer denoising strength: 0.4"));
  HL_CHECK(test::contains(
      t, "Threshold A: 50, Threshold B: 200, Guidance Start: 0.0, Guidance End: 0.7"));
  // From the text alone (as other tools read it) the settings come back, models by name.
  const GenerationRecord a = GenerationRecord::fromA1111(t);
  HL_CHECK_EQ(a.settings.controls.size(), size_t(2));
  HL_CHECK_EQ(int(a.settings.controls[0].preprocess), int(ControlPreprocess::Canny));
  HL_CHECK_EQ(a.settings.controls[0].cannyLow, 50);
  HL_CHECK_EQ(a.settings.controls[0].end, 0.7);
  HL_CHECK_EQ(a.settings.controls[1].scale, 0.6);
  HL_CHECK(a.settings.hires.enabled);
  HL_CHECK_EQ(a.settings.hires.denoise, 0.5);
  HL_CHECK(a.settings.faceDetail.enabled);
  HL_CHECK_EQ(a.settings.faceDetail.denoise, 0.4);
}
