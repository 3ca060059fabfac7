#include "runtime/device_mark.h"

#ifdef HL_HAVE_C10_CUDA  // set by CMake for a CUDA libtorch
#include <ATen/cuda/CUDAEvent.h>
#include <c10/cuda/CUDAGuard.h>
#include <c10/cuda/CUDAStream.h>
#endif

namespace hl {
namespace {

class ReachedMark : public DeviceMark {
 public:
  bool reached() override { return true; }
  void wait() override {}
};

#ifdef HL_HAVE_C10_CUDA
class CudaMark : public DeviceMark {
 public:
  explicit CudaMark(const c10::Device& device) {
    c10::cuda::CUDAGuard guard(device);
    event_.record(c10::cuda::getCurrentCUDAStream(device.index()));
  }
  bool reached() override { return event_.query(); }
  void wait() override { event_.synchronize(); }

 private:
  at::cuda::CUDAEvent event_;
};
#endif

}  // namespace

std::unique_ptr<DeviceMark> markDevice(const c10::Device& device) {
#ifdef HL_HAVE_C10_CUDA
  if (device.is_cuda()) return std::make_unique<CudaMark>(device);
#endif
  (void)device;
  return std::make_unique<ReachedMark>();
}

}  // namespace hl
