// hyperlora-bench: prints the machine's measured matmul peak per precision and thread setting,
// the environment that changes it, and peak memory. Model benchmarks build on these figures.
#include <ATen/Parallel.h>
#include <ATen/core/Tensor.h>
#include <ATen/ops/mm.h>
#include <ATen/ops/randn.h>
#include <c10/core/GradMode.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <string>
#include <thread>

#include "runtime/runtime.h"
#include "util/progress.h"
#include "util/version.h"

#ifndef _WIN32
#include <sys/resource.h>
#endif

namespace {

double peakRssMb() {
#ifndef _WIN32
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  return double(ru.ru_maxrss) / 1024.0;
#else
  return 0.0;
#endif
}

// Best-of-n seconds for an n x n x n matmul.
double timeMatmul(int64_t n, c10::ScalarType dtype, int repeats) {
  at::Tensor a = at::randn({n, n}).to(dtype), b = at::randn({n, n}).to(dtype);
  at::mm(a, b);  // warm-up (oneDNN JIT, OpenBLAS pool start)
  double best = 1e30;
  for (int i = 0; i < repeats; ++i) {
    hl::ScopedTimer t("mm");
    at::Tensor c = at::mm(a, b);
    (void)c.data_ptr();
    best = std::min(best, t.seconds());
  }
  return best;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc > 1 && (!std::strcmp(argv[1], "--help") || !std::strcmp(argv[1], "-h"))) {
    std::puts("Usage: hyperlora-bench [--quick]\nPrints the measured matmul peak of this machine "
              "for fp32 and bf16 at 1 and all intra-op threads.");
    return 0;
  }
  if (argc > 1 && !std::strcmp(argv[1], "--version")) {
    std::printf("hyperlora-bench %s\n", HYPERLORA_VERSION);
    return 0;
  }
  const bool quick = argc > 1 && !std::strcmp(argv[1], "--quick");
  c10::NoGradGuard noGrad;
  const int64_t n = quick ? 512 : 2048;
  const int repeats = quick ? 2 : 5;
  const int cores = std::max(1u, std::thread::hardware_concurrency());
  std::printf("hyperlora-bench %s\n%s\n", HYPERLORA_VERSION, hl::describeEnvironment().c_str());
  std::printf("\nmatmul peak (%lldx%lldx%lld, best of %d)\n", (long long)n, (long long)n,
              (long long)n, repeats);
  std::printf("  %-6s %-8s %10s %10s\n", "dtype", "threads", "ms", "GFLOP/s");
  for (c10::ScalarType dt : {c10::kFloat, c10::kBFloat16}) {
    for (int threads : {1, cores}) {
      at::set_num_threads(threads);
      double s = timeMatmul(n, dt, repeats);
      std::printf("  %-6s %-8d %10.1f %10.1f\n", dt == c10::kFloat ? "fp32" : "bf16", threads,
                  s * 1e3, 2.0 * double(n) * n * n / s / 1e9);
      if (threads == cores) break;
    }
  }
  std::printf("\npeak resident memory: %.0f MB\n", peakRssMb());
  return 0;
}
