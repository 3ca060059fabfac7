// Kind `single_file`: load every component from the LDM/SGM single-file checkpoint and rerun the
// listed cases with those weights. Also: a single file written by the project's own writer and
// key mapping from a diffusers folder gives identical weights.
#include <ATen/ops/equal.h>

#include <set>

#include "check.h"
#include "golden.h"
#include "safetensors/safetensors.h"
#include "sdxl/single_file.h"
#include "sdxl_cases.h"
#include "tensor/tensor_io.h"

using namespace hl;

HL_TEST(rerunCasesWithSingleFileWeights) {
  const golden::GoldenSet& g = golden::set();
  auto cases = g.casesOfKind("single_file");
  HL_CHECK(!cases.empty());
  const Placement placement = golden::testPlacement();
  for (const golden::Case* c : cases) {
    const json::Value& e = *c->entry;
    const std::string file = g.path(e.at("weights").asString());
    const std::string folder = g.path(e.at("equivalent_folder").asString());
    // The key groups and tensor count of the file are what the manifest says.
    auto f = st::File::open(file);
    HL_CHECK_EQ(int64_t(f->tensors().size()), e.at("num_tensors").asInt());
    SingleFileModel m = loadSingleFile(file, golden::testPlace(Component::Unet).dtype,
                                       golden::testPlace(Component::Unet).device, folder);
    for (auto [w, comp] : {std::pair{&m.te1, Component::TextEncoders},
                           {&m.te2, Component::TextEncoders},
                           {&m.vae, Component::Vae}})
      w->to(golden::testPlace(comp).device, golden::testPlace(comp).dtype);
    ClipTextEncoder te1(m.te1Config, m.te1), te2(m.te2Config, m.te2);
    Unet unet(m.unetConfig, m.unet);
    Vae vae(m.vaeConfig, m.vae);
    auto pipeline = SdxlPipeline::loadSingleFile(file, placement, g.path("tokenizer"), folder);
    int ran = 0;
    for (const auto& rv : e.at("rerun_cases").elements()) {
      const golden::Case& rc = g.at(rv.asString());
      golden::Comparator cmp(rc.tolerance);
      if (rc.kind == "text_encoder") {
        cmp = golden::runTextEncoderCase(
            g, rc, rc.entry->at("component").asString() == "text_encoder_2" ? te2 : te1);
      } else if (rc.kind == "unet") {
        cmp = golden::runUnetCase(g, rc, unet);
      } else if (rc.kind == "vae_encode" || rc.kind == "vae_decode") {
        cmp = golden::runVaeCase(g, rc, vae);
      } else if (rc.kind == "pipeline") {
        cmp = golden::runPipelineCase(g, rc, *pipeline);
      } else {
        continue;  // kohya_lora_merge: rerun by test_lora with single-file weights
      }
      HL_CHECK_MSG(cmp.ok(), (rc.name + " (single-file weights):\n" + cmp.report()).c_str());
      ++ran;
    }
    hl::test::infof("%s: %d cases rerun with single-file weights", c->name.c_str(), ran);
    HL_CHECK(ran > 0);
  }
}

// The project's own writer and key mapping: a single file made from the diffusers folder has the
// reference single file's tensors (bit for bit) and gives identical outputs.
HL_TEST(ownWriterRoundTrip) {
  const golden::GoldenSet& g = golden::set();
  hl::test::TempDir tmp;
  for (const golden::Case* c : g.casesOfKind("single_file")) {
    const json::Value& e = *c->entry;
    const std::string folder = g.path(e.at("equivalent_folder").asString());
    const std::string ours = tmp.path() + "/ours.safetensors";
    writeSingleFile(folder, ours);
    auto mine = st::File::open(ours), ref = st::File::open(g.path(e.at("weights").asString()));
    std::set<std::string> ignore;
    for (const auto& k : e.at("ignore_keys").elements()) ignore.insert(k.asString());
    for (const auto& t : ref->tensors()) {
      if (ignore.count(t.name)) continue;
      const st::TensorInfo* m = mine->find(t.name);
      HL_CHECK_MSG(m, ("missing in our single file: " + t.name).c_str());
      HL_CHECK_MSG(at::equal(st::view(mine, *m), st::view(ref, t)), t.name.c_str());
    }
    SingleFileModel a = loadSingleFile(ours, golden::testPlace(Component::Unet).dtype,
                                       golden::testPlace(Component::Unet).device, folder);
    Unet unet(a.unetConfig, a.unet);
    golden::Comparator cmp = golden::runUnetCase(g, g.at("unet_b2"), unet);
    HL_CHECK_MSG(cmp.ok(), cmp.report().c_str());
    SingleFileModel b =
        loadSingleFile(g.path(e.at("weights").asString()), golden::testPlace(Component::Unet).dtype,
                       golden::testPlace(Component::Unet).device, folder);
    for (const auto& [name, t] : b.unet.all())
      HL_CHECK_MSG(at::equal(a.unet.get(name), t), name.c_str());
    for (const auto& [name, t] : b.te2.all())
      HL_CHECK_MSG(at::equal(a.te2.get(name), t), name.c_str());
  }
}

