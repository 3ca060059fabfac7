#include "golden.h"

#include <ATen/TensorOperators.h>
#include <ATen/ops/abs.h>
#include <ATen/ops/equal.h>
#include <ATen/ops/isfinite.h>
#include <ATen/ops/isinf.h>
#include <ATen/ops/isnan.h>
#include <ATen/ops/where.h>
#include <ATen/ops/zeros_like.h>
#include <torch/csrc/api/include/torch/version.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <sstream>

#include "check.h"
#include "tensor/tensor_io.h"
#include "util/error.h"
#include "util/version.h"

namespace hl::golden {
namespace {

std::vector<std::string> names(const json::Value& e, const char* key) {
  std::vector<std::string> out;
  const json::Value* v = e.find(key);
  if (v && v->isArray())
    for (const auto& s : v->elements()) out.push_back(s.asString());
  return out;
}

}  // namespace

std::vector<std::string> Case::expected() const {
  std::vector<std::string> out = outputs;
  out.insert(out.end(), intermediates.begin(), intermediates.end());
  out.insert(out.end(), perStep.begin(), perStep.end());
  return out;
}

std::string GoldenSet::defaultDir() {
  const char* env = std::getenv("HYPERLORA_GOLDEN_DIR");
  if (env && *env) return env;
  return HYPERLORA_DEFAULT_GOLDEN_DIR;
}

GoldenSet GoldenSet::load(const std::string& dir) {
  GoldenSet g;
  g.dir_ = dir;
  g.manifest_ = std::make_shared<json::Value>(json::parseFile(dir + "/manifest.json"));
  const json::Value& cases = g.manifest_->at("cases");
  for (const auto& [name, e] : cases.members()) {
    Case c;
    c.name = name;
    c.entry = &e;
    try {
      c.kind = e.at("kind").asString();
      c.file = e.find("file") && !e.at("file").isNull() ? e.at("file").asString() : "";
      c.tolerance = e.stringOr("tolerance", "module");
      c.inputs = names(e, "inputs");
      c.outputs = names(e, "outputs");
      c.intermediates = names(e, "intermediates");
      c.perStep = names(e, "per_step");
      if (const json::Value* refs = e.find("input_refs"); refs && refs->isObject())
        for (const auto& [input, ref] : refs->members())
          c.inputRefs.push_back({input, {ref.at("case").asString(), ref.at("tensor").asString()}});
    } catch (const Error& err) {
      throw Error(dir + "/manifest.json: case \"" + name + "\": " + err.what());
    }
    g.cases_.push_back(std::move(c));
  }
  return g;
}

std::string GoldenSet::path(const std::string& rel) const {
  return dir_ + "/" + rel;
}

std::vector<const Case*> GoldenSet::casesOfKind(const std::string& kind) const {
  std::vector<const Case*> out;
  for (const auto& c : cases_)
    if (c.kind == kind) out.push_back(&c);
  return out;
}

const Case& GoldenSet::at(const std::string& name) const {
  for (const auto& c : cases_)
    if (c.name == name) return c;
  throw Error(dir_ + "/manifest.json: no case named \"" + name + "\"");
}

std::shared_ptr<st::File> GoldenSet::caseFile(const Case& c) const {
  if (c.file.empty()) throw Error("case \"" + c.name + "\" has no tensor file");
  auto it = files_.find(c.file);
  if (it != files_.end()) return it->second;
  auto f = st::File::open(path(c.file));
  files_.emplace(c.file, f);
  return f;
}

bool GoldenSet::hasTensor(const Case& c, const std::string& name) const {
  for (const auto& [input, ref] : c.inputRefs)
    if (input == name) return hasTensor(at(ref.caseName), ref.tensor);
  return !c.file.empty() && caseFile(c)->find(name) != nullptr;
}

at::Tensor GoldenSet::tensor(const Case& c, const std::string& name) const {
  for (const auto& [input, ref] : c.inputRefs)
    if (input == name) return tensor(at(ref.caseName), ref.tensor);
  auto f = caseFile(c);
  if (!f->find(name))
    throw Error(path(c.file) + ": case \"" + c.name + "\" has no tensor \"" + name + "\"");
  return st::view(f, name);
}

c10::Device testDevice() {
  const char* env = std::getenv("HYPERLORA_TEST_DEVICE");
  if (!env || !*env) return c10::Device(c10::kCPU);
  try {
    return c10::Device(env);
  } catch (const std::exception&) {
    throw Error(std::string("HYPERLORA_TEST_DEVICE=\"") + env +
                "\" is not a device (cpu, cuda, cuda:N)");
  }
}

c10::ScalarType testDtype() {
  const char* env = std::getenv("HYPERLORA_TEST_DTYPE");
  const std::string d = env ? env : "";
  if (d.empty() || d == "fp32") return c10::kFloat;
  if (d == "bf16") return c10::kBFloat16;
  if (d == "fp16") return c10::kHalf;
  throw Error("HYPERLORA_TEST_DTYPE=\"" + d + "\" is not one of fp32, bf16, fp16");
}

std::string testComputeName() {
  const c10::ScalarType t = testDtype();
  return testDevice().str() + (t == c10::kFloat      ? " fp32"
                               : t == c10::kBFloat16 ? " bf16"
                                                     : " fp16");
}

Placement testPlacement() {
  const c10::ScalarType t = testDtype();
  PlacementRequest r;
  r.device = testDevice().str();
  r.precision = t == c10::kFloat ? Precision::Float32 : t == c10::kHalf ? Precision::Float16 : Precision::BFloat16;
  Placement p = choosePlacement(r);
  if (t == c10::kHalf && p.mainDevice().is_cpu()) {
    // The product runs bf16 where fp16 is asked on the CPU; the tests place the networks as the
    // CUDA fp16 policy does (the VAE fp32), so fp16 numerics are checked without a GPU.
#if TORCH_VERSION_MAJOR < 2
    test::skip("fp16 on the CPU needs libtorch >= 2 (1.13 has no fp16 CPU kernels)");
#endif
    for (auto& [c, place] : p.places) place.dtype = c == Component::Vae ? c10::kFloat : c10::kHalf;
  }
  // The session applies this when it opens a model set; module tests run the networks directly.
  applyTf32(p.compute().tf32);
  return p;
}

Place testPlace(Component c) { return testPlacement().of(c); }

double toleranceValue(const std::string& tolerance, c10::ScalarType dtype) {
  const bool half = dtype == c10::kHalf, bf16 = dtype == c10::kBFloat16;
  if (tolerance == "exact") return 1e-6;
  if (tolerance == "module") return half ? kHalfModule : bf16 ? kBf16Module : 1e-4;
  if (tolerance == "end_to_end") return half ? kHalfEndToEnd : bf16 ? kBf16EndToEnd : 1e-3;
  throw Error("unknown tolerance \"" + tolerance + "\"");
}

bool Comparator::compare(const std::string& name, const at::Tensor& actual,
                         const at::Tensor& expected) {
  Comparison r;
  r.name = name;
  const double tol = toleranceValue(tolerance_, dtype_);
  if (actual.sizes() != expected.sizes()) {
    std::ostringstream s;
    s << "shape " << actual.sizes() << " differs from the reference " << expected.sizes();
    r.problem = s.str();
    r.ok = false;
    results_.push_back(r);
    return false;
  }
  const bool integral =
      !at::isFloatingType(expected.scalar_type()) && !at::isComplexType(expected.scalar_type());
  at::Tensor ref = expected.to(at::kDouble), act = actual.detach().to(at::kCPU).to(at::kDouble);
  if (ref.numel() == 0) {
    results_.push_back(r);
    return true;
  }
  // A NaN in the reference carries no expected value (the public set has a case whose reference
  // run produced NaN from finite inputs): those positions are excluded and counted. Everywhere
  // else the result must be finite where the reference is, and infinities must match.
  const at::Tensor refNan = at::isnan(ref), refFinite = at::isfinite(ref);
  const at::Tensor defined = ~refNan;
  const at::Tensor actFinite = at::isfinite(act);
  const int64_t badFinite = (refFinite & ~actFinite).sum().item<int64_t>();
  const at::Tensor refInf = ~refFinite & defined;
  const bool infOk = at::equal(refInf, at::isinf(act) & defined) &&
                     at::equal(at::where(refInf, ref, at::zeros_like(ref)),
                               at::where(refInf, act, at::zeros_like(act)));
  if (badFinite > 0 || !infOk) {
    r.problem = std::to_string(badFinite) + " non-finite values where the reference is finite" +
                (infOk ? "" : ", and infinities differ from the reference");
    r.ok = false;
  }
  r.undefinedRef = refNan.sum().item<int64_t>();
  const at::Tensor refF = at::where(refFinite, ref, at::zeros_like(ref));
  const at::Tensor actF = at::where(refFinite, act, at::zeros_like(act)).nan_to_num(0.0);
  r.refMax = at::abs(refF).max().item<double>();
  r.maxDiff = at::abs(actF - refF).max().item<double>();
  r.allowed = integral ? 0.0 : tol * std::max(1.0, r.refMax);
  if (r.maxDiff > r.allowed || std::isnan(r.maxDiff)) r.ok = false;
  results_.push_back(r);
  return r.ok;
}

bool Comparator::ok() const {
  for (const auto& r : results_)
    if (!r.ok) return false;
  return !results_.empty();
}

const Comparison* Comparator::worst() const {
  const Comparison* w = nullptr;
  for (const auto& r : results_) {
    if (!r.problem.empty()) return &r;
    if (!w || r.ratio() > w->ratio()) w = &r;
  }
  return w;
}

std::string Comparator::report() const {
  std::ostringstream s;
  if (results_.empty()) return "no tensors were compared";
  size_t failed = 0;
  for (const auto& r : results_) {
    if (r.ok) continue;
    ++failed;
    s << "  FAIL " << r.name << ": ";
    if (!r.problem.empty())
      s << r.problem;
    else
      s << "max|diff| " << r.maxDiff << " > allowed " << r.allowed << " (max|ref| " << r.refMax
        << ")";
    s << "\n";
  }
  int64_t undefinedRef = 0;
  for (const auto& r : results_) undefinedRef += r.undefinedRef;
  if (undefinedRef) s << undefinedRef << " reference values are NaN and were not compared\n";
  const Comparison* w = worst();
  s << failed << " of " << results_.size() << " tensors outside " << tolerance_
    << (dtype_ == c10::kFloat  ? ""
        : dtype_ == c10::kHalf ? " (fp16)"
                               : " (bf16)")
    << " tolerance; worst: " << w->name << " max|diff| " << w->maxDiff << " (allowed " << w->allowed
    << ", max|ref| " << w->refMax << ")";
  return s.str();
}

int availabilityExitCode(std::string* dir) {
  *dir = GoldenSet::defaultDir();
  std::error_code ec;
  if (std::filesystem::is_regular_file(*dir + "/manifest.json", ec)) return -1;
  const char* ci = std::getenv("CI");
  const bool inCi = ci && std::string(ci) == "true";
  std::fprintf(stderr, "%s: no golden reference set at %s (set HYPERLORA_GOLDEN_DIR)\n",
               inCi ? "FAIL" : "SKIPPED", dir->c_str());
  return inCi ? 1 : 77;
}

const GoldenSet& set() {
  static std::unique_ptr<GoldenSet> loaded;
  if (loaded) return *loaded;
  std::string dir;
  const int code = availabilityExitCode(&dir);
  if (code == 77) test::skip("no golden reference set at " + dir + " (set HYPERLORA_GOLDEN_DIR)");
  if (code >= 0) HL_FAIL("no golden reference set at " + dir + " (CI=true needs one)");
  loaded = std::make_unique<GoldenSet>(GoldenSet::load(dir));
  return *loaded;
}

void forEachCase(const std::string& kind,
                 const std::function<void(const GoldenSet&, const Case&)>& fn) {
  const GoldenSet& g = set();
  const auto cases = g.casesOfKind(kind);
  HL_CHECK_MSG(!cases.empty(), "the reference set has no case of kind \"" + kind + "\"");
  for (const Case* c : cases) {
    test::Scope scope(c->name);
    try {
      fn(g, *c);
    } catch (const NotImplemented& e) {
      test::skipCase(c->name, e.what());
    }
  }
}

void expectOk(const Case& c, const Comparator& cmp) {
  HL_CHECK_MSG(cmp.ok(), c.name + " (" + testComputeName() + "):\n" + cmp.report());
  test::info(c.name + " (" + testComputeName() + "): " + cmp.report());
}

}  // namespace hl::golden
