// Every `pipeline` case end to end: prompt embeddings, the first UNet call, every step's
// latents and the decoded image.
#include <cstdio>
#include <map>

#include "check.h"
#include "golden.h"
#include "sdxl_cases.h"

using namespace hl;

HL_TEST(everyPipelineCase) {
  const golden::GoldenSet& g = golden::set();
  auto cases = g.casesOfKind("pipeline");
  HL_CHECK(!cases.empty());
  const Placement placement = golden::testPlacement();
  std::map<std::string, std::unique_ptr<SdxlPipeline>> models;
  for (const golden::Case* c : cases) {
    const json::Value& e = *c->entry;
    const std::string model = e.at("model").asString();
    if (!models.count(model))
      models[model] = SdxlPipeline::loadDiffusers(g.path(model), placement, g.path("tokenizer"));
    SdxlPipeline& p = *models[model];
    golden::Comparator cmp = golden::runPipelineCase(g, *c, p);
    HL_CHECK_MSG(cmp.ok(), (c->name + ":\n" + cmp.report()).c_str());
    hl::test::infof("%s: %s", c->name.c_str(), cmp.report().c_str());
  }
}