// Without a config folder the configs are inferred from shapes: every width and depth that
// shapes determine must agree with the real configs.
HL_TEST(inferredConfigsMatchShapes) {
  const golden::GoldenSet& g = golden::set();
  for (const golden::Case* c : g.casesOfKind("single_file")) {
    const json::Value& e = *c->entry;
    const std::string folder = g.path(e.at("equivalent_folder").asString());
    SingleFileModel inferred =
        loadSingleFile(g.path(e.at("weights").asString()), golden::testPlace(Component::Unet).dtype,
                       golden::testPlace(Component::Unet).device);
    auto unet = UnetConfig::fromJson(json::parseFile(folder + "/unet/config.json"));
    HL_CHECK_EQ(inferred.unetConfig.blockOutChannels, unet.blockOutChannels);
    HL_CHECK_EQ(inferred.unetConfig.layersPerBlock, unet.layersPerBlock);
    HL_CHECK_EQ(inferred.unetConfig.crossAttentionDim, unet.crossAttentionDim);
    HL_CHECK_EQ(inferred.unetConfig.addTimeEmbedDim, unet.addTimeEmbedDim);
    HL_CHECK_EQ(inferred.unetConfig.downBlockTypes, unet.downBlockTypes);
    auto vae = VaeConfig::fromJson(json::parseFile(folder + "/vae/config.json"));
    HL_CHECK_EQ(inferred.vaeConfig.blockOutChannels, vae.blockOutChannels);
    HL_CHECK_EQ(inferred.vaeConfig.layersPerBlock, vae.layersPerBlock);
    auto te2 = ClipTextConfig::fromJson(json::parseFile(folder + "/text_encoder_2/config.json"));
    HL_CHECK_EQ(inferred.te2Config.projectionDim, te2.projectionDim);
    HL_CHECK_EQ(inferred.te2Config.numLayers, te2.numLayers);
  }
}

// A damaged single file is refused naming the file and what is wrong: a tensor no SDXL part has,
// a tensor a part needs (with the configs given), a tensor the shape inference needs.
HL_TEST(damagedFilesAreNamed) {
  const golden::GoldenSet& g = golden::set();
  hl::test::TempDir tmp;
  for (const golden::Case* c : g.casesOfKind("single_file")) {
    const json::Value& e = *c->entry;
    const std::string folder = g.path(e.at("equivalent_folder").asString());
    auto ref = st::File::open(g.path(e.at("weights").asString()));
    // The reference file's tensors, without `drop`, plus `extra`.
    auto rewrite = [&](const std::string& drop, const std::string& extra) {
      st::NamedTensors ts;
      for (const auto& t : ref->tensors())
        if (t.name != drop) ts.emplace_back(t.name, st::view(ref, t));
      if (!extra.empty()) ts.emplace_back(extra, ts.front().second);
      const std::string out = tmp.path() + "/damaged.safetensors";
      st::writeTensors(out, ts);
      return out;
    };
    const auto cpu = c10::Device(c10::kCPU);
    std::string bad = rewrite("", "model.diffusion_model.bogus.weight");
    HL_CHECK_THROWS_WITH(bad +
                             ": 1 tensors are not part of an SDXL checkpoint: "
                             "model.diffusion_model.bogus.weight",
                         loadSingleFile(bad, at::kFloat, cpu, folder));
    bad = rewrite("model.diffusion_model.out.2.weight", "");
    HL_CHECK_THROWS_WITH(bad + ": the UNet part does not match its config",
                         loadSingleFile(bad, at::kFloat, cpu, folder));
    bad = rewrite("conditioner.embedders.1.model.text_projection", "");
    HL_CHECK_THROWS_WITH(bad +
                             ": tensor \"conditioner.embedders.1.model.text_projection\" is "
                             "missing (not an SDXL single-file checkpoint?)",
                         loadSingleFile(bad, at::kFloat, cpu));
  }
}
