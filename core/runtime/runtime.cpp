#include "runtime/runtime.h"

#include <ATen/Context.h>
#include <ATen/Parallel.h>
#include <ATen/detail/CUDAHooksInterface.h>
#include <c10/core/GradMode.h>
#include <torch/csrc/api/include/torch/version.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>

#include "runtime/host_allocator.h"
#ifndef _WIN32
#include <dlfcn.h>
#endif
#include <exception>
#include <mutex>
#include <sstream>
#include <thread>
#include <vector>

#include "util/error.h"

namespace hl {

Precision parsePrecision(const std::string& s) {
  if (s.empty() || s == "auto") return Precision::Auto;
  if (s == "fp32" || s == "float32") return Precision::Float32;
  if (s == "bf16" || s == "bfloat16") return Precision::BFloat16;
  if (s == "fp16" || s == "float16" || s == "half") return Precision::Float16;
  throw Error("unknown precision \"" + s + "\" (expected auto, fp32, bf16 or fp16)");
}

const char* precisionName(Precision p) {
  switch (p) {
    case Precision::Auto:
      return "auto";
    case Precision::Float32:
      return "fp32";
    case Precision::BFloat16:
      return "bf16";
    case Precision::Float16:
      return "fp16";
  }
  return "?";
}

bool cudaAvailable() {
  return at::hasCUDA() && cudaDeviceCount() > 0;
}

int cudaDeviceCount() {
  if (!at::hasCUDA()) return 0;
  return at::detail::getCUDAHooks().getNumGPUs();
}

int defaultCpuThreads(c10::ScalarType dtype) {
  int cores = int(std::thread::hardware_concurrency());
  if (cores < 1) cores = 1;
  return dtype == c10::kFloat ? 1 : cores;
}

ComputeConfig chooseCompute(const std::string& device, Precision precision, int threads) {
  ComputeConfig c;
  std::ostringstream note;
  bool wantCuda = false;
  int index = 0;
  if (device.empty() || device == "auto") {
    wantCuda = cudaAvailable();
    note << (wantCuda ? "CUDA found" : "no CUDA device, using the CPU");
  } else if (device == "cpu") {
    note << "CPU requested";
  } else if (device.rfind("cuda", 0) == 0) {
    if (device.size() > 5 && device[4] == ':') index = std::atoi(device.c_str() + 5);
    if (!cudaAvailable())
      throw Error("device \"" + device +
                  "\" requested, but this build or machine has no CUDA device");
    if (index >= cudaDeviceCount())
      throw Error("device \"" + device + "\" requested, but only " +
                  std::to_string(cudaDeviceCount()) + " CUDA device(s) exist");
    wantCuda = true;
    note << "CUDA requested";
  } else {
    throw Error("unknown device \"" + device + "\" (expected auto, cpu, cuda or cuda:N)");
  }

  if (wantCuda) {
    c.device = c10::Device(c10::kCUDA, static_cast<c10::DeviceIndex>(index));
    c.dtype = precision == Precision::BFloat16  ? c10::kBFloat16
              : precision == Precision::Float32 ? c10::kFloat
                                                : c10::kHalf;
  } else {
    c.device = c10::Device(c10::kCPU);
    if (precision == Precision::BFloat16) {
      c.dtype = c10::kBFloat16;
    } else if (precision == Precision::Float16) {
      c.dtype = c10::kBFloat16;
      note << "; fp16 has no CPU kernels in this libtorch, using bf16";
    } else {
      c.dtype = c10::kFloat;
    }
  }
  c.intraOpThreads = threads > 0 ? threads : (wantCuda ? 1 : defaultCpuThreads(c.dtype));
  c.tf32 = tf32Allowed(c.device, c.dtype);
  c.note = note.str();
  return c;
}

int openblasThreads() {
#ifndef _WIN32
  using Get = int (*)();
  if (auto f = reinterpret_cast<Get>(dlsym(RTLD_DEFAULT, "openblas_get_num_threads"))) return f();
#endif
  return -1;
}

void setOpenblasThreads(int n) {
#ifndef _WIN32
  using Set = void (*)(int);
  if (auto f = reinterpret_cast<Set>(dlsym(RTLD_DEFAULT, "openblas_set_num_threads"))) f(n);
#else
  (void)n;
#endif
}

bool tf32Allowed(const c10::Device& device, c10::ScalarType dtype) {
  return device.is_cuda() && dtype != c10::kFloat;
}

void applyTf32(bool allow) {
  at::globalContext().setAllowTF32CuBLAS(allow);
  at::globalContext().setAllowTF32CuDNN(allow);
}

int applyThreads(const ComputeConfig& config) {
  installHostAllocator();
  applyTf32(config.tf32);
  at::set_num_threads(config.intraOpThreads);
  // fp32 GEMMs run in OpenBLAS's own pool over all cores; in bf16 everything heavy runs in
  // oneDNN on the ATen pool, so OpenBLAS gets one thread and never competes with it.
  if (config.device.is_cpu()) {
    const int cores = std::max(1, int(std::thread::hardware_concurrency()));
    setOpenblasThreads(config.dtype == c10::kFloat ? cores : 1);
  }
  return at::get_num_threads();
}

std::string ComputeConfig::summary() const {
  std::ostringstream s;
  s << device.str() << ", " << c10::toString(dtype) << ", " << intraOpThreads
    << " intra-op thread(s)";
  if (tf32) s << ", TF32 for fp32 work";
  if (!note.empty()) s << " (" << note << ")";
  return s.str();
}

void parallelItems(int64_t n, int workers, const std::function<void(int, int64_t)>& fn) {
  std::atomic<int64_t> next{0};
  std::exception_ptr failure;
  std::mutex failureLock;
  auto work = [&](int worker) {
    c10::NoGradGuard noGrad;
    for (int64_t i; (i = next.fetch_add(1)) < n;) {
      try {
        fn(worker, i);
      } catch (...) {
        std::lock_guard<std::mutex> l(failureLock);
        if (!failure) failure = std::current_exception();
        next = n;  // the others stop at their next item
      }
    }
  };
  // Every worker is a fresh thread and the caller waits: a fresh thread starts with OpenMP's
  // default team, so ATen ops inside it (the attention softmax) are not held to the fp32
  // policy's single intra-op thread of the caller - measured 1.7x faster on the attention.
  std::vector<std::thread> pool;
  for (int w = 0; w < std::min<int64_t>(workers, n); ++w) pool.emplace_back(work, w);
  for (auto& t : pool) t.join();
  if (failure) std::rethrow_exception(failure);
}

std::string describeEnvironment() {
  std::ostringstream s;
  const char* coretype = std::getenv("OPENBLAS_CORETYPE");
  const char* obThreads = std::getenv("OPENBLAS_NUM_THREADS");
  s << "libtorch " << TORCH_VERSION << ", intra-op threads " << at::get_num_threads()
    << ", inter-op threads " << at::get_num_interop_threads() << ", cores "
    << std::thread::hardware_concurrency()
    << ", OPENBLAS_CORETYPE=" << (coretype ? coretype : "(unset)")
    << ", OPENBLAS_NUM_THREADS=" << (obThreads ? obThreads : "(unset)") << ", OpenBLAS threads "
    << openblasThreads() << ", CUDA devices " << cudaDeviceCount() << ", host block cache "
    << (std::getenv("HL_HOST_CACHE") && std::string(std::getenv("HL_HOST_CACHE")) == "0"
            ? "off (HL_HOST_CACHE=0)"
            : "on");
  return s.str();
}

}  // namespace hl
