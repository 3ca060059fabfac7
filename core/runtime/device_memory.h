// Device memory for the placement policy and for out-of-memory reports: what a device has free,
// and handing the caching allocator's unused blocks back. The CUDA side is compiled only
// against a CUDA libtorch; elsewhere CUDA queries answer "unknown".
#pragma once

#include <ATen/core/Tensor.h>
#include <c10/core/Device.h>

#include <cstdint>
#include <string>

namespace hl {

struct DeviceMemory {
  int64_t freeBytes = -1, totalBytes = -1;  // -1: unknown
};

// Free and total memory of `device`: MemAvailable/MemTotal for the CPU, the driver's figures
// for a CUDA device.
DeviceMemory deviceMemory(const c10::Device& device);
// Returns cached, unused CUDA blocks to the driver (after an out-of-memory, between modes).
void releaseCachedDeviceMemory();
// A host tensor's copy on `device` that does not stall the host: staged through pinned memory
// and copied asynchronously for CUDA (the host allocator keeps the staging alive until the copy
// is done); an ordinary copy elsewhere.
at::Tensor toDeviceAsync(const at::Tensor& host, const c10::Device& device);
// A device tensor's copy on the host that does not stall the host: queued into pinned memory
// for CUDA, to be read only after a DeviceMark made after this call is reached; the tensor
// itself on the CPU.
at::Tensor toHostAsync(const at::Tensor& onDevice);
// "3.2 GB free of 8.0 GB" or "" when unknown.
std::string describeDeviceMemory(const c10::Device& device);

}  // namespace hl
