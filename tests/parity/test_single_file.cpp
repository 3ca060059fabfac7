// Kind `single_file`: load every component from the LDM/SGM single-file checkpoint and rerun the
// listed cases with those weights. Also: a single file written by the project's own writer and
// key mapping from a diffusers folder gives identical weights.
#include <QtTest>

#include "golden.h"
#include "sdxl/single_file.h"
#include "sdxl_cases.h"
#include "tensor/safetensors.h"

using namespace hl;

class TestSingleFile : public QObject {
  Q_OBJECT
  std::string dir_;

 public:
  explicit TestSingleFile(std::string dir) : dir_(std::move(dir)) {}

 private slots:
  void rerunCasesWithSingleFileWeights() {
    golden::GoldenSet g = golden::GoldenSet::load(dir_);
    auto cases = g.casesOfKind("single_file");
    QVERIFY(!cases.empty());
    ComputeConfig cpu = chooseCompute("cpu", Precision::Float32);
    for (const golden::Case* c : cases) {
      const json::Value& e = *c->entry;
      const std::string file = g.path(e.at("weights").asString());
      const std::string folder = g.path(e.at("equivalent_folder").asString());
      // The key groups and tensor count of the file are what the manifest says.
      auto f = st::File::open(file);
      QCOMPARE(int64_t(f->tensors().size()), e.at("num_tensors").asInt());
      SingleFileModel m = loadSingleFile(file, at::kFloat, at::kCPU, folder);
      ClipTextEncoder te1(m.te1Config, m.te1), te2(m.te2Config, m.te2);
      Unet unet(m.unetConfig, m.unet);
      Vae vae(m.vaeConfig, m.vae);
      auto pipeline = SdxlPipeline::loadSingleFile(file, cpu, g.path("tokenizer"), folder);
      int ran = 0;
      for (const auto& rv : e.at("rerun_cases").elements()) {
        const golden::Case& rc = g.at(rv.asString());
        golden::Comparator cmp(rc.tolerance);
        if (rc.kind == "text_encoder") {
          cmp = golden::runTextEncoderCase(g, rc, rc.entry->at("component").asString() == "text_encoder_2" ? te2 : te1);
        } else if (rc.kind == "unet") {
          cmp = golden::runUnetCase(g, rc, unet);
        } else if (rc.kind == "vae_encode" || rc.kind == "vae_decode") {
          cmp = golden::runVaeCase(g, rc, vae);
        } else if (rc.kind == "pipeline") {
          cmp = golden::runPipelineCase(g, rc, *pipeline);
        } else {
          continue;  // kohya_lora_merge: rerun by test_lora with single-file weights
        }
        QVERIFY2(cmp.ok(), (rc.name + " (single-file weights):\n" + cmp.report()).c_str());
        ++ran;
      }
      qInfo("%s: %d cases rerun with single-file weights", c->name.c_str(), ran);
      QVERIFY(ran > 0);
    }
  }

  // Without a config folder the configs are inferred from shapes: every width and depth that
  // shapes determine must agree with the real configs.
  void inferredConfigsMatchShapes() {
    golden::GoldenSet g = golden::GoldenSet::load(dir_);
    for (const golden::Case* c : g.casesOfKind("single_file")) {
      const json::Value& e = *c->entry;
      const std::string folder = g.path(e.at("equivalent_folder").asString());
      SingleFileModel inferred = loadSingleFile(g.path(e.at("weights").asString()), at::kFloat, at::kCPU);
      auto unet = UnetConfig::fromJson(json::parseFile(folder + "/unet/config.json"));
      QCOMPARE(inferred.unetConfig.blockOutChannels, unet.blockOutChannels);
      QCOMPARE(inferred.unetConfig.layersPerBlock, unet.layersPerBlock);
      QCOMPARE(inferred.unetConfig.crossAttentionDim, unet.crossAttentionDim);
      QCOMPARE(inferred.unetConfig.addTimeEmbedDim, unet.addTimeEmbedDim);
      QCOMPARE(inferred.unetConfig.downBlockTypes, unet.downBlockTypes);
      auto vae = VaeConfig::fromJson(json::parseFile(folder + "/vae/config.json"));
      QCOMPARE(inferred.vaeConfig.blockOutChannels, vae.blockOutChannels);
      QCOMPARE(inferred.vaeConfig.layersPerBlock, vae.layersPerBlock);
      auto te2 = ClipTextConfig::fromJson(json::parseFile(folder + "/text_encoder_2/config.json"));
      QCOMPARE(inferred.te2Config.projectionDim, te2.projectionDim);
      QCOMPARE(inferred.te2Config.numLayers, te2.numLayers);
    }
  }
};

HL_GOLDEN_TEST_MAIN(TestSingleFile)
#include "test_single_file.moc"
