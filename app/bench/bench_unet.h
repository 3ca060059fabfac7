// hyperlora-bench's default mode: the matmul peak per precision under its thread policy, then
// seconds per full-size SDXL UNet evaluation (random weights) for each latent size, batch and
// precision, with achieved GFLOP/s from a FLOP count of the real forward pass.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace hl::bench {

struct UnetOptions {
  bool quick = false;     // the demo-pack UNet once, a small matmul
  bool unetOnly = false;  // no matmul table
  bool profile = false;   // after each row, the time split into linear, conv, attention, other
  int threads = 0;        // 0: the runtime's per-precision choice
  std::vector<int64_t> sizes{32, 64}, batches{1, 2};
  std::vector<std::string> dtypes{"fp32", "bf16"};
  int repeats = 3;
};

int unet(UnetOptions o);

}  // namespace hl::bench
