// Kinds pipeline_controlnet, pipeline_img2img and pipeline_inpaint end to end, with every random
// draw taken from the case; and pipeline_controlnet again with the ControlNet loaded from its
// single file (kind controlnet_single_file's rerun). And the 9-channel inpainting UNet, which this
// reference set has no case of, through a copy of the inpainting case's model with a widened
// conv_in.
#include <ATen/ATen.h>

#include <filesystem>
#include <map>
#include <optional>

#include "check.h"
#include "golden.h"
#include "models/discovery.h"
#include "models/model_check.h"
#include "sdxl/single_file.h"
#include "sdxl_cases.h"
#include "tensor/tensor_io.h"
#include "util/fs.h"
#include "util/json.h"

using namespace hl;

namespace {

SdxlPipeline& pipelineFor(const golden::GoldenSet& g, const golden::Case& c) {
  static std::map<std::string, std::unique_ptr<SdxlPipeline>> models;
  const std::string model = c.entry->at("model").asString();
  if (!models.count(model))
    models[model] =
        SdxlPipeline::loadDiffusers(g.path(model), golden::testPlacement(), g.path("tokenizer"));
  return *models[model];
}

ControlNet controlNetFor(const golden::GoldenSet& g, SdxlPipeline& p, const std::string& path) {
  const Place place = golden::testPlace(Component::ControlNet);
  return ControlNet::load(g.path(path), p.unet().config(), place.dtype, place.device);
}

// A writable copy of the model `model` in `dir` whose UNet is a 9-channel inpainting UNet: conv_in
// gains the mask channel and the masked image's latent channels, with weights `scale` times a
// fixed random draw (0: the extra channels change nothing).
std::string nineChannelCopy(const golden::GoldenSet& g, const std::string& model,
                            const std::string& dir, double scale) {
  namespace sfs = std::filesystem;
  for (const auto& f : sfs::recursive_directory_iterator(g.path(model))) {
    const sfs::path to = sfs::path(dir) / sfs::relative(f.path(), g.path(model));
    if (f.is_directory())
      sfs::create_directories(to);
    else
      sfs::copy_file(f.path(), to);
    sfs::permissions(to, sfs::perms::owner_write, sfs::perm_options::add);
  }
  json::Value config = json::parseFile(dir + "/unet/config.json");
  const int64_t lc = config.at("in_channels").asInt();
  config.set("in_channels", 2 * lc + 1);
  hl::fs::writeAtomic(dir + "/unet/config.json", json::dump(config, 2));
  const std::string weights = dir + "/unet/diffusion_pytorch_model.safetensors";
  st::NamedTensors ts;
  {
    auto f = st::File::open(weights);
    for (const auto& t : f->tensors()) {
      at::Tensor v = st::view(f, t).clone();
      if (t.name == "conv_in.weight") {
        at::Generator gen = at::make_generator<at::CPUGeneratorImpl>(11);
        at::Tensor extra = at::randn({v.size(0), lc + 1, v.size(2), v.size(3)}, gen);
        v = at::cat({v, (extra * scale * v.to(at::kFloat).std()).to(v.scalar_type())}, 1);
      }
      ts.emplace_back(t.name, v);
    }
  }
  st::writeTensors(weights, ts);
  return dir;
}

// The 9-channel copy of `model` with extra weights `scale` (0 or 1), made and loaded once per run:
// the cases of one model share it.
struct NineChannelModel {
  std::string folder;
  std::unique_ptr<SdxlPipeline> pipeline;
};
const NineChannelModel& nineChannel(const golden::GoldenSet& g, const std::string& model,
                                    double scale) {
  static test::TempDir dir;  // outlives the pipelines below, which map its files
  static std::map<std::pair<std::string, double>, NineChannelModel> copies;
  NineChannelModel& m = copies[{model, scale}];
  if (!m.pipeline) {
    m.folder =
        nineChannelCopy(g, model, dir.file(model + (scale == 0 ? "-inert" : "-live")), scale);
    m.pipeline =
        SdxlPipeline::loadDiffusers(m.folder, golden::testPlacement(), g.path("tokenizer"));
  }
  return m;
}

}  // namespace

