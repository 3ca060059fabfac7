// Every `pipeline` case end to end: prompt embeddings, the first UNet call, every step's
// latents and the decoded image.
#include <ATen/ops/equal.h>
#include <c10/util/Exception.h>

#include <algorithm>
#include <cstdio>
#include <map>

#include "check.h"
#include "golden.h"
#include "sdxl_cases.h"
#include "util/error.h"

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

namespace {

// The first text-to-image case with the pipeline loaded in `mode` (a tiny stream budget, so
// the sequential mode evicts and re-uploads within every step).
std::unique_ptr<SdxlPipeline> loadIn(MemoryMode mode, const golden::Case*& first) {
  const golden::GoldenSet& g = golden::set();
  auto cases = g.casesOfKind("pipeline");
  HL_CHECK(!cases.empty());
  first = cases.front();
  Placement placement = golden::testPlacement();
  placement.memory = mode;
  placement.streamBudgetBytes = 64 << 10;
  return SdxlPipeline::loadDiffusers(g.path(first->entry->at("model").asString()), placement, g.path("tokenizer"));
}

}  // namespace

HL_TEST(memoryModesMatchTheReference) {
  const golden::GoldenSet& g = golden::set();
  for (MemoryMode mode : {MemoryMode::OffloadText, MemoryMode::Sequential}) {
    const golden::Case* c = nullptr;
    auto p = loadIn(mode, c);
    golden::Comparator cmp = golden::runPipelineCase(g, *c, *p);
    HL_CHECK_MSG(cmp.ok(), (std::string(memoryModeName(mode)) + " " + c->name + ":\n" + cmp.report()).c_str());
    const nn::Weights& te = p->textEncoder(2).weights();
    const nn::Weights& unet = p->unet().weights();
    HL_CHECK(te.streaming());
    HL_CHECK(te.streamStats().uploads > 0);
    HL_CHECK_EQ(te.streamStats().cachedBytes, int64_t(0));  // left the device after encoding
    HL_CHECK_EQ(unet.streaming(), mode == MemoryMode::Sequential);
    if (mode == MemoryMode::Sequential) {
      const nn::StreamStats s = unet.streamStats();
      int64_t largest = 0;
      for (const auto& [name, t] : unet.all()) largest = std::max(largest, int64_t(t.nbytes()));
      // Every tensor came up more than once (evicted in between), never more than the budget
      // plus the few most recent ones were held, and nothing stays after the request.
      HL_CHECK(s.uploads > int64_t(unet.size()));
      HL_CHECK(s.peakCachedBytes <= (64 << 10) + 8 * largest);
      HL_CHECK_EQ(s.cachedBytes, int64_t(0));
      HL_CHECK_EQ(p->vae().weights().streamStats().cachedBytes, int64_t(0));
    }
    hl::test::infof("%s: %s", memoryModeName(mode), cmp.report().c_str());
  }
}

// An allocation failure inside the sampling loop (simulated: the tap throws what the CUDA
// allocator throws) becomes an OutOfMemory naming the mode and what to try; the pipeline is
// unharmed: the same request afterwards gives the same image as before the failure.
HL_TEST(outOfMemoryIsReportedAndTheSessionGoesOn) {
  for (MemoryMode mode : {MemoryMode::Resident, MemoryMode::Sequential}) {
    const golden::Case* c = nullptr;
    auto p = loadIn(mode, c);
    GenerateRequest r;
    r.prompt = "a portrait";
    r.width = r.height = 64;
    r.steps = 3;
    r.seed = 7;
    const GenerateResult before = p->generate(r);
    int calls = 0;
    const nn::Tap failing = [&](const std::string& path, const at::Tensor&) {
      if (path.find("step.01") != std::string::npos && calls++ == 0)
        TORCH_CHECK_WITH(OutOfMemoryError, false, "CUDA out of memory. Tried to allocate 2.00 GiB (simulated)");
    };
    std::string message;
    try {
      p->generate(r, {}, nullptr, failing);
    } catch (const OutOfMemory& e) {
      message = e.what();
    }
    HL_CHECK_MSG(message.find("memory on " + golden::testDevice().str() + " generating 64x64") != std::string::npos,
                 message.c_str());
    HL_CHECK_MSG(message.find(std::string("memory mode ") + memoryModeName(mode)) != std::string::npos, message.c_str());
    HL_CHECK_MSG(message.find(mode == MemoryMode::Resident ? "Try the memory mode offload-text or sequential"
                                                           : "Try a smaller size") != std::string::npos,
                 message.c_str());
    HL_CHECK_EQ(p->unet().weights().streamStats().cachedBytes, int64_t(0));
    const GenerateResult after = p->generate(r);
    HL_CHECK(at::equal(before.latents, after.latents));
    HL_CHECK(before.rgb.pixels == after.rgb.pixels);
  }
}
