#include <ATen/TensorOperators.h>
// The reference-test harness itself: case discovery from the manifest, tensor loading with
// input_refs, and the comparison rule (a perturbed tensor must fail).
#include <ATen/ops/isfinite.h>
#include <ATen/ops/zeros.h>

#include <cmath>
#include <cstdlib>
#include <set>

#include "check.h"
#include "golden.h"
#include "tensor/tensor_io.h"
#include "util/error.h"
#include "util/fs.h"
#include "util/json.h"

using namespace hl::golden;

HL_TEST(discoversEveryCase) {
  const GoldenSet& g = set();
  HL_CHECK(!g.cases().empty());
  std::set<std::string> kinds;
  for (const auto& k : g.manifest().at("schema").at("kinds").elements()) kinds.insert(k.asString());
  for (const auto& c : g.cases()) {
    HL_CHECK_MSG(kinds.count(c.kind), c.name.c_str());
    HL_CHECK_MSG(c.tolerance == "exact" || c.tolerance == "module" || c.tolerance == "end_to_end",
                 c.name.c_str());
    if (c.file.empty()) continue;
    // Every tensor the manifest names is there, inputs through input_refs included.
    for (const auto& n : c.inputs) HL_CHECK_MSG(g.hasTensor(c, n), (c.name + ": " + n).c_str());
    for (const auto& [input, ref] : c.inputRefs)
      HL_CHECK_MSG(g.hasTensor(c, input), (c.name + ": ref " + input).c_str());
    for (const auto& n : c.expected()) HL_CHECK_MSG(g.hasTensor(c, n), (c.name + ": " + n).c_str());
    HL_CHECK_MSG(!c.expected().empty(), c.name.c_str());
  }
  hl::test::infof("%zu cases in %s", g.cases().size(), g.dir().c_str());
}

HL_TEST(perturbedTensorFails) {
  const GoldenSet& g = set();
  int checked = 0;
  for (const auto& c : g.cases()) {
    if (c.file.empty() || c.outputs.empty()) continue;
    at::Tensor ref = g.tensor(c, c.outputs.front());
    if (!at::isFloatingType(ref.scalar_type()) || ref.numel() == 0) continue;
    if (!at::isfinite(ref).all().item<bool>()) continue;  // covered in mismatchesFail
    // The run's dtype, as the comparators below use it (fp16/bf16 runs allow more).
    const double allowed =
        toleranceValue(c.tolerance, testDtype()) * std::max(1.0, ref.abs().max().item<double>());
    // Identical passes.
    Comparator same(c.tolerance);
    HL_CHECK_MSG(same.compare(c.outputs.front(), ref.clone(), ref), same.report().c_str());
    HL_CHECK(same.ok());
    // Within tolerance passes; twice the tolerance on one element fails and is named.
    at::Tensor small = ref.clone();
    small.view(-1)[small.numel() / 2] += 0.5 * allowed;
    Comparator near(c.tolerance);
    HL_CHECK_MSG(near.compare("near", small, ref), near.report().c_str());
    at::Tensor big = ref.clone();
    big.view(-1)[big.numel() / 3] += 2.0 * allowed;
    Comparator far(c.tolerance);
    far.compare("ok-tensor", ref.clone(), ref);
    HL_CHECK(!far.compare(c.outputs.front(), big, ref));
    HL_CHECK(!far.ok());
    HL_CHECK_EQ(far.worst()->name, c.outputs.front());
    HL_CHECK_MSG(hl::test::contains(far.report(), c.outputs.front()), far.report().c_str());
    ++checked;
  }
  HL_CHECK(checked > 0);
}