HL_TEST(controlNetPipeline) {
  golden::forEachCase("pipeline_controlnet", [](const golden::GoldenSet& g, const golden::Case& c) {
    SdxlPipeline& p = pipelineFor(g, c);
    const ControlNet net = controlNetFor(g, p, c.entry->at("controlnet").asString());
    golden::expectOk(c, golden::runPipelineCase(g, c, p, &net));
  });
}

HL_TEST(controlNetPipelineFromSingleFile) {
  golden::forEachCase(
      "controlnet_single_file", [](const golden::GoldenSet& g, const golden::Case& sf) {
        for (const auto& rv : sf.entry->at("rerun_cases").elements()) {
          const golden::Case& c = g.at(rv.asString());
          if (c.kind != "pipeline_controlnet") continue;  // the others are rerun by test_controlnet
          test::Scope scope("rerun " + c.name);
          SdxlPipeline& p = pipelineFor(g, c);
          const ControlNet net = controlNetFor(g, p, sf.entry->at("weights").asString());
          golden::expectOk(c, golden::runPipelineCase(g, c, p, &net));
        }
      });
}

HL_TEST(img2imgPipeline) {
  golden::forEachCase("pipeline_img2img", [](const golden::GoldenSet& g, const golden::Case& c) {
    golden::expectOk(c, golden::runPipelineCase(g, c, pipelineFor(g, c)));
  });
}

HL_TEST(inpaintPipeline) {
  golden::forEachCase("pipeline_inpaint", [](const golden::GoldenSet& g, const golden::Case& c) {
    if (c.entry->intOr("unet_in_channels", 4) != pipelineFor(g, c).unet().config().inChannels)
      HL_FAIL("the case's unet_in_channels differs from its model's UNet");
    golden::expectOk(c, golden::runPipelineCase(g, c, pipelineFor(g, c)));
  });
}

// The 9-channel UNet gets [latents, mask, masked image latents] as diffusers assembles them, and
// its latents are never blended with the image: with zero weights on the extra channels the run
// is exactly img2img with the ordinary UNet.
HL_TEST(nineChannelInpaintUnet) {
  golden::forEachCase("pipeline_inpaint", [](const golden::GoldenSet& g, const golden::Case& c) {
    SdxlPipeline& ordinary = pipelineFor(g, c);
    const int64_t lc = ordinary.vae().config().latentChannels;
    if (ordinary.unet().config().inChannels != lc)
      return test::skipCase(c.name, "its UNet is not an ordinary one (inpaintPipeline runs it)");
    const std::string model = c.entry->at("model").asString();
    const GenerateRequest r = golden::pipelineRequest(g, c);
    golden::Comparator cmp(c.tolerance);

    const NineChannelModel& inertModel = nineChannel(g, model, 0.0);
    SdxlPipeline* inert = inertModel.pipeline.get();
    HL_CHECK_EQ(inert->unet().config().inChannels, 2 * lc + 1);
    // The model check says what it is, in the folder and as a single file.
    test::TempDir dir;
    writeSingleFile(inertModel.folder, dir.file("inert.safetensors"));
    for (const std::string& m : {inertModel.folder, dir.file("inert.safetensors")}) {
      const std::string report = verifyModelSet(discoverModels(m)).report();
      HL_CHECK_MSG(test::contains(report, "an inpainting UNet (9 input channels)"), report);
    }
    const GenerateResult a = inert->generate(r);
    GenerateRequest img2img = r;
    img2img.mask = at::Tensor(), img2img.maskedImageVaeSampleNoise = at::Tensor();
    const GenerateResult b = ordinary.generate(img2img);
    cmp.compare("latents (inert extra channels vs img2img)", a.latents, b.latents);
    cmp.compare("image (inert extra channels vs img2img)", a.image, b.image);

    SdxlPipeline* live = nineChannel(g, model, 1.0).pipeline.get();
    std::map<std::string, at::Tensor> seen;
    const GenerateResult d = live->generate(
        r, {}, nullptr, [&](const std::string& n, const at::Tensor& v) { seen[n] = v; });
    const auto ref = [&](const char* n) { return g.tensor(c, std::string("intermediate.") + n); };
    const int64_t rows = r.guidanceScale > 1.0 ? 2 : 1;
    const at::Tensor sample =
        at::cat({ref("unet_call0.sample"), ref("mask_latents").repeat({rows, 1, 1, 1}),
                 ref("masked_image_latents").repeat({rows, 1, 1, 1})},
                1);
    cmp.compare("unet_call0.sample (9 channels)", seen.at("unet_call0.sample"), sample);
    const UnetInputs in{sample, ref("unet_call0.timestep"), ref("unet_call0.encoder_hidden_states"),
                        ref("unet_call0.text_embeds"), ref("unet_call0.time_ids")};
    cmp.compare("unet_call0.output (9 channels)", seen.at("unet_call0.output"),
                live->unet().forward(in));
    golden::expectOk(c, cmp);
    const double moved = (d.latents.to(at::kFloat).cpu() - a.latents.to(at::kFloat).cpu())
                             .abs()
                             .max()
                             .item<double>();
    test::infof("the extra channels move the latents by max|diff| %.3g", moved);
    HL_CHECK_MSG(moved > 1e-2, "the mask and masked image channels do not reach the UNet");
  });
}

