// Every `unet` case: the output and every recorded intermediate, by diffusers module path.
#include <QtTest>
#include <map>

#include "golden.h"
#include "sdxl_cases.h"

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
      golden::Comparator cmp = golden::runUnetCase(g, *c, unet);
      QVERIFY2(cmp.ok(), (c->name + ":\n" + cmp.report()).c_str());
      qInfo("%s: %s", c->name.c_str(), cmp.report().c_str());
    }
  }
};

HL_GOLDEN_TEST_MAIN(TestUnet)
#include "test_unet.moc"
