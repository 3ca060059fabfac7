// A1111 prompt syntax, chunking of long prompts, and the weighting rule on a real (demo) pipeline.
#include <ATen/TensorOperators.h>
#include <ATen/ops/allclose.h>
#include <ATen/ops/equal.h>
#include <ATen/ops/ones.h>
#include <ATen/ops/zeros.h>

#include "check.h"
#include "models/demo_pack.h"
#include "models/discovery.h"
#include "sdxl/pipeline.h"
#include "text/clip_tokenizer.h"
#include "text/prompt.h"
#include "util/error.h"

using namespace hl;

namespace {
std::vector<std::pair<std::string, double>> frags(const std::string& p) {
  std::vector<std::pair<std::string, double>> out;
  for (const auto& f : parsePromptWeights(p))
    out.emplace_back(f.isBreak ? "BREAK" : f.text, f.isBreak ? -1 : f.weight);
  return out;
}
bool near(double a, double b) {
  return std::abs(a - b) < 1e-9;
}
}  // namespace

hl::test::TempDir tmp_;
std::unique_ptr<SdxlPipeline> pipe_;
std::string pack_;

HL_SETUP() {
  pack_ = tmp_.path() + "/pack";
  writeDemoPack(pack_);
  PlacementRequest request;
  request.device = "cpu";
  request.precision = Precision::Float32;
  pipe_ = SdxlPipeline::load(discoverModels(pack_), choosePlacement(request));
}

HL_TEST(parsesA1111Syntax) {
  auto f = frags("a (red:1.3) hair");
  HL_CHECK_EQ(f.size(), size_t(3));
  HL_CHECK_EQ(f[1].first, std::string("red"));
  HL_CHECK(near(f[1].second, 1.3));
  HL_CHECK(near(frags("(word)")[0].second, 1.1));
  HL_CHECK(near(frags("((word))")[0].second, 1.1 * 1.1));
  HL_CHECK(near(frags("[word]")[0].second, 1 / 1.1));
  auto nested = frags("(a [b] c:1.5)");
  HL_CHECK_EQ(nested.size(), size_t(3));
  HL_CHECK(near(nested[0].second, 1.5));
  HL_CHECK(near(nested[1].second, 1.5 / 1.1));
  HL_CHECK(near(nested[2].second, 1.5));
  auto esc = frags("\\(not weighted\\) text");
  HL_CHECK_EQ(esc.size(), size_t(1));
  HL_CHECK_EQ(esc[0].first, std::string("(not weighted) text"));
  HL_CHECK(near(esc[0].second, 1.0));
  auto brk = frags("a cat BREAK a dog");
  HL_CHECK_EQ(brk.size(), size_t(3));
  HL_CHECK_EQ(brk[0].first, std::string("a cat"));
  HL_CHECK_EQ(brk[1].first, std::string("BREAK"));
  HL_CHECK_EQ(brk[2].first, std::string("a dog"));
  HL_CHECK_EQ(frags("BREAKFAST").size(), size_t(1));  // only the whole word
  auto open = frags("a (open end");
  HL_CHECK(near(open.back().second, 1.1));  // unbalanced: applied to the rest
  HL_CHECK_EQ(frags("ratio 3:2, 16:9")[0].first, std::string("ratio 3:2, 16:9"));
  HL_CHECK(isPlainPrompt("a photo of a cat, 85mm"));
  HL_CHECK(!isPlainPrompt("a (photo) of a cat"));
  HL_CHECK_EQ(stripPromptWeights("a (red:1.3) hair, [blurry]"), std::string("a red hair, blurry"));
}

HL_TEST(chunksLongPrompts) {
  const ClipTokenizer& tok =
      ClipTokenizer::fromFiles(pack_ + "/diffusers/sdxl-demo/tokenizer/vocab.json",
                               pack_ + "/diffusers/sdxl-demo/tokenizer/merges.txt");
  std::string longPrompt;
  for (int i = 0; i < 60; ++i) longPrompt += "portrait photo, ";
  auto chunks = tokenizePrompt(tok, longPrompt);
  HL_CHECK(chunks.size() >= 2);
  for (const auto& c : chunks) {
    HL_CHECK_EQ(c.ids.size(), size_t(77));
    HL_CHECK_EQ(c.ids.front(), tok.bosId());
    HL_CHECK(std::find(c.ids.begin(), c.ids.end(), tok.eosId()) != c.ids.end());
  }
  // All content tokens are kept, in order.
  std::vector<int64_t> all;
  for (const auto& c : chunks)
    for (size_t i = 1; i < c.ids.size() && c.ids[i] != tok.eosId(); ++i) all.push_back(c.ids[i]);
  HL_CHECK_EQ(all, tok.encode(longPrompt));
  // BREAK starts a new chunk even when the first is short; weights land on their tokens.
  auto b = tokenizePrompt(tok, "a (cat:1.5) BREAK a dog");
  HL_CHECK_EQ(b.size(), size_t(2));
  const auto cat = tok.encode("cat");
  HL_CHECK_EQ(b[0].ids[2], cat[0]);
  HL_CHECK_EQ(double(b[0].weights[2]), double(1.5f));
  HL_CHECK_EQ(double(b[0].weights[1]), 1.0);
  HL_CHECK_EQ(b[1].ids[1], tok.encode("a")[0]);
}

