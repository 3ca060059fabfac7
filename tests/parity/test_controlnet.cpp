// Kinds controlnet, unet_controlnet and controlnet_single_file: the ControlNet forward from its
// diffusers folder, the UNet with its residuals, and the same ControlNet from one file without
// a config (widths, depths and block types inferred from the tensors).
#include "check.h"
#include "golden.h"
#include "safetensors/safetensors.h"
#include "sdxl_cases.h"

using namespace hl;

namespace {

UnetConfig baseUnet(const golden::GoldenSet& g) {
  return UnetConfig::fromJson(json::parseFile(
      g.path(g.manifest().at("components").at("sdxl").at("unet_config").asString())));
}

ControlNet loadNet(const golden::GoldenSet& g, const std::string& path) {
  const Place p = golden::testPlace(Component::ControlNet);
  return ControlNet::load(g.path(path), baseUnet(g), p.dtype, p.device);
}

Unet loadUnet(const golden::GoldenSet& g, const golden::Case& c) {
  const Place p = golden::testPlace(Component::Unet);
  return Unet::load(g.path(c.entry->at("config").asString()),
                    g.path(c.entry->at("weights").asString()), p.dtype, p.device);
}

}  // namespace

HL_TEST(everyControlNetCase) {
  golden::forEachCase("controlnet", [](const golden::GoldenSet& g, const golden::Case& c) {
    const std::string weights = c.entry->at("weights").asString();
    const ControlNet net = loadNet(g, weights.substr(0, weights.rfind('/')));
    HL_CHECK_EQ(net.config().numResiduals(), c.entry->at("num_down_block_res_samples").asInt());
    golden::expectOk(c, golden::runControlNetCase(g, c, net));
  });
}

HL_TEST(everyUnetControlNetCase) {
  golden::forEachCase("unet_controlnet", [](const golden::GoldenSet& g, const golden::Case& c) {
    golden::expectOk(c, golden::runUnetControlNetCase(g, c, loadUnet(g, c)));
  });
}

HL_TEST(singleFileControlNet) {
  golden::forEachCase(
      "controlnet_single_file", [](const golden::GoldenSet& g, const golden::Case& c) {
        const json::Value& e = *c.entry;
        auto f = st::File::open(g.path(e.at("weights").asString()));
        HL_CHECK_EQ(int64_t(f->tensors().size()), e.at("num_tensors").asInt());
        HL_CHECK(f->find(e.at("detect_key").asString()) != nullptr);
        // The inferred config equals the folder's own.
        ControlNetConfig inferred = ControlNetConfig::infer(*f, baseUnet(g));
        const ControlNetConfig own = ControlNetConfig::fromJson(
            json::parseFile(g.path(e.at("equivalent_folder").asString() + "/config.json")));
        inferred.unet.sampleSize = own.unet.sampleSize;  // metadata only: no tensor carries it
        HL_CHECK_EQ(json::dump(inferred.unet.toJson()), json::dump(own.unet.toJson()));
        HL_CHECK_EQ(inferred.conditioningChannels, own.conditioningChannels);
        const ControlNet net = loadNet(g, e.at("weights").asString());
        int ran = 0;
        for (const auto& rv : e.at("rerun_cases").elements()) {
          const golden::Case& rc = g.at(rv.asString());
          test::Scope scope("rerun " + rc.name);
          if (rc.kind == "controlnet") {
            golden::expectOk(rc, golden::runControlNetCase(g, rc, net));
            ++ran;
          } else if (rc.kind == "unet_controlnet") {
            // Its residuals come from the controlnet case: run them from the single file instead.
            const golden::Case& cn = *g.casesOfKind("controlnet").front();
            const double scale = g.tensor(cn, "input.conditioning_scale").item<double>();
            UnetInputs in{g.tensor(rc, "input.sample"), g.tensor(rc, "input.timestep"),
                          g.tensor(rc, "input.encoder_hidden_states"),
                          g.tensor(rc, "input.text_embeds"), g.tensor(rc, "input.time_ids")};
            ControlResiduals r = net.forward(
                in, controlImageTensor(g.tensor(cn, "input.controlnet_cond_hwc_uint8")), scale);
            golden::Comparator cmp(rc.tolerance);
            cmp.compare("output.sample", loadUnet(g, rc).forward(in, {}, &r),
                        g.tensor(rc, "output.sample"));
            golden::expectOk(rc, cmp);
            ++ran;
          } else {
            continue;  // pipeline_controlnet: rerun by test_pipeline_conditioning
          }
        }
        HL_CHECK(ran > 0);
      });
}
