// Every `tokenizer` case of the reference set: ids must be identical for both SDXL tokenizers.
#include "check.h"
#include "golden.h"
#include "text/clip_tokenizer.h"
#include "text/text_clean.h"
#include "util/json.h"

using namespace hl;

namespace {

std::vector<int64_t> ints(const json::Value& v) {
  std::vector<int64_t> out;
  for (const auto& e : v.elements()) out.push_back(e.asInt());
  return out;
}

std::string show(const std::vector<int64_t>& v) {
  std::string s;
  for (int64_t x : v) s += (s.empty() ? "" : " ") + std::to_string(x);
  return s;
}

}  // namespace

HL_TEST(everyTokenizerCase) {
  const golden::GoldenSet& g = golden::set();
  auto cases = g.casesOfKind("tokenizer");
  HL_CHECK(!cases.empty());
  for (const golden::Case* c : cases) {
    const json::Value& e = *c->entry;
    const auto& cfgs = e.at("tokenizer_configs");
    const int maxLength = int(e.at("max_length").asInt());
    ClipTokenizer tok1 = ClipTokenizer::fromFiles(
        g.path(e.at("vocab").asString()), g.path(e.at("merges").asString()),
        ClipTokenizer::padTokenFromConfig(g.path(cfgs.at("tokenizer").asString()),
                                          "<|endoftext|>"));
    ClipTokenizer tok2 = ClipTokenizer::fromFiles(
        g.path(e.at("vocab").asString()), g.path(e.at("merges").asString()),
        ClipTokenizer::padTokenFromConfig(g.path(cfgs.at("tokenizer_2").asString()), "!"));
    HL_CHECK_EQ(tok1.padId(), e.at("pad_token_id").at("tokenizer").asInt());
    HL_CHECK_EQ(tok2.padId(), e.at("pad_token_id").at("tokenizer_2").asInt());
    HL_CHECK_EQ(tok1.bosId(), e.at("bos_token_id").asInt());
    HL_CHECK_EQ(tok1.eosId(), e.at("eos_token_id").asInt());
    json::Value file = json::parseFile(g.path(e.at("cases_file").asString()));
    int n = 0;
    for (const auto& pc : file.at("cases").elements()) {
      const std::string prompt = pc.at("prompt").asString();
      const std::vector<int64_t> want1 = ints(pc.at("tokenizer_ids")),
                                 want2 = ints(pc.at("tokenizer_2_ids")),
                                 unpadded = ints(pc.at("ids_unpadded"));
      const auto got1 = tok1.encodePadded(prompt, maxLength);
      const auto got2 = tok2.encodePadded(prompt, maxLength);
      const std::string msg = std::string(prompt) + "\n  got  " + show(got1) + "\n  want " +
                              show(want1) + "\n  clean: " + std::string(text::cleanForClip(prompt));
      HL_CHECK_MSG(got1 == want1, std::string(msg));
      HL_CHECK_MSG(got2 == want2, std::string(std::string(prompt)));
      // Unpadded: bos + content + eos before truncation.
      std::vector<int64_t> full{tok1.bosId()};
      for (int64_t id : tok1.encode(prompt)) full.push_back(id);
      full.push_back(tok1.eosId());
      if (!pc.at("truncated").asBool()) HL_CHECK_EQ(full, unpadded);
      HL_CHECK_EQ(int64_t(full.size()) > maxLength, pc.at("truncated").asBool());
      if (const json::Value* bpe = pc.find("bpe_tokens")) {
        std::vector<std::string> want;
        for (const auto& t : bpe->elements()) want.push_back(t.asString());
        auto got = tok1.bpeTokens(prompt);
        if (pc.at("truncated").asBool()) got.resize(std::min(got.size(), want.size()));
        HL_CHECK_EQ(got, want);
      }
      ++n;
    }
    HL_CHECK_EQ(int64_t(n), e.at("num_prompts").asInt());
  }
}
