// The studio session driven headless on the demo pack (no Qt, no faces): one load, the record of
// each image, a declared LoRA stack that merges only what changed, user LoRAs added, re-weighted
// and removed (the weights restored bit for bit).
#include <ATen/ATen.h>

#include <limits>

#include "check.h"
#include "models/configs.h"
#include "models/demo_pack.h"
#include "process_stats.h"
#include "runtime/device_memory.h"
#include "sdxl/memory_estimate.h"
#include "sdxl/pipeline.h"
#include "studio/session.h"
#include "tensor/tensor_io.h"
#include "util/error.h"

using namespace hl;
using namespace hl::studio;

namespace {

test::TempDir tmp_;
std::string pack_, loraPath_;
std::vector<std::string> loraWeights_;  // the UNet weights the test LoRA touches

// A kohya LoRA on every attention projection of the demo UNet, random, rank 2.
void writeTestLora(const std::string& path) {
  const UnetConfig cfg =
      UnetConfig::fromJson(json::parseFile(pack_ + "/diffusers/sdxl-demo/unet/config.json"));
  st::NamedTensors t;
  at::manual_seed(9);
  for (const auto& m : unetAttentionModules(cfg)) {
    for (const char* proj : {"to_q", "to_k"}) {
      const std::string name = kohyaName(m.path) + "_" + proj;
      const int64_t in = std::string(proj) == "to_k" && m.crossAttentionDim > 0
                             ? m.crossAttentionDim
                             : m.hiddenSize;
      t.emplace_back(name + ".lora_down.weight", at::randn({2, in}) * 0.1);
      t.emplace_back(name + ".lora_up.weight", at::randn({m.hiddenSize, 2}) * 0.1);
      t.emplace_back(name + ".alpha", at::full({}, 2.0));
      loraWeights_.push_back(m.path + "." + proj + ".weight");
    }
  }
  st::writeTensors(path, t);
}

ModelChoice demoChoice() {
  ModelChoice c;
  c.root = pack_;
  c.placement.device = "cpu";
  c.placement.precision = Precision::Float32;
  return c;
}

GenerationSettings small() {
  GenerationSettings s;
  s.prompt = "a portrait, (soft light:1.1)";
  s.negativePrompt = "blurry";
  s.width = s.height = 64;
  s.steps = 2;
  s.seed = 7;
  s.sampler = SamplerKind::EulerAncestral;
  return s;
}

}  // namespace

HL_SETUP() {
  pack_ = tmp_.path() + "/pack";
  writeDemoPack(pack_);
  loraPath_ = tmp_.path() + "/style.safetensors";
  writeTestLora(loraPath_);
}

HL_TEST(oneLoadAndARecordPerImage) {
  StudioSession s;
  HL_CHECK(s.open(demoChoice()));
  HL_CHECK(!s.open(demoChoice()));  // the same choice loads nothing
  const Generation g = s.generate(small());
  HL_CHECK_EQ(g.image.width, 64);
  HL_CHECK_EQ(g.record.settings.prompt, small().prompt);
  HL_CHECK_EQ(g.record.settings.promptSent(), small().prompt);  // no identity: no trigger words
  HL_CHECK(g.record.demo);
  HL_CHECK_EQ(g.record.modelHash.size(), size_t(10));
  HL_CHECK(
      test::contains(g.record.a1111(), "Sampler: Euler a, CFG scale: 5.0, Seed: 7, Size: 64x64"));
  // The same seed gives the same image.
  const Generation again = s.generate(small());
  HL_CHECK(again.image.pixels == g.image.pixels);
  HL_CHECK_EQ(s.stats().modelLoads, 1);
  HL_CHECK_EQ(s.stats().lastStack.merged, size_t(0));
  // A new placement is a new load.
  ModelChoice bf16 = demoChoice();
  bf16.placement.precision = Precision::BFloat16;
  HL_CHECK(s.open(bf16));
  HL_CHECK_EQ(s.stats().modelLoads, 2);
  HL_CHECK_EQ(s.placement().of(Component::Unet).dtype, c10::kBFloat16);
}

