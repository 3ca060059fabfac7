#pragma once
#include <c10/core/ScalarType.h>

#include <string>
namespace hl::bench {
// `device`: "cpu", "cuda"; UNet weights in `dtype` there (fp16 on a CPU falls back to bf16).
// `runtime`: the LoRA applied as low-rank terms beside the layers instead of merged.
int remerge(const std::string& device, c10::ScalarType dtype, int repeats, bool runtime = false);
}  // namespace hl::bench
