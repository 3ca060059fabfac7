// Kinds pipeline_controlnet, pipeline_img2img and pipeline_inpaint end to end, with every random
// draw taken from the case; and pipeline_controlnet again with the ControlNet loaded from its
// single file (kind controlnet_single_file's rerun).
#include <map>

#include "check.h"
#include "golden.h"
#include "sdxl_cases.h"

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
