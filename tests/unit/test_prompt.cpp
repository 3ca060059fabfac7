// A1111 prompt syntax, chunking of long prompts, and the weighting rule on a real (demo) pipeline.
#include <ATen/TensorOperators.h>
#include <ATen/ops/allclose.h>
#include <ATen/ops/equal.h>

#include <QTemporaryDir>
#include <QtTest>

#include "models/demo_pack.h"
#include "models/discovery.h"
#include "sdxl/clip_tokenizer.h"
#include "sdxl/pipeline.h"
#include "sdxl/prompt.h"
#include "util/error.h"

using namespace hl;

namespace {
std::vector<std::pair<std::string, double>> frags(const std::string& p) {
  std::vector<std::pair<std::string, double>> out;
  for (const auto& f : parsePromptWeights(p)) out.emplace_back(f.isBreak ? "BREAK" : f.text, f.isBreak ? -1 : f.weight);
  return out;
}
bool near(double a, double b) { return std::abs(a - b) < 1e-9; }
}  // namespace

class TestPrompt : public QObject {
  Q_OBJECT
  QTemporaryDir tmp_;
  std::unique_ptr<SdxlPipeline> pipe_;
  std::string pack_;

 private slots:
  void initTestCase() {
    pack_ = (tmp_.path() + "/pack").toStdString();
    writeDemoPack(pack_);
    pipe_ = SdxlPipeline::load(discoverModels(pack_), chooseCompute("cpu", Precision::Float32));
  }

  void parsesA1111Syntax() {
    auto f = frags("a (red:1.3) hair");
    QCOMPARE(f.size(), size_t(3));
    QCOMPARE(f[1].first, std::string("red"));
    QVERIFY(near(f[1].second, 1.3));
    QVERIFY(near(frags("(word)")[0].second, 1.1));
    QVERIFY(near(frags("((word))")[0].second, 1.1 * 1.1));
    QVERIFY(near(frags("[word]")[0].second, 1 / 1.1));
    auto nested = frags("(a [b] c:1.5)");
    QCOMPARE(nested.size(), size_t(3));
    QVERIFY(near(nested[0].second, 1.5));
    QVERIFY(near(nested[1].second, 1.5 / 1.1));
    QVERIFY(near(nested[2].second, 1.5));
    auto esc = frags("\\(not weighted\\) text");
    QCOMPARE(esc.size(), size_t(1));
    QCOMPARE(esc[0].first, std::string("(not weighted) text"));
    QVERIFY(near(esc[0].second, 1.0));
    auto brk = frags("a cat BREAK a dog");
    QCOMPARE(brk.size(), size_t(3));
    QCOMPARE(brk[0].first, std::string("a cat"));
    QCOMPARE(brk[1].first, std::string("BREAK"));
    QCOMPARE(brk[2].first, std::string("a dog"));
    QCOMPARE(frags("BREAKFAST").size(), size_t(1));  // only the whole word
    auto open = frags("a (open end");
    QVERIFY(near(open.back().second, 1.1));  // unbalanced: applied to the rest
    QCOMPARE(frags("ratio 3:2, 16:9")[0].first, std::string("ratio 3:2, 16:9"));
    QVERIFY(isPlainPrompt("a photo of a cat, 85mm"));
    QVERIFY(!isPlainPrompt("a (photo) of a cat"));
    QCOMPARE(stripPromptWeights("a (red:1.3) hair, [blurry]"), std::string("a red hair, blurry"));
  }

  void chunksLongPrompts() {
    const ClipTokenizer& tok = ClipTokenizer::fromFiles(pack_ + "/diffusers/sdxl-demo/tokenizer/vocab.json",
                                                       pack_ + "/diffusers/sdxl-demo/tokenizer/merges.txt");
    std::string longPrompt;
    for (int i = 0; i < 60; ++i) longPrompt += "portrait photo, ";
    auto chunks = tokenizePrompt(tok, longPrompt);
    QVERIFY(chunks.size() >= 2);
    for (const auto& c : chunks) {
      QCOMPARE(c.ids.size(), size_t(77));
      QCOMPARE(c.ids.front(), tok.bosId());
      QVERIFY(std::find(c.ids.begin(), c.ids.end(), tok.eosId()) != c.ids.end());
    }
    // All content tokens are kept, in order.
    std::vector<int64_t> all;
    for (const auto& c : chunks)
      for (size_t i = 1; i < c.ids.size() && c.ids[i] != tok.eosId(); ++i) all.push_back(c.ids[i]);
    QCOMPARE(all, tok.encode(longPrompt));
    // BREAK starts a new chunk even when the first is short; weights land on their tokens.
    auto b = tokenizePrompt(tok, "a (cat:1.5) BREAK a dog");
    QCOMPARE(b.size(), size_t(2));
    const auto cat = tok.encode("cat");
    QCOMPARE(b[0].ids[2], cat[0]);
    QCOMPARE(double(b[0].weights[2]), double(1.5f));
    QCOMPARE(double(b[0].weights[1]), 1.0);
    QCOMPARE(b[1].ids[1], tok.encode("a")[0]);
  }

