// Reference-test harness: reads a golden set (HYPERLORA_GOLDEN_DIR, default ../shared/golden),
// discovers its cases from manifest.json, loads case tensors (resolving input_refs) and compares
// results with max|diff| <= tol * max(1, max|ref|), reporting the worst tensor.
// Nothing here assumes the sizes of a particular set.
#pragma once

#include <ATen/core/Tensor.h>
#include <c10/core/Device.h>

#include <functional>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "runtime/placement.h"
#include "safetensors/safetensors.h"
#include "util/json.h"

namespace hl::golden {

struct TensorRef {
  std::string caseName;
  std::string tensor;
};

struct Case {
  std::string name, kind, file, tolerance;
  std::vector<std::string> inputs, outputs, intermediates, perStep;
  std::vector<std::pair<std::string, TensorRef>> inputRefs;
  const json::Value* entry = nullptr;         // the whole manifest entry (kind-specific fields)
  std::vector<std::string> expected() const;  // outputs + intermediates + per_step
};

class GoldenSet {
 public:
  // HYPERLORA_GOLDEN_DIR if set, else the build's default next to the source tree.
  static std::string defaultDir();
  static GoldenSet load(const std::string& dir);  // throws hl::Error

  const std::string& dir() const { return dir_; }
  std::string path(const std::string& rel) const;
  const json::Value& manifest() const { return *manifest_; }
  const std::vector<Case>& cases() const { return cases_; }
  std::vector<const Case*> casesOfKind(const std::string& kind) const;
  const Case& at(const std::string& name) const;

  // A case tensor by name; input names listed in input_refs come from the referenced case.
  at::Tensor tensor(const Case& c, const std::string& name) const;
  bool hasTensor(const Case& c, const std::string& name) const;
  std::shared_ptr<st::File> caseFile(const Case& c) const;

 private:
  std::string dir_;
  std::shared_ptr<json::Value> manifest_;
  std::vector<Case> cases_;
  mutable std::map<std::string, std::shared_ptr<st::File>> files_;
};

// The device and dtype parity tests run the engine in: HYPERLORA_TEST_DEVICE (cpu, cuda, cuda:N;
// default cpu) and HYPERLORA_TEST_DTYPE (fp32, bf16, fp16; default fp32). References are fp32.
c10::Device testDevice();
c10::ScalarType testDtype();
std::string testComputeName();  // "cpu fp32", "cuda bf16", ...
// The engine's placement policy for that device and dtype, and the place of one component
// (the VAE stays fp32 when the UNet runs in fp16, as in the product). Both also apply its TF32
// switch, as the session does: an fp32 run on CUDA computes in IEEE fp32. fp16 on the CPU is
// placed as on CUDA (libtorch >= 2; skipped on 1.13), where the product itself would use bf16.
Placement testPlacement();
Place testPlace(Component c);

// "exact" 1e-6 (integers must be equal), "module" 1e-4, "end_to_end" 1e-3 for an fp32 engine.
// In fp16 and bf16 (8 and 11 fewer mantissa bits than fp32) the float tolerances widen to the
// values below, measured with margin on the public set (README, "Tests").
double toleranceValue(const std::string& tolerance, c10::ScalarType dtype = c10::kFloat);
inline constexpr double kHalfModule = 2e-2, kHalfEndToEnd = 5e-2;
inline constexpr double kBf16Module = 8e-2, kBf16EndToEnd = 1e-1;

struct Comparison {
  std::string name;
  double maxDiff = 0, refMax = 0, allowed = 0;
  bool ok = true;
  std::string problem;       // shape or dtype mismatch, non-finite values
  int64_t undefinedRef = 0;  // reference positions that are NaN (not compared)
  double ratio() const { return allowed > 0 ? maxDiff / allowed : (maxDiff > 0 ? 1e30 : 0); }
};

class Comparator {
 public:
  // The tolerance follows testDtype() unless `dtype` says otherwise.
  explicit Comparator(std::string tolerance, c10::ScalarType dtype = testDtype())
      : tolerance_(std::move(tolerance)), dtype_(dtype) {}
  bool compare(const std::string& name, const at::Tensor& actual, const at::Tensor& expected);
  bool ok() const;
  size_t count() const { return results_.size(); }
  const Comparison* worst() const;
  // One line per failure plus the worst tensor, e.g. for QVERIFY2.
  std::string report() const;

 private:
  std::string tolerance_;
  c10::ScalarType dtype_;
  std::vector<Comparison> results_;
};

// The reference set of this run, loaded once. When there is none, the calling test is skipped
// (hl::test::Skipped), or fails under CI=true.
const GoldenSet& set();
// Decides whether a golden-set test runs, fails (CI=true and no set) or skips: the exit code to
// use when it must not run (77 = skipped for ctest), or -1 to run; *dir is the set's folder.
int availabilityExitCode(std::string* dir);

// Every case of `kind`, each run by `fn` inside a scope named after it; a case whose `fn`
// throws NotImplemented is reported as a skipped case by name.
struct NotImplemented : std::runtime_error {
  using std::runtime_error::runtime_error;
};
void forEachCase(const std::string& kind,
                 const std::function<void(const GoldenSet&, const Case&)>& fn);
// Checks a comparator and prints its report under the case's name.
void expectOk(const Case& c, const Comparator& cmp);

}  // namespace hl::golden
