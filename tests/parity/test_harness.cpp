#include <ATen/TensorOperators.h>
// The reference-test harness itself: case discovery from the manifest, tensor loading with
// input_refs, and the comparison rule (a perturbed tensor must fail).
#include <ATen/ops/isfinite.h>
#include <ATen/ops/zeros.h>

#include <QTemporaryDir>
#include <QtTest>
#include <cmath>
#include <cstdlib>
#include <set>

#include "golden.h"
#include "tensor/tensor_io.h"
#include "util/error.h"
#include "util/fs.h"
#include "util/json.h"

using namespace hl::golden;

class TestHarness : public QObject {
  Q_OBJECT
  std::string dir_;

 public:
  explicit TestHarness(std::string dir) : dir_(std::move(dir)) {}

 private slots:
  void discoversEveryCase() {
    GoldenSet g = GoldenSet::load(dir_);
    QVERIFY(!g.cases().empty());
    std::set<std::string> kinds;
    for (const auto& k : g.manifest().at("schema").at("kinds").elements()) kinds.insert(k.asString());
    for (const auto& c : g.cases()) {
      QVERIFY2(kinds.count(c.kind), c.name.c_str());
      QVERIFY2(c.tolerance == "exact" || c.tolerance == "module" || c.tolerance == "end_to_end",
               c.name.c_str());
      if (c.file.empty()) continue;
      // Every tensor the manifest names is there, inputs through input_refs included.
      for (const auto& n : c.inputs) QVERIFY2(g.hasTensor(c, n), (c.name + ": " + n).c_str());
      for (const auto& [input, ref] : c.inputRefs)
        QVERIFY2(g.hasTensor(c, input), (c.name + ": ref " + input).c_str());
      for (const auto& n : c.expected()) QVERIFY2(g.hasTensor(c, n), (c.name + ": " + n).c_str());
      QVERIFY2(!c.expected().empty(), c.name.c_str());
    }
    qInfo("%zu cases in %s", g.cases().size(), dir_.c_str());
  }

  void perturbedTensorFails() {
    GoldenSet g = GoldenSet::load(dir_);
    int checked = 0;
    for (const auto& c : g.cases()) {
      if (c.file.empty() || c.outputs.empty()) continue;
      at::Tensor ref = g.tensor(c, c.outputs.front());
      if (!at::isFloatingType(ref.scalar_type()) || ref.numel() == 0) continue;
      if (!at::isfinite(ref).all().item<bool>()) continue;  // covered in mismatchesFail
      const double allowed = toleranceValue(c.tolerance) *
                             std::max(1.0, ref.abs().max().item<double>());
      // Identical passes.
      Comparator same(c.tolerance);
      QVERIFY2(same.compare(c.outputs.front(), ref.clone(), ref), same.report().c_str());
      QVERIFY(same.ok());
      // Within tolerance passes; twice the tolerance on one element fails and is named.
      at::Tensor small = ref.clone();
      small.view(-1)[small.numel() / 2] += 0.5 * allowed;
      Comparator near(c.tolerance);
      QVERIFY2(near.compare("near", small, ref), near.report().c_str());
      at::Tensor big = ref.clone();
      big.view(-1)[big.numel() / 3] += 2.0 * allowed;
      Comparator far(c.tolerance);
      far.compare("ok-tensor", ref.clone(), ref);
      QVERIFY(!far.compare(c.outputs.front(), big, ref));
      QVERIFY(!far.ok());
      QCOMPARE(far.worst()->name, c.outputs.front());
      QVERIFY2(QString::fromStdString(far.report()).contains(QString::fromStdString(c.outputs.front())),
               far.report().c_str());
      ++checked;
    }
    QVERIFY(checked > 0);
  }

