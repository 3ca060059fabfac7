// Every `text_encoder` case: all hidden states, the final state and the pooled output.
#include <QtTest>

#include "golden.h"
#include "sdxl/clip_text.h"

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
      ClipTextOutput out = enc.forward(g.tensor(*c, "input.input_ids"));
      golden::Comparator cmp(c->tolerance);
      const int64_t n = e.at("num_hidden_states").asInt();
      QCOMPARE(int64_t(out.hiddenStates.size()), n);
      for (int64_t i = 0; i < n; ++i) {
        const std::string name = "output.hidden_states." + std::to_string(i);
        cmp.compare(name, out.hiddenStates[size_t(i)], g.tensor(*c, name));
      }
      cmp.compare("output.last_hidden_state", out.lastHiddenState,
                  g.tensor(*c, "output.last_hidden_state"));
      const std::string pooledName = e.at("pooled_output").asString();
      cmp.compare(pooledName, enc.config().withProjection ? out.textEmbeds : out.pooled,
                  g.tensor(*c, pooledName));
      QVERIFY2(cmp.ok(), (c->name + ":\n" + cmp.report()).c_str());
      qInfo("%s: %s", c->name.c_str(), cmp.report().c_str());
    }
  }
};

HL_GOLDEN_TEST_MAIN(TestTextEncoder)
#include "test_text_encoder.moc"
