#include "runtime/device_memory.h"

#include <ATen/ops/empty.h>

#include <cstdio>
#include <fstream>
#include <sstream>

#ifdef HL_HAVE_C10_CUDA  // set by CMake for a CUDA libtorch
#include <c10/cuda/CUDACachingAllocator.h>
#include <c10/cuda/CUDAGuard.h>
#include <cuda_runtime_api.h>
#endif

namespace hl {
namespace {

DeviceMemory hostMemory() {
  DeviceMemory m;
  std::ifstream in("/proc/meminfo");
  std::string key;
  int64_t kb = 0;
  std::string unit;
  while (in >> key >> kb >> unit) {
    if (key == "MemTotal:") m.totalBytes = kb * 1024;
    if (key == "MemAvailable:") m.freeBytes = kb * 1024;
  }
  return m;
}

}  // namespace

DeviceMemory deviceMemory(const c10::Device& device) {
  if (device.is_cpu()) return hostMemory();
#ifdef HL_HAVE_C10_CUDA
  if (device.is_cuda()) {
    c10::cuda::CUDAGuard guard(device);
    size_t freeB = 0, totalB = 0;
    if (cudaMemGetInfo(&freeB, &totalB) == cudaSuccess) return {int64_t(freeB), int64_t(totalB)};
  }
#endif
  return {};
}

void releaseCachedDeviceMemory() {
#ifdef HL_HAVE_C10_CUDA
  c10::cuda::CUDACachingAllocator::emptyCache();
#endif
}

at::Tensor toDeviceAsync(const at::Tensor& host, const c10::Device& device) {
  if (!device.is_cuda() || host.device() == device) return host.to(device);
  const at::Tensor staged = host.is_pinned() ? host : host.pin_memory();
  return staged.to(device, /*non_blocking=*/true);
}

at::Tensor toHostAsync(const at::Tensor& onDevice) {
  if (!onDevice.is_cuda()) return onDevice;
  at::Tensor host =
      at::empty(onDevice.sizes(), onDevice.options().device(at::kCPU).pinned_memory(true));
  host.copy_(onDevice, /*non_blocking=*/true);
  return host;
}

std::string describeDeviceMemory(const c10::Device& device) {
  const DeviceMemory m = deviceMemory(device);
  if (m.freeBytes < 0 || m.totalBytes <= 0) return "";
  char buf[96];
  std::snprintf(buf, sizeof buf, "%.1f GB free of %.1f GB", double(m.freeBytes) / 1e9,
                double(m.totalBytes) / 1e9);
  return buf;
}

}  // namespace hl
