// Every `text_encoder` case: all hidden states, the final state and the pooled output.
#include <QtTest>

#include "golden.h"
#include "sdxl_cases.h"

using namespace hl;

class TestTextEncoder : public QObject {
  Q_OBJECT
  std::string dir_;

 public:
  explicit TestTextEncoder(std::string dir) : dir_(std::move(dir)) {}

 private slots:
  void everyTextEncoderCase() {
    golden::GoldenSet g = golden::GoldenSet::load(dir_);
    auto cases = g.casesOfKind("text_encoder");
    QVERIFY(!cases.empty());
    for (const golden::Case* c : cases) {
      const json::Value& e = *c->entry;
      ClipTextEncoder enc = ClipTextEncoder::load(g.path(e.at("config").asString()),
                                                  g.path(e.at("weights").asString()), at::kFloat,
                                                  at::kCPU);
      golden::Comparator cmp = golden::runTextEncoderCase(g, *c, enc);
      QVERIFY2(cmp.ok(), (c->name + ":\n" + cmp.report()).c_str());
      qInfo("%s: %s", c->name.c_str(), cmp.report().c_str());
    }
  }
};

HL_GOLDEN_TEST_MAIN(TestTextEncoder)
#include "test_text_encoder.moc"
