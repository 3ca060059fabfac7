// sum_k c[k] * basis[k] for HyperLoRA's LoRA synthesis, reading fp16 bases directly.
#pragma once

#include <cstdint>

namespace hl {

// out[j] = sum_k c[k] * basis[k * n + j] for j < n, with `basis` K rows of n IEEE half values
// (raw bits). Accumulates in fp32 in the order k = 0..K-1. Uses F16C/AVX2/FMA when the CPU has
// them (checked at run time) and `allowSimd`, a portable loop otherwise; both give the same sums
// up to the fused multiply-add's single rounding.
void combineHalfBasis(const float* c, int64_t K, const uint16_t* basis, int64_t n, float* out,
                      bool allowSimd = true);

}  // namespace hl
