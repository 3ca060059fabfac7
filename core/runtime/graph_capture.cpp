#include "runtime/graph_capture.h"

#ifdef HL_HAVE_C10_CUDA  // set by CMake for a CUDA libtorch
#include <ATen/cuda/CUDAEvent.h>
#include <ATen/cuda/CUDAGraph.h>
#include <c10/cuda/CUDAGuard.h>
#include <c10/cuda/CUDAStream.h>
#include <cuda_runtime_api.h>
#endif

namespace hl {

#ifdef HL_HAVE_C10_CUDA
namespace {

// Captures on a pool stream (a graph cannot be captured on the default stream) ordered after
// the caller's stream by events, so the caller's copies into the inputs come first.
class CudaGraphCapture : public GraphCapture {
 public:
  explicit CudaGraphCapture(const c10::Device& device) : device_(device) {}

  Recorded runAndCapture(const std::function<at::Tensor()>& work) override {
    c10::cuda::CUDAGuard guard(device_);
    const c10::cuda::CUDAStream caller = c10::cuda::getCurrentCUDAStream(device_.index());
    const c10::cuda::CUDAStream side = c10::cuda::getStreamFromPool(false, device_.index());
    at::cuda::CUDAEvent ready;
    ready.record(caller);
    ready.block(side);
    Recorded r;
    {
      c10::cuda::CUDAStreamGuard onSide(side);
      r.warmUp = work();
      side.synchronize();
      graph_ = std::make_unique<at::cuda::CUDAGraph>();
      graph_->capture_begin();
      try {
        r.output = work();
      } catch (...) {
        abandonCapture();
        throw;
      }
      graph_->capture_end();
    }
    at::cuda::CUDAEvent done;
    done.record(side);
    done.block(caller);
    return r;
  }

  void replay() override {
    c10::cuda::CUDAGuard guard(device_);
    graph_->replay();
  }

 private:
  // Ends a capture that failed part way so the stream and the error state are usable again.
  void abandonCapture() {
    try {
      graph_->capture_end();
    } catch (...) {
    }
    graph_.reset();
    (void)cudaGetLastError();
  }

  c10::Device device_;
  std::unique_ptr<at::cuda::CUDAGraph> graph_;
};

}  // namespace
#endif

bool graphCaptureAvailable(const c10::Device& device) {
#ifdef HL_HAVE_C10_CUDA
  return device.is_cuda();
#else
  (void)device;
  return false;
#endif
}

std::unique_ptr<GraphCapture> makeGraphCapture(const c10::Device& device) {
#ifdef HL_HAVE_C10_CUDA
  if (device.is_cuda()) return std::make_unique<CudaGraphCapture>(device);
#endif
  (void)device;
  return nullptr;
}

}  // namespace hl