// z = (z - z_empty) * w + z_empty, position by position, on both encoders' states.
HL_TEST(weightingRule) {
  PromptEmbeds plain = pipe_->encodePrompt("a cat");
  PromptEmbeds weighted = pipe_->encodePrompt("a (cat:1.5)");
  PromptEmbeds empty = pipe_->encodePrompt("");
  HL_CHECK_EQ(weighted.context.sizes(), plain.context.sizes());
  // The weights per position come from the tokenizer (the demo vocabulary may split "cat").
  const ClipTokenizer tok =
      ClipTokenizer::fromFiles(pack_ + "/diffusers/sdxl-demo/tokenizer/vocab.json",
                               pack_ + "/diffusers/sdxl-demo/tokenizer/merges.txt");
  const TokenChunk chunk = tokenizePrompt(tok, "a (cat:1.5)").front();
  HL_CHECK_EQ(chunk.ids,
              tokenizePrompt(tok, "a cat").front().ids);  // same tokens, only weights differ
  at::Tensor expect = plain.context.clone();
  int weightedPositions = 0;
  for (size_t j = 0; j < chunk.weights.size(); ++j) {
    if (chunk.weights[j] == 1.0f) continue;
    ++weightedPositions;
    HL_CHECK_EQ(double(chunk.weights[j]), 1.5);
    const int64_t k = int64_t(j);
    expect.select(1, k).copy_((plain.context.select(1, k) - empty.context.select(1, k)) * 1.5f +
                              empty.context.select(1, k));
  }
  HL_CHECK(weightedPositions >= 1);
  HL_CHECK(at::allclose(weighted.context, expect, 1e-5, 1e-6));
  HL_CHECK(at::equal(weighted.pooled, plain.pooled));  // pooled is unweighted
  // Long prompts give 77-token multiples of context.
  std::string longPrompt;
  for (int i = 0; i < 60; ++i) longPrompt += "portrait photo, ";
  HL_CHECK_EQ(pipe_->encodePrompt(longPrompt).context.size(1) % 77, int64_t(0));
  HL_CHECK(pipe_->encodePrompt(longPrompt).context.size(1) > 77);
}

HL_TEST(seededAndCancellable) {
  GenerateRequest r;
  r.prompt = "a portrait";
  r.width = r.height = 64;
  r.steps = 4;
  r.seed = 7;
  r.sampler = SamplerKind::EulerAncestral;
  GenerateResult a = pipe_->generate(r), b = pipe_->generate(r);
  HL_CHECK(at::equal(a.latents, b.latents));  // one seed, one image
  HL_CHECK_EQ(a.rgb.width, 64);
  r.seed = 8;
  HL_CHECK(!at::equal(pipe_->generate(r).latents, a.latents));
  // Cancel from the progress callback after step 2: stops before step 3 starts.
  CancelToken cancel;
  int steps = 0;
  try {
    pipe_->generate(
        r,
        [&](const Progress& p) {
          if (p.stage == "denoise") {
            ++steps;
            HL_CHECK(!p.preview.empty());
            if (p.step == 2) cancel.cancel();
          }
        },
        &cancel);
    HL_FAIL("generation was not cancelled");
  } catch (const Cancelled&) {
  }
  HL_CHECK_EQ(steps, 2);
}

HL_TEST(loraStackRestoresExactly) {
  const at::Tensor before =
      pipe_->unet()
          .weights()
          .get("down_blocks.1.attentions.0.transformer_blocks.0.attn1.to_q.weight")
          .clone();
  const int64_t c = before.size(0);
  LoraFile f = LoraFile::fromTensors(
      "t",
      {{"lora_unet_down_blocks_1_attentions_0_transformer_blocks_0_attn1_to_q.lora_down.weight",
        at::ones({2, c}) * 0.01},
       {"lora_unet_down_blocks_1_attentions_0_transformer_blocks_0_attn1_to_q.lora_up.weight",
        at::ones({c, 2}) * 0.01}});
  StackReport r = pipe_->setLoras({{&f, 0.8}});
  HL_CHECK_EQ(r.applied, size_t(1));
  HL_CHECK_EQ(pipe_->patchedWeights(), size_t(1));
  const at::Tensor& now = pipe_->unet().weights().get(
      "down_blocks.1.attentions.0.transformer_blocks.0.attn1.to_q.weight");
  HL_CHECK(!at::equal(now.to(at::kFloat), before.to(at::kFloat)));
  pipe_->setLoras({});
  HL_CHECK(at::equal(now, before));
  HL_CHECK_EQ(pipe_->patchedWeights(), size_t(0));
}

