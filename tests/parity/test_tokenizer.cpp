// Every `tokenizer` case of the reference set: ids must be identical for both SDXL tokenizers.
#include <QtTest>

#include "golden.h"
#include "sdxl/clip_tokenizer.h"
#include "sdxl/text_clean.h"
#include "util/json.h"

using namespace hl;

namespace {

std::vector<int64_t> ints(const json::Value& v) {
  std::vector<int64_t> out;
  for (const auto& e : v.elements()) out.push_back(e.asInt());
  return out;
}

QString show(const std::vector<int64_t>& v) {
  QStringList s;
  for (int64_t x : v) s << QString::number(x);
  return s.join(' ');
}

}  // namespace

class TestTokenizer : public QObject {
  Q_OBJECT
  std::string dir_;

 public:
  explicit TestTokenizer(std::string dir) : dir_(std::move(dir)) {}

 private slots:
  void everyTokenizerCase() {
    golden::GoldenSet g = golden::GoldenSet::load(dir_);
    auto cases = g.casesOfKind("tokenizer");
    QVERIFY(!cases.empty());
    for (const golden::Case* c : cases) {
      const json::Value& e = *c->entry;
      const auto& cfgs = e.at("tokenizer_configs");
      const int maxLength = int(e.at("max_length").asInt());
      ClipTokenizer tok1 = ClipTokenizer::fromFiles(
          g.path(e.at("vocab").asString()), g.path(e.at("merges").asString()),
          ClipTokenizer::padTokenFromConfig(g.path(cfgs.at("tokenizer").asString()), "<|endoftext|>"));
      ClipTokenizer tok2 = ClipTokenizer::fromFiles(
          g.path(e.at("vocab").asString()), g.path(e.at("merges").asString()),
          ClipTokenizer::padTokenFromConfig(g.path(cfgs.at("tokenizer_2").asString()), "!"));
      QCOMPARE(tok1.padId(), e.at("pad_token_id").at("tokenizer").asInt());
      QCOMPARE(tok2.padId(), e.at("pad_token_id").at("tokenizer_2").asInt());
      QCOMPARE(tok1.bosId(), e.at("bos_token_id").asInt());
      QCOMPARE(tok1.eosId(), e.at("eos_token_id").asInt());
      json::Value file = json::parseFile(g.path(e.at("cases_file").asString()));
      int n = 0;
      for (const auto& pc : file.at("cases").elements()) {
        const std::string prompt = pc.at("prompt").asString();
        const std::vector<int64_t> want1 = ints(pc.at("tokenizer_ids")),
                                   want2 = ints(pc.at("tokenizer_2_ids")),
                                   unpadded = ints(pc.at("ids_unpadded"));
        const auto got1 = tok1.encodePadded(prompt, maxLength);
        const auto got2 = tok2.encodePadded(prompt, maxLength);
        const QString msg = QString::fromStdString(prompt) + "\n  got  " + show(got1) +
                            "\n  want " + show(want1) + "\n  clean: " +
                            QString::fromStdString(text::cleanForClip(prompt));
        QVERIFY2(got1 == want1, qPrintable(msg));
        QVERIFY2(got2 == want2, qPrintable(QString::fromStdString(prompt)));
        // Unpadded: bos + content + eos before truncation.
        std::vector<int64_t> full{tok1.bosId()};
        for (int64_t id : tok1.encode(prompt)) full.push_back(id);
        full.push_back(tok1.eosId());
        if (!pc.at("truncated").asBool()) QCOMPARE(full, unpadded);
        QCOMPARE(int64_t(full.size()) > maxLength, pc.at("truncated").asBool());
        if (const json::Value* bpe = pc.find("bpe_tokens")) {
          std::vector<std::string> want;
          for (const auto& t : bpe->elements()) want.push_back(t.asString());
          auto got = tok1.bpeTokens(prompt);
          if (pc.at("truncated").asBool()) got.resize(std::min(got.size(), want.size()));
          QCOMPARE(got, want);
        }
        ++n;
      }
      QCOMPARE(int64_t(n), e.at("num_prompts").asInt());
    }
  }
};

HL_GOLDEN_TEST_MAIN(TestTokenizer)
#include "test_tokenizer.moc"
