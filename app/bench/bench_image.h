// hyperlora-bench --image: whole SDXL images on random full-size weights through the studio
// session (text encoding, every sampling step, VAE decode), with per-stage seconds, GFLOP/s
// against the matmul peak of the same process, and peak memory.
#pragma once
#include <string>
#include <vector>

namespace hl::bench {

struct ImageOptions {
  std::vector<int> sizes{512, 1024};
  std::vector<std::string> dtypes{"fp32", "bf16"};
  std::string device = "cpu";
  std::string memory = "resident";  // the memory mode (resident, offload-text, sequential)
  std::string loraApply = "auto";   // auto, merge, runtime
  bool cudaGraphs = true;           // the UNet step as a CUDA graph where the placement allows
  int steps = 20;
  double cfg = 5.0;
  std::string sampler = "dpmpp_2m";
  int images = 1;  // timed images (after a warm-up UNet evaluation)
  // An ID-LoRA on: random full-size identity networks held by the session as the studio holds
  // them, their LoRA for one reference merged at this strength (0: none).
  double identityStrength = 0.0;
  std::string out;  // also append the figures to this file
};

int image(const ImageOptions& o);
// The best time of an n x n x n matmul on `device` in `dtype` ("fp32", "bf16", "fp16"), GFLOP/s
// (on a GPU n is at least 8192 and ten products are timed together).
double matmulPeak(const std::string& device, const std::string& dtype, int64_t n = 2048);
// Peak memory: resident set of the process (CPU) or the CUDA caching allocator's peak, in GiB.
double peakMemoryGib(const std::string& device);
void resetPeakMemory(const std::string& device);
// Waits for the device's queued work (CUDA), so that a timer measures it; nothing on CPU.
void deviceSync(const std::string& device);

}  // namespace hl::bench