// Without a mask a 9-channel UNet repaints everything, as A1111 and ComfyUI run inpainting
// checkpoints: a mask of ones and a black masked image. With inert extra channels, text-to-image,
// img2img and ControlNet (which takes the latents alone) give the reference's own image; with
// live ones the mask channel is all ones.
HL_TEST(nineChannelUnetWithoutAMask) {
  for (const char* kind : {"pipeline", "pipeline_img2img", "pipeline_controlnet"})
    golden::forEachCase(kind, [](const golden::GoldenSet& g, const golden::Case& c) {
      SdxlPipeline& ordinary = pipelineFor(g, c);
      const int64_t lc = ordinary.vae().config().latentChannels;
      if (ordinary.unet().config().inChannels != lc)
        return test::skipCase(c.name, "its UNet is not an ordinary one");
      const std::string model = c.entry->at("model").asString();
      SdxlPipeline* inert = nineChannel(g, model, 0.0).pipeline.get();
      std::optional<ControlNet> net;
      if (c.kind == "pipeline_controlnet")
        net = controlNetFor(g, ordinary, c.entry->at("controlnet").asString());
      const GenerateRequest r = golden::pipelineRequest(g, c, net ? &*net : nullptr);
      golden::Comparator cmp(c.tolerance);
      cmp.compare("output.image (9 channels, no mask)", inert->generate(r).image,
                  g.tensor(c, "output.image"));
      golden::expectOk(c, cmp);
      SdxlPipeline* live = nineChannel(g, model, 1.0).pipeline.get();
      std::map<std::string, at::Tensor> seen;
      live->generate(r, {}, nullptr,
                     [&](const std::string& n, const at::Tensor& v) { seen[n] = v; });
      const at::Tensor mask = seen.at("unet_call0.sample").to(at::kFloat).cpu().select(1, lc);
      HL_CHECK(at::equal(mask, at::ones_like(mask)));
      // From pure noise only the masked image is encoded, not the black image a second time.
      HL_CHECK(seen.count("masked_image_latents") == 1);
      HL_CHECK(seen.count("image_latents") == (c.kind == "pipeline_img2img" ? 1u : 0u));
    });
}