HL_TEST(rejectsBadRequests) {
  GenerateRequest r;
  r.width = 100;  // not a multiple of 8
  HL_CHECK_THROWS(Error, pipe_->generate(r));
  r.width = 64;
  r.height = 64;
  r.steps = 0;
  HL_CHECK_THROWS(Error, pipe_->generate(r));
}

// Image tensors of the wrong layout or size are refused by name and shape before anything runs
// (a mask the size of another picture used to fail deep inside as a broadcast error).
HL_TEST(rejectsImageTensorsOfTheWrongShape) {
  GenerateRequest r;
  r.steps = 2;
  r.strength = 0.5;
  r.initImage = at::zeros({1, 3, 64, 64});
  r.mask = at::ones({1, 1, 32, 32});
  HL_CHECK_THROWS_WITH("mask: expected [1, 1, 64, 64] (the init image's size), got [1, 1, 32, 32]",
                       pipe_->generate(r));
  r.mask = at::ones({1, 1, 64, 64});
  r.initImage = at::zeros({1, 64, 64, 3});
  HL_CHECK_THROWS_WITH("init image: expected [1, 3, H, W], got [1, 64, 64, 3]", pipe_->generate(r));
  r.initImage = at::Tensor();
  HL_CHECK_THROWS_WITH("a mask needs an init image", pipe_->generate(r));
  r.mask = at::Tensor();
  r.initLatents = at::zeros({1, 3, 8, 8});
  HL_CHECK_THROWS_WITH("init latents: expected [1, 4, H/8, W/8], got [1, 3, 8, 8]",
                       pipe_->generate(r));
  r.initLatents = at::zeros({1, 4, 8, 8});
  r.initImage = at::zeros({1, 3, 128, 128});
  HL_CHECK_THROWS_WITH("are not of one size", pipe_->generate(r));
  GenerateRequest t;
  t.width = t.height = 64;
  t.steps = 2;
  t.initialLatents = at::zeros({1, 4, 16, 8});
  HL_CHECK_THROWS_WITH("initial latents: expected [1, 4, 8, 8], got [1, 4, 16, 8]",
                       pipe_->generate(t));
  t.initialLatents = at::zeros({1, 4, 8, 8});
  HL_CHECK_EQ(pipe_->generate(t).latents.sizes().vec(), (std::vector<int64_t>{1, 4, 8, 8}));
}

// Literal syntax reads the prompt as diffusers does: parentheses are text, one truncated chunk.
HL_TEST(literalSyntaxReadsTheTextAsIs) {
  const ClipTokenizer& tok = pipe_->tokenizer(1);
  const std::string p = "a portrait in (warm light:1.2), [soft] focus";
  auto lit = tokenizePrompt(tok, p, 77, PromptSyntax::Literal);
  HL_CHECK_EQ(lit.size(), size_t(1));
  HL_CHECK_EQ(lit[0].ids, tok.encodePadded(p));
  for (float w : lit[0].weights) HL_CHECK_EQ(w, 1.0f);
  auto a1111 = tokenizePrompt(tok, p, 77, PromptSyntax::A1111);
  HL_CHECK(a1111[0].ids != lit[0].ids);  // the weighting syntax is gone from the tokens
  bool weighted = false;
  for (float w : a1111[0].weights) weighted |= std::abs(w - 1.2f) < 1e-6f;
  HL_CHECK(weighted);
  std::string longPrompt;
  for (int i = 0; i < 120; ++i) longPrompt += "word" + std::to_string(i % 10) + " ";
  HL_CHECK_EQ(tokenizePrompt(tok, longPrompt, 77, PromptSyntax::Literal).size(), size_t(1));
  HL_CHECK(tokenizePrompt(tok, longPrompt, 77, PromptSyntax::A1111).size() > 1);
  // Through the pipeline: literal equals encoding the same tokens unweighted.
  const PromptEmbeds e = pipe_->encodePrompt(p, PromptSyntax::Literal);
  const PromptEmbeds w = pipe_->encodePrompt(p, PromptSyntax::A1111);
  HL_CHECK(!at::equal(e.context, w.context));
  HL_CHECK_EQ(std::string(promptSyntaxName(parsePromptSyntax("literal"))), std::string("literal"));
  HL_CHECK_THROWS_WITH("unknown prompt syntax", parsePromptSyntax("comfy"));
}