HL_TEST(mismatchesFail) {
  at::Tensor r = at::zeros({2, 3});
  Comparator shape("module");
  HL_CHECK(!shape.compare("t", at::zeros({3, 2}), r));
  HL_CHECK(hl::test::contains(shape.report(), "shape"));
  Comparator nan("end_to_end");
  at::Tensor n = r.clone();
  n[0][0] = std::nan("");
  HL_CHECK(!nan.compare("t", n, r));
  // NaN in a reference means "no expected value": not compared, and reported.
  Comparator both("end_to_end");
  HL_CHECK_MSG(both.compare("t", n.clone(), n), both.report().c_str());
  Comparator refNan("end_to_end");
  HL_CHECK(refNan.compare("t", r.clone(), n));
  HL_CHECK(hl::test::contains(refNan.report(), "1 reference values are NaN"));
  // ...but a non-finite result where the reference is finite fails.
  at::Tensor shifted = r.clone();
  shifted[1][1] = std::nan("");
  Comparator moved("end_to_end");
  HL_CHECK(!moved.compare("t", shifted, n));
  at::Tensor inf = r.clone();
  inf[0][1] = INFINITY;
  Comparator kind("end_to_end");
  HL_CHECK(!kind.compare("t", inf, r));
  Comparator infBoth("end_to_end");
  HL_CHECK(infBoth.compare("t", inf.clone(), inf));
  Comparator ids("exact");
  at::Tensor a = at::zeros({4}, at::kLong), b = a.clone();
  HL_CHECK(ids.compare("ids", a, b));
  b[1] = 1;
  HL_CHECK(!ids.compare("ids", a, b));  // integers must match exactly
  Comparator none("module");
  HL_CHECK(!none.ok());  // comparing nothing is not a pass
}

// A synthetic set of the same schema with other sizes: the harness only follows the manifest.
HL_TEST(syntheticSetWithOtherSizes) {
  hl::test::TempDir tmp;
  const std::string d = tmp.path();
  hl::fs::makeDirs(d + "/cases");
  at::Tensor x = at::randn({3, 7, 5});
  hl::st::writeTensors(d + "/cases/a.safetensors", {{"input.x", x}, {"output.y", x * 2}});
  hl::st::writeTensors(d + "/cases/b.safetensors", {{"output.z", x + 1}});
  const char* manifest =
      "{\"schema\": {\"kinds\": [\"unet\"]}, \"cases\": {\n"
      "      \"a\": {\"kind\": \"unet\", \"file\": \"cases/a.safetensors\", \"tolerance\": "
      "\"module\",\n"
      "            \"input_refs\": {}, \"inputs\": [\"input.x\"], \"outputs\": [\"output.y\"], "
      "\"intermediates\": [], \"per_step\": []},\n"
      "      \"b\": {\"kind\": \"unet\", \"file\": \"cases/b.safetensors\", \"tolerance\": "
      "\"end_to_end\",\n"
      "            \"input_refs\": {\"input.x\": {\"case\": \"a\", \"tensor\": \"input.x\"}},\n"
      "            \"inputs\": [], \"outputs\": [\"output.z\"], \"intermediates\": [], "
      "\"per_step\": []}}}";
  hl::fs::writeAtomic(d + "/manifest.json", manifest);
  GoldenSet g = GoldenSet::load(d);
  HL_CHECK_EQ(g.cases().size(), size_t(2));
  HL_CHECK_EQ(g.casesOfKind("unet").size(), size_t(2));
  const Case& b = g.at("b");
  at::Tensor xin = g.tensor(b, "input.x");
  HL_CHECK_EQ(xin.sizes(), x.sizes());
  Comparator cmp(b.tolerance);
  HL_CHECK(cmp.compare("output.z", xin + 1, g.tensor(b, "output.z")));
  HL_CHECK_THROWS(hl::Error, g.tensor(b, "output.missing"));
}

HL_TEST(missingSetSkipsOrFails) {
  hl::test::TempDir empty;
  const std::string real = set().dir();
  std::string where;
  {
    hl::test::EnvVar dir("HYPERLORA_GOLDEN_DIR", empty.path().c_str());
    hl::test::EnvVar ci("CI", nullptr);
    HL_CHECK_EQ(availabilityExitCode(&where), 77);  // skipped, never passed
  }
  {
    hl::test::EnvVar dir("HYPERLORA_GOLDEN_DIR", empty.path().c_str());
    hl::test::EnvVar ci("CI", "true");
    HL_CHECK_EQ(availabilityExitCode(&where), 1);  // a failure under CI
  }
  hl::test::EnvVar dir("HYPERLORA_GOLDEN_DIR", real.c_str());
  HL_CHECK_EQ(availabilityExitCode(&where), -1);
}
