// Where and in which precision the engine runs, and how many CPU threads it uses.
#pragma once

#include <c10/core/Device.h>
#include <c10/core/ScalarType.h>

#include <cstdint>
#include <functional>
#include <string>

namespace hl {

enum class Precision { Auto, Float32, BFloat16, Float16 };

Precision parsePrecision(const std::string& s);  // "auto", "fp32", "bf16", "fp16"
const char* precisionName(Precision p);

struct ComputeConfig {
  c10::Device device = c10::Device(c10::kCPU);
  c10::ScalarType dtype = c10::kFloat;  // weights and activations of the big networks
  int intraOpThreads = 1;
  // fp32 work on CUDA may round the inputs of its matrix products and convolutions to TF32
  // (fp16's 10-bit mantissa, fp32's range): only where the networks run in fp16/bf16 anyway (the
  // fp32 VAE beside them, as PyTorch's own default does for convolutions). An fp32 run computes
  // in IEEE fp32, so it matches fp32 references within 1e-4.
  bool tf32 = false;
  std::string note;  // why this choice was made, for logs and the settings dialog
  std::string summary() const;
};

bool cudaAvailable();
int cudaDeviceCount();

// `device`: "auto", "cpu", "cuda" or "cuda:N". Auto picks CUDA when present.
// Policy: fp16 on CUDA (bf16 if asked); fp32 on CPU, or bf16 if asked, since libtorch's CPU
// kernels have no fp16 (a request for fp16 on CPU falls back to bf16 and says so).
ComputeConfig chooseCompute(const std::string& device, Precision precision, int threads = 0);

// The TF32 rule of ComputeConfig::tf32 for networks running on `device` in `dtype`.
bool tf32Allowed(const c10::Device& device, c10::ScalarType dtype);

// Sets libtorch's intra-op thread count for this config (libtorch starts with 1 on these
// machines, whatever the core count) and its TF32 switches (applyTf32). Returns the count set.
int applyThreads(const ComputeConfig& config);

// libtorch's process-wide TF32 switches, for cuBLAS matrix products and cuDNN convolutions
// alike (PyTorch's defaults differ between the two: off and on).
void applyTf32(bool allow);

// Default intra-op threads for a CPU dtype. fp32 matmuls go to OpenBLAS, which keeps its own
// pthread pool over all cores: extra ATen threads only compete with it, so 1 measured fastest.
// bf16 runs in oneDNN, which uses the ATen pool: there all cores measured fastest.
int defaultCpuThreads(c10::ScalarType dtype);

// OpenBLAS keeps its own thread pool; these reach it through the C API when libtorch uses
// OpenBLAS (returns -1 / does nothing otherwise).
int openblasThreads();
void setOpenblasThreads(int n);

// Runs fn(worker, item) for every item in [0, n) on `workers` fresh threads while the caller
// waits, items handed out in order from a shared counter, without autograd. Work outside ATen's
// pool: memory-bound loops, or ops that must not wait for the single fp32 intra-op thread. The
// first exception is rethrown once every worker has stopped.
void parallelItems(int64_t n, int workers, const std::function<void(int worker, int64_t item)>& fn);

// One line on libtorch version, threads, OPENBLAS_CORETYPE and CUDA, for benchmarks and logs.
std::string describeEnvironment();

}  // namespace hl
