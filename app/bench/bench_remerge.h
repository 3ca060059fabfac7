#pragma once
#include <c10/core/ScalarType.h>

#include <string>
namespace hl::bench {
// `device`: "cpu", "cuda"; UNet weights in `dtype` there (fp16 on a CPU falls back to bf16).
int remerge(const std::string& device, c10::ScalarType dtype, int repeats);
}  // namespace hl::bench
