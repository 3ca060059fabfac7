// Every `unet` case: the output and every recorded intermediate, by diffusers module path.
#include <QtTest>
#include <map>

#include "golden.h"
#include "sdxl/unet.h"

using namespace hl;

class TestUnet : public QObject {
  Q_OBJECT
  std::string dir_;

 public:
  explicit TestUnet(std::string dir) : dir_(std::move(dir)) {}

 private slots:
  void everyUnetCase() {
    golden::GoldenSet g = golden::GoldenSet::load(dir_);
    auto cases = g.casesOfKind("unet");
    QVERIFY(!cases.empty());
    for (const golden::Case* c : cases) {
      const json::Value& e = *c->entry;
      Unet unet = Unet::load(g.path(e.at("config").asString()), g.path(e.at("weights").asString()),
                             at::kFloat, at::kCPU);
      UnetInputs in{g.tensor(*c, "input.sample"), g.tensor(*c, "input.timestep"),
                    g.tensor(*c, "input.encoder_hidden_states"), g.tensor(*c, "input.text_embeds"),
                    g.tensor(*c, "input.time_ids")};
      std::map<std::string, at::Tensor> seen;
      at::Tensor out = unet.forward(in, [&](const std::string& p, const at::Tensor& v) {
        seen["intermediate." + p] = v;
      });
      golden::Comparator cmp(c->tolerance);
      cmp.compare("output.sample", out, g.tensor(*c, "output.sample"));
      for (const auto& name : c->intermediates) {
        QVERIFY2(seen.count(name), (c->name + ": " + name + " was not recorded").c_str());
        cmp.compare(name, seen[name], g.tensor(*c, name));
      }
      QVERIFY2(cmp.ok(), (c->name + ":\n" + cmp.report()).c_str());
      qInfo("%s: %s", c->name.c_str(), cmp.report().c_str());
    }
  }
};

HL_GOLDEN_TEST_MAIN(TestUnet)
#include "test_unet.moc"