HL_TEST(userLorasMergeOnlyWhatChanged) {
  StudioSession s;
  s.open(demoChoice());
  nn::Weights& w = s.pipeline().unet().weights();
  std::map<std::string, at::Tensor> original;
  for (const auto& n : loraWeights_) original[n] = w.get(n).clone();
  const at::Tensor untouched = w.get("conv_in.weight");

  GenerationSettings st = small();
  st.loras.push_back({loraPath_, 0.8});
  StackReport r = s.applyStack(st);
  HL_CHECK_EQ(r.merged, loraWeights_.size());
  HL_CHECK(r.unmatched.empty());
  for (const auto& n : loraWeights_) HL_CHECK(!at::equal(w.get(n), original[n]));
  HL_CHECK_EQ(w.get("conv_in.weight").data_ptr(), untouched.data_ptr());
  const Generation g = s.generate(st);
  HL_CHECK_EQ(s.stats().lastStack.merged, size_t(0));  // unchanged stack: nothing merged
  HL_CHECK_EQ(s.stats().lastStack.kept, loraWeights_.size());
  HL_CHECK(test::contains(g.record.a1111(), "a portrait, (soft light:1.1) <lora:style:0.8>\n"));

  // A new strength recomputes exactly the LoRA's weights, from the originals.
  st.loras[0].strength = -0.5;
  r = s.applyStack(st);
  HL_CHECK_EQ(r.merged, loraWeights_.size());
  const LoraFile f = LoraFile::load(loraPath_);
  for (const auto& l : f.layers) {
    if (l.module.find("down_blocks_1_attentions_0_transformer_blocks_0_attn1_to_q") ==
        std::string::npos)
      continue;
    const std::string n = "down_blocks.1.attentions.0.transformer_blocks.0.attn1.to_q.weight";
    const at::Tensor expected = original[n] + at::mm(l.up, l.down) * (-0.5 * l.scale());
    HL_CHECK((w.get(n) - expected).abs().max().item<double>() < 1e-6);
  }
  // Removed: every weight back to its original bits.
  st.loras.clear();
  r = s.applyStack(st);
  HL_CHECK_EQ(r.restored, loraWeights_.size());
  for (const auto& n : loraWeights_) HL_CHECK(at::equal(w.get(n), original[n]));
  HL_CHECK_EQ(s.stats().modelLoads, 1);
}

// LoRAs at run time (the memory-saving modes' default): the weights are never rewritten, and
// the image equals the merged one to fp32 rounding.
HL_TEST(runtimeLorasMatchMergedImages) {
  ModelChoice resident = demoChoice(), offload = demoChoice(), merged = demoChoice();
  offload.placement.memory = MemoryMode::OffloadText;
  merged.placement.memory = MemoryMode::OffloadText;
  merged.placement.lora = LoraApply::Merge;
  StudioSession a, b;
  a.open(resident);
  HL_CHECK(a.placement().lora == LoraApply::Merge);  // auto: merged when resident
  b.open(offload);
  HL_CHECK(b.placement().lora == LoraApply::Runtime);  // auto: at run time when saving memory
  HL_CHECK(choosePlacement(merged.placement).lora == LoraApply::Merge);  // asked for wins
  nn::Weights& w = b.pipeline().unet().weights();
  std::map<std::string, const void*> before;
  for (const auto& n : loraWeights_) before[n] = w.get(n).data_ptr();
  GenerationSettings st = small();
  for (double strength : {0.8, -0.5}) {
    st.loras = {{loraPath_, strength}};
    const Generation ga = a.generate(st), gb = b.generate(st);
    HL_CHECK_EQ(b.stats().lastStack.merged, loraWeights_.size());  // each weight's term replaced
    for (const auto& n : loraWeights_) {
      HL_CHECK_MSG(w.get(n).data_ptr() == before[n], n.c_str());
      HL_CHECK(w.lowRank(n) && w.lowRank(n)->size() == 1);
    }
    const double d = (ga.latents - gb.latents).abs().max().item<double>();
    HL_CHECK_MSG(d < 1e-4, test::format("strength %g: max |diff| of the latents %g", strength, d));
    HL_CHECK(!at::equal(gb.latents, b.generate(small()).latents));  // the LoRA matters
    HL_CHECK_EQ(w.lowRankWeights(), size_t(0));                     // and is gone without it
  }
  HL_CHECK_EQ(b.stats().modelLoads, 1);
}

