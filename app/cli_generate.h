#pragma once
#include <string>
#include <vector>

namespace hl::cli {
// hyperlora-cli generate --model PATH --prompt .. [--negative ..] [--width W --height H]
// [--steps N] [--cfg X] [--sampler NAME] [--seed S] [--lora FILE:STRENGTH]... --out FILE.png
int generate(const std::vector<std::string>& args);
}  // namespace hl::cli
