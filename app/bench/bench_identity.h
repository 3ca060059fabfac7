#pragma once
#include <string>
#include <c10/core/ScalarType.h>

#include <functional>
namespace hl::bench {
// `device`: "cpu", "cuda"; `dtype` of the networks (fp16 on a CPU falls back to bf16).
int identity(const std::string& device, c10::ScalarType dtype, int repeats, bool profile = false);
// Runs `run` once with every linear/conv/attention call timed and prints where the time went
// (linear, conv, attention, the rest).
void profileOps(const std::function<void()>& run);
}
