// Every `pipeline` case end to end: prompt embeddings, the first UNet call, every step's
// latents and the decoded image.
#include <QtTest>
#include <cstdio>
#include <map>

#include "golden.h"
#include "sdxl_cases.h"

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
      golden::Comparator cmp = golden::runPipelineCase(g, *c, p);
      QVERIFY2(cmp.ok(), (c->name + ":\n" + cmp.report()).c_str());
      qInfo("%s: %s", c->name.c_str(), cmp.report().c_str());
    }
  }
};

HL_GOLDEN_TEST_MAIN(TestPipeline)
#include "test_pipeline.moc"
