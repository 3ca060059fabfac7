// A point in a device's queue of work. The host makes one after queuing work, then asks whether
// the device has got there, or waits for it. CUDA marks are events (compiled only against a CUDA
// libtorch); on the CPU, work runs as it is called, so a mark is reached when it is made.
#pragma once

#include <c10/core/Device.h>

#include <functional>
#include <memory>

namespace hl {

class DeviceMark {
 public:
  virtual ~DeviceMark() = default;
  virtual bool reached() = 0;  // never waits
  virtual void wait() = 0;
};

using DeviceMarkFactory = std::function<std::unique_ptr<DeviceMark>(const c10::Device&)>;

// A mark after the work queued so far on `device`'s current stream.
std::unique_ptr<DeviceMark> markDevice(const c10::Device& device);

}  // namespace hl