HL_TEST(badLoraIsRefusedAndLosesNothing) {
  StudioSession s;
  s.open(demoChoice());
  nn::Weights& w = s.pipeline().unet().weights();
  const std::string n = loraWeights_.front();
  const at::Tensor before = w.get(n).clone();
  // A LoRA whose shapes do not fit this UNet: a clear error naming the weight, weights intact.
  const std::string bad = tmp_.path() + "/misfit.safetensors";
  const std::string module =
      "lora_unet_" + std::string("down_blocks_1_attentions_0_transformer_blocks_0_attn1_to_q");
  st::writeTensors(bad, {{module + ".lora_down.weight", at::randn({2, 7})},
                         {module + ".lora_up.weight", at::randn({5, 2})}});
  GenerationSettings st = small();
  st.loras = {{loraPath_, 1.0}, {bad, 1.0}};
  HL_CHECK_THROWS_WITH("does not fit the weight", s.applyStack(st));
  HL_CHECK(at::equal(w.get(n), before));
  HL_CHECK_THROWS_WITH("LoRA file not found", s.generate([] {
    GenerationSettings m = small();
    m.loras = {{"/no/such/file.safetensors", 1.0}};
    return m;
  }()));
  // The session still works.
  HL_CHECK_EQ(s.generate(small()).image.width, 64);
}

// Settings that cannot run are refused before any model is needed, each with what to change; a
// face-detail denoise of 0 no longer divides by zero after the first pass.
HL_TEST(settingsAreCheckedWithoutModels) {
  const auto refused = [](const char* what, auto change) {
    GenerationSettings st = small();
    change(st);
    test::Scope scope(what);
    HL_CHECK_THROWS_WITH(what, StudioSession::checkSettings(st));
  };
  StudioSession::checkSettings(small());  // the ordinary case passes
  refused("steps must be between 1 and 1000", [](GenerationSettings& s) { s.steps = 0; });
  refused("must be a multiple of 8", [](GenerationSettings& s) { s.width = 70; });
  refused("strength must be above 0",
          [](GenerationSettings& s) { s.edit.initImage = "photo.png", s.edit.strength = 0; });
  refused("the hires fix is for text to image",
          [](GenerationSettings& s) { s.hires.enabled = true, s.edit.initImage = "photo.png"; });
  refused("the scale must be above 1",
          [](GenerationSettings& s) { s.hires.enabled = true, s.hires.scale = 1.0; });
  refused("unknown upscaler \"bicubic\"",
          [](GenerationSettings& s) { s.hires.enabled = true, s.hires.upscaler = "bicubic"; });
  refused("face detail: the denoise must be above 0",
          [](GenerationSettings& s) { s.faceDetail.enabled = true, s.faceDetail.denoise = 0; });
  refused("face detail: the crop must be 1 to 8 times the face",
          [](GenerationSettings& s) { s.faceDetail.enabled = true, s.faceDetail.crop = 0; });
  refused("face detail: the crop's long side must be between 64 and 4096",
          [](GenerationSettings& s) { s.faceDetail.enabled = true, s.faceDetail.longSide = 0; });
  refused("face detail: the feather must be between 0 and 512",
          [](GenerationSettings& s) { s.faceDetail.enabled = true, s.faceDetail.feather = -1; });
  refused("face detail: the steps must be between 1 and 1000",
          [](GenerationSettings& s) { s.faceDetail.enabled = true, s.faceDetail.steps = 0; });
  refused("face detail: 100 steps at denoise 0.05 need a schedule of 2000 steps, over 1000",
          [](GenerationSettings& s) {
            s.faceDetail.enabled = true, s.faceDetail.steps = 100, s.faceDetail.denoise = 0.05;
          });
  refused("strength 0.4 of 2 steps leaves no step to run",
          [](GenerationSettings& s) { s.edit.initImage = "photo.png", s.edit.strength = 0.4; });
  refused("hires fix: denoise 0.3 of 2 steps leaves no step to run",
          [](GenerationSettings& s) { s.hires.enabled = true, s.hires.denoise = 0.3; });
  refused("hires fix: the steps must be between 0",
          [](GenerationSettings& s) { s.hires.enabled = true, s.hires.steps = -2; });
  refused("ControlNet canny.safetensors: start and end must satisfy", [](GenerationSettings& s) {
    ControlSetting c;
    c.model = "canny.safetensors", c.start = 0.6, c.end = 0.4;
    s.controls = {c};
  });
  refused("/no/canny-sdxl: ControlNet not found", [](GenerationSettings& s) {
    ControlSetting c;
    c.model = "/no/canny-sdxl", c.image = loraPath_;
    s.controls = {c};
  });
  refused("/no/pose.png: control image not found", [](GenerationSettings& s) {
    ControlSetting c;
    c.model = loraPath_, c.image = "/no/pose.png";
    s.controls = {c};
  });
  refused("identity mix must be between 0 (A) and 1 (B)", [](GenerationSettings& s) {
    s.identity.photosA = {"a.jpg"}, s.identity.photosB = {"b.jpg"}, s.identity.mix = 1.5;
  });
  const double nan = std::numeric_limits<double>::quiet_NaN();
  refused("CFG must be a number from 0 to 100", [&](GenerationSettings& s) { s.cfg = nan; });
  refused("guidance rescale must be a number",
          [](GenerationSettings& s) { s.guidanceRescale = 2; });
  refused("strength must be above 0",
          [&](GenerationSettings& s) { s.edit.initImage = "photo.png", s.edit.strength = nan; });
  refused("identity strength must be a number",
          [&](GenerationSettings& s) { s.identity.strength = nan; });
  refused("the strength must be a number from -10 to 10", [&](GenerationSettings& s) {
    s.loras = {{loraPath_, nan}};
  });
  refused("hires fix: the scale must be above 1",
          [&](GenerationSettings& s) { s.hires.enabled = true, s.hires.scale = nan; });
  refused("start and end must satisfy", [&](GenerationSettings& s) {
    ControlSetting c;
    c.model = loraPath_, c.start = nan;
    s.controls = {c};
  });
  refused("/no/such.safetensors: LoRA file not found", [](GenerationSettings& s) {
    s.loras = {{"/no/such.safetensors", 0.8}};
  });
  refused("/no/such.png: image file not found",
          [](GenerationSettings& s) { s.edit.initImage = "/no/such.png"; });
  StudioSession idle;  // the face-detail pass on a picture checks its numbers first too
  GenerationSettings wide = small();
  wide.faceDetail.crop = 20;
  const RgbImage picture{64, 64, std::vector<uint8_t>(64 * 64 * 3, 128)};
  HL_CHECK_THROWS_WITH("face detail: the crop must be 1 to 8 times the face",
                       idle.detailFaces(picture, wide));
  GenerationSettings withLora = small();
  withLora.loras = {{loraPath_, 0.8}};
  StudioSession::checkSettings(withLora);  // an existing LoRA passes
}

