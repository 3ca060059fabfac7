#include "hyperlora/basis_combine.h"

#include <c10/util/Half.h>

#include <algorithm>
#include <cstring>

#if defined(__GNUC__) && defined(__x86_64__)
#include <immintrin.h>
#define HL_HAVE_F16C_PATH 1
#endif

namespace hl {
namespace {

// Columns per pass: the fp32 accumulators of a band (4 KB) stay in L1 while the K rows stream
// through, so every basis byte is read from memory once and nothing is written back but `out`.
constexpr int64_t kBand = 1024;

void portable(const float* c, int64_t K, const uint16_t* basis, int64_t n, float* out) {
  float acc[kBand];
  for (int64_t j0 = 0; j0 < n; j0 += kBand) {
    const int64_t len = std::min(kBand, n - j0);
    std::fill(acc, acc + len, 0.0f);
    for (int64_t k = 0; k < K; ++k) {
      const uint16_t* row = basis + k * n + j0;
      const float ck = c[k];
      for (int64_t j = 0; j < len; ++j)
        acc[j] += ck * float(c10::Half(row[j], c10::Half::from_bits()));
    }
    std::memcpy(out + j0, acc, size_t(len) * sizeof(float));
  }
}

#ifdef HL_HAVE_F16C_PATH
__attribute__((target("avx2,fma,f16c"))) void vectorised(const float* c, int64_t K,
                                                         const uint16_t* basis, int64_t n,
                                                         float* out) {
  alignas(32) float acc[kBand];
  for (int64_t j0 = 0; j0 < n; j0 += kBand) {
    const int64_t len = std::min(kBand, n - j0);
    const int64_t vec = len & ~int64_t(7);
    std::fill(acc, acc + len, 0.0f);
    for (int64_t k = 0; k < K; ++k) {
      const uint16_t* row = basis + k * n + j0;
      const __m256 ck = _mm256_set1_ps(c[k]);
      for (int64_t j = 0; j < vec; j += 8) {
        const __m256 b =
            _mm256_cvtph_ps(_mm_loadu_si128(reinterpret_cast<const __m128i*>(row + j)));
        _mm256_store_ps(acc + j, _mm256_fmadd_ps(ck, b, _mm256_load_ps(acc + j)));
      }
      for (int64_t j = vec; j < len; ++j) acc[j] = __builtin_fmaf(c[k], _cvtsh_ss(row[j]), acc[j]);
    }
    std::memcpy(out + j0, acc, size_t(len) * sizeof(float));
  }
}
#endif

}  // namespace

void combineHalfBasis(const float* c, int64_t K, const uint16_t* basis, int64_t n, float* out,
                      bool allowSimd) {
#ifdef HL_HAVE_F16C_PATH
  static const bool fast = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") &&
                           __builtin_cpu_supports("f16c");
  if (fast && allowSimd) return vectorised(c, K, basis, n, out);
#endif
  portable(c, K, basis, n, out);
}

}  // namespace hl