  // z = (z - z_empty) * w + z_empty, position by position, on both encoders' states.
  void weightingRule() {
    PromptEmbeds plain = pipe_->encodePrompt("a cat");
    PromptEmbeds weighted = pipe_->encodePrompt("a (cat:1.5)");
    PromptEmbeds empty = pipe_->encodePrompt("");
    QCOMPARE(weighted.context.sizes(), plain.context.sizes());
    // The weights per position come from the tokenizer (the demo vocabulary may split "cat").
    const ClipTokenizer tok = ClipTokenizer::fromFiles(pack_ + "/diffusers/sdxl-demo/tokenizer/vocab.json",
                                                       pack_ + "/diffusers/sdxl-demo/tokenizer/merges.txt");
    const TokenChunk chunk = tokenizePrompt(tok, "a (cat:1.5)").front();
    QCOMPARE(chunk.ids, tokenizePrompt(tok, "a cat").front().ids);  // same tokens, only weights differ
    at::Tensor expect = plain.context.clone();
    int weightedPositions = 0;
    for (size_t j = 0; j < chunk.weights.size(); ++j) {
      if (chunk.weights[j] == 1.0f) continue;
      ++weightedPositions;
      QCOMPARE(double(chunk.weights[j]), 1.5);
      const int64_t k = int64_t(j);
      expect.select(1, k).copy_((plain.context.select(1, k) - empty.context.select(1, k)) * 1.5f +
                                empty.context.select(1, k));
    }
    QVERIFY(weightedPositions >= 1);
    QVERIFY(at::allclose(weighted.context, expect, 1e-5, 1e-6));
    QVERIFY(at::equal(weighted.pooled, plain.pooled));  // pooled is unweighted
    // Long prompts give 77-token multiples of context.
    std::string longPrompt;
    for (int i = 0; i < 60; ++i) longPrompt += "portrait photo, ";
    QCOMPARE(pipe_->encodePrompt(longPrompt).context.size(1) % 77, int64_t(0));
    QVERIFY(pipe_->encodePrompt(longPrompt).context.size(1) > 77);
  }

  void seededAndCancellable() {
    GenerateRequest r;
    r.prompt = "a portrait";
    r.width = r.height = 64;
    r.steps = 4;
    r.seed = 7;
    r.sampler = SamplerKind::EulerAncestral;
    GenerateResult a = pipe_->generate(r), b = pipe_->generate(r);
    QVERIFY(at::equal(a.latents, b.latents));  // one seed, one image
    QCOMPARE(a.rgb.width, 64);
    r.seed = 8;
    QVERIFY(!at::equal(pipe_->generate(r).latents, a.latents));
    // Cancel from the progress callback after step 2: stops before step 3 starts.
    CancelToken cancel;
    int steps = 0;
    try {
      pipe_->generate(r, [&](const Progress& p) {
        if (p.stage == "denoise") {
          ++steps;
          QVERIFY(!p.preview.empty());
          if (p.step == 2) cancel.cancel();
        }
      }, &cancel);
      QFAIL("generation was not cancelled");
    } catch (const Cancelled&) {
    }
    QCOMPARE(steps, 2);
  }

  void loraStackRestoresExactly() {
    const at::Tensor before = pipe_->unet().weights().get("down_blocks.1.attentions.0.transformer_blocks.0.attn1.to_q.weight").clone();
    const int64_t c = before.size(0);
    LoraFile f = LoraFile::fromTensors("t", {
        {"lora_unet_down_blocks_1_attentions_0_transformer_blocks_0_attn1_to_q.lora_down.weight", at::ones({2, c}) * 0.01},
        {"lora_unet_down_blocks_1_attentions_0_transformer_blocks_0_attn1_to_q.lora_up.weight", at::ones({c, 2}) * 0.01}});
    LoraApplyReport r = pipe_->setLoras({{&f, 0.8}});
    QCOMPARE(r.applied, size_t(1));
    QCOMPARE(pipe_->patchedWeights(), size_t(1));
    const at::Tensor& now = pipe_->unet().weights().get("down_blocks.1.attentions.0.transformer_blocks.0.attn1.to_q.weight");
    QVERIFY(!at::equal(now.to(at::kFloat), before.to(at::kFloat)));
    pipe_->setLoras({});
    QVERIFY(at::equal(now, before));
    QCOMPARE(pipe_->patchedWeights(), size_t(0));
  }

  void rejectsBadRequests() {
    GenerateRequest r;
    r.width = 100;  // not a multiple of 8
    QVERIFY_THROWS_EXCEPTION(Error, pipe_->generate(r));
    r.width = 64;
    r.height = 64;
    r.steps = 0;
    QVERIFY_THROWS_EXCEPTION(Error, pipe_->generate(r));
  }
};

QTEST_APPLESS_MAIN(TestPrompt)
#include "test_prompt.moc"