// A size whose activations cannot fit in this machine's memory is refused before anything is
// allocated (the process is not killed), and the session goes on.
HL_TEST(tooLargeIsRefusedBeforeAllocation) {
  StudioSession s;
  s.open(demoChoice());
  GenerationSettings big = small();
  big.width = big.height = 65536;
  EstimateInput in;
  in.width = in.height = 65536;
  in.decodeTile = 96;
  const ActivationEstimate e =
      estimateActivations(s.pipeline().unet().config(), s.pipeline().vae().config(), in);
  const DeviceMemory mem = deviceMemory(c10::Device("cpu"));
  HL_CHECK(mem.totalBytes > 0);
  if (e.total() <= mem.totalBytes) {
    test::skipCase("tooLargeIsRefusedBeforeAllocation",
                   "this machine has more memory than 65536x65536 needs");
    return;
  }
  const long peakBefore = test::statusField("VmHWM:");
  try {
    s.generate(big);
    HL_FAIL("65536x65536 was not refused");
  } catch (const OutOfMemory& ex) {
    HL_CHECK_MSG(test::contains(ex.what(), "65536x65536 needs at least"), ex.what());
    HL_CHECK_MSG(test::contains(ex.what(), "nothing was started"), ex.what());
  }
  HL_CHECK(test::statusField("VmHWM:") - peakBefore < 200 * 1024);  // nothing big was touched
  HL_CHECK_EQ(s.generate(small()).image.width, 64);
}

HL_TEST(identityNeedsFaceModelsOrSaysWhy) {
  StudioSession s;
  s.open(demoChoice());
  std::string why;
  HL_CHECK(!s.identitiesAvailable(&why));  // the demo pack has no face models
  HL_CHECK(test::contains(why, "face models"));
  GenerationSettings st = small();
  st.identity.photosA = {"/nonexistent/a.jpg"};
  HL_CHECK_THROWS_WITH("face models", s.generate(st));
  HL_CHECK(s.hasBaseLora());  // the demo variant has Base-LoRA weights
}
