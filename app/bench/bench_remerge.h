#pragma once
#include <string>
#include <c10/core/ScalarType.h>
namespace hl::bench {
// `device`: "cpu", "cuda"; UNet weights in `dtype` there (fp16 on a CPU falls back to bf16).
int remerge(const std::string& device, c10::ScalarType dtype, int repeats);
}
