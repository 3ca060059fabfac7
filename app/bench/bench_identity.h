// hyperlora-bench --identity and the random full-size identity networks other modes share.
#pragma once
#include <c10/core/Device.h>
#include <c10/core/ScalarType.h>

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "hyperlora/hyper_lora.h"
#include "nn/nn.h"

namespace hl::studio {
class IdentityNetworks;
}

namespace hl::bench {
// `device`: "cpu", "cuda"; `dtype` of the networks (fp16 on a CPU falls back to bf16).
int identity(const std::string& device, c10::ScalarType dtype, int repeats, bool profile = false);
// Runs `run` once with every linear/conv/attention call timed and prints where the time went
// (linear, conv, attention, the rest).
void profileOps(const std::function<void()>& run);

// The 140 attention modules of the SDXL UNet that HyperLoRA's release targets.
std::vector<HyperLoraModuleEntry> sdxlHyperLoraModules();
// The LoRA basis of those modules, N(0, 0.02) in fp16 as the release stores it; `parameters`
// receives the count.
nn::Weights randomBases(const HyperLoraConfig& hc, const std::vector<HyperLoraModuleEntry>& modules,
                        c10::Device dev, double* parameters = nullptr);
// CLIP ViT-L/14 and the released HyperLoRA (IdProjector, Resampler, basis) with random weights.
// With `basesFile`, the basis is written there and memory-mapped from it, as a loaded release is.
std::unique_ptr<studio::IdentityNetworks> randomIdentityNetworks(c10::Device dev,
                                                                 c10::ScalarType dtype,
                                                                 const std::string& basesFile = "");
}  // namespace hl::bench