  void mismatchesFail() {
    at::Tensor r = at::zeros({2, 3});
    Comparator shape("module");
    QVERIFY(!shape.compare("t", at::zeros({3, 2}), r));
    QVERIFY(QString::fromStdString(shape.report()).contains("shape"));
    Comparator nan("end_to_end");
    at::Tensor n = r.clone();
    n[0][0] = std::nan("");
    QVERIFY(!nan.compare("t", n, r));
    // NaN in a reference means "no expected value": not compared, and reported.
    Comparator both("end_to_end");
    QVERIFY2(both.compare("t", n.clone(), n), both.report().c_str());
    Comparator refNan("end_to_end");
    QVERIFY(refNan.compare("t", r.clone(), n));
    QVERIFY(QString::fromStdString(refNan.report()).contains("1 reference values are NaN"));
    // ...but a non-finite result where the reference is finite fails.
    at::Tensor shifted = r.clone();
    shifted[1][1] = std::nan("");
    Comparator moved("end_to_end");
    QVERIFY(!moved.compare("t", shifted, n));
    at::Tensor inf = r.clone();
    inf[0][1] = INFINITY;
    Comparator kind("end_to_end");
    QVERIFY(!kind.compare("t", inf, r));
    Comparator infBoth("end_to_end");
    QVERIFY(infBoth.compare("t", inf.clone(), inf));
    Comparator ids("exact");
    at::Tensor a = at::zeros({4}, at::kLong), b = a.clone();
    QVERIFY(ids.compare("ids", a, b));
    b[1] = 1;
    QVERIFY(!ids.compare("ids", a, b));  // integers must match exactly
    Comparator none("module");
    QVERIFY(!none.ok());  // comparing nothing is not a pass
  }

  // A synthetic set of the same schema with other sizes: the harness only follows the manifest.
  void syntheticSetWithOtherSizes() {
    QTemporaryDir tmp;
    const std::string d = tmp.path().toStdString();
    hl::fs::makeDirs(d + "/cases");
    at::Tensor x = at::randn({3, 7, 5});
    hl::st::writeTensors(d + "/cases/a.safetensors", {{"input.x", x}, {"output.y", x * 2}});
    hl::st::writeTensors(d + "/cases/b.safetensors", {{"output.z", x + 1}});
    const char* manifest = "{\"schema\": {\"kinds\": [\"unet\"]}, \"cases\": {\n"
      "      \"a\": {\"kind\": \"unet\", \"file\": \"cases/a.safetensors\", \"tolerance\": \"module\",\n"
      "            \"input_refs\": {}, \"inputs\": [\"input.x\"], \"outputs\": [\"output.y\"], \"intermediates\": [], \"per_step\": []},\n"
      "      \"b\": {\"kind\": \"unet\", \"file\": \"cases/b.safetensors\", \"tolerance\": \"end_to_end\",\n"
      "            \"input_refs\": {\"input.x\": {\"case\": \"a\", \"tensor\": \"input.x\"}},\n"
      "            \"inputs\": [], \"outputs\": [\"output.z\"], \"intermediates\": [], \"per_step\": []}}}";
    hl::fs::writeAtomic(d + "/manifest.json", manifest);
    GoldenSet g = GoldenSet::load(d);
    QCOMPARE(g.cases().size(), size_t(2));
    QCOMPARE(g.casesOfKind("unet").size(), size_t(2));
    const Case& b = g.at("b");
    at::Tensor xin = g.tensor(b, "input.x");
    QCOMPARE(xin.sizes(), x.sizes());
    Comparator cmp(b.tolerance);
    QVERIFY(cmp.compare("output.z", xin + 1, g.tensor(b, "output.z")));
    QVERIFY_THROWS_EXCEPTION(hl::Error, g.tensor(b, "output.missing"));
  }

  void missingSetSkipsOrFails() {
    QTemporaryDir empty;
    const QByteArray oldDir = qgetenv("HYPERLORA_GOLDEN_DIR"), oldCi = qgetenv("CI");
    qputenv("HYPERLORA_GOLDEN_DIR", empty.path().toUtf8());
    qunsetenv("CI");
    std::string where;
    QCOMPARE(availabilityExitCode(&where), 77);  // skipped, never passed
    qputenv("CI", "true");
    QCOMPARE(availabilityExitCode(&where), 1);   // a failure under CI
    qputenv("HYPERLORA_GOLDEN_DIR", QByteArray::fromStdString(dir_));
    QCOMPARE(availabilityExitCode(&where), -1);
    qputenv("HYPERLORA_GOLDEN_DIR", oldDir);
    if (oldCi.isNull()) qunsetenv("CI"); else qputenv("CI", oldCi);
  }
};

HL_GOLDEN_TEST_MAIN(TestHarness)
#include "test_harness.moc"
