// Every `pipeline` case end to end: prompt embeddings, the first UNet call, every step's
// latents and the decoded image.
#include <QtTest>
#include <cstdio>
#include <map>

#include "golden.h"
#include "sdxl/pipeline.h"

using namespace hl;

class TestPipeline : public QObject {
  Q_OBJECT
  std::string dir_;

 public:
  explicit TestPipeline(std::string dir) : dir_(std::move(dir)) {}

 private slots:
  void everyPipelineCase() {
    golden::GoldenSet g = golden::GoldenSet::load(dir_);
    auto cases = g.casesOfKind("pipeline");
    QVERIFY(!cases.empty());
    ComputeConfig cpu = chooseCompute("cpu", Precision::Float32);
    std::map<std::string, std::unique_ptr<SdxlPipeline>> models;
    for (const golden::Case* c : cases) {
      const json::Value& e = *c->entry;
      const std::string model = e.at("model").asString();
      if (!models.count(model))
        models[model] = SdxlPipeline::loadDiffusers(g.path(model), cpu, g.path("tokenizer"));
      SdxlPipeline& p = *models[model];
      GenerateRequest r;
      r.prompt = e.at("prompt").asString();
      r.zeroNegative = e.at("negative_prompt").isNull();
      if (!r.zeroNegative) r.negativePrompt = e.at("negative_prompt").asString();
      r.width = int(e.at("width").asInt());
      r.height = int(e.at("height").asInt());
      r.steps = int(e.at("steps").asInt());
      r.guidanceScale = e.at("guidance_scale").asDouble();
      r.guidanceRescale = e.at("guidance_rescale").asDouble();
      r.sampler = parseSamplerKind(e.at("scheduler").asString());
      r.originalHeight = int(e.at("original_size").at(0).asInt());
      r.originalWidth = int(e.at("original_size").at(1).asInt());
      r.cropTop = int(e.at("crops_coords_top_left").at(0).asInt());
      r.cropLeft = int(e.at("crops_coords_top_left").at(1).asInt());
      r.targetHeight = int(e.at("target_size").at(0).asInt());
      r.targetWidth = int(e.at("target_size").at(1).asInt());
      r.initialLatents = g.tensor(*c, "input.latents");
      for (int i = 0; i < r.steps; ++i) {
        char n[32];
        std::snprintf(n, sizeof n, "input.noise.%02d", i);
        if (g.hasTensor(*c, n)) r.ancestralNoise.push_back(g.tensor(*c, n));
      }
      std::map<std::string, at::Tensor> seen;
      GenerateResult out = p.generate(r, {}, nullptr, [&](const std::string& name, const at::Tensor& v) {
        seen[name.rfind("step.", 0) == 0 ? name : "intermediate." + name] = v;
      });
      golden::Comparator cmp(c->tolerance);
      for (const auto& name : c->expected()) {
        if (name == "output.image") {
          cmp.compare(name, out.image, g.tensor(*c, name));
          continue;
        }
        QVERIFY2(seen.count(name), (c->name + ": " + name + " was not recorded").c_str());
        cmp.compare(name, seen[name], g.tensor(*c, name));
      }
      QVERIFY2(cmp.ok(), (c->name + ":\n" + cmp.report()).c_str());
      qInfo("%s: %s", c->name.c_str(), cmp.report().c_str());
    }
  }
};

HL_GOLDEN_TEST_MAIN(TestPipeline)
#include "test_pipeline.moc"
