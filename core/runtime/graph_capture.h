// Device work recorded once and replayed with one launch (CUDA graphs). The CUDA side is
// compiled only against a CUDA libtorch; elsewhere there is no capture and callers run eagerly.
#pragma once

#include <ATen/core/Tensor.h>
#include <c10/core/Device.h>

#include <functional>
#include <memory>

namespace hl {

class GraphCapture {
 public:
  virtual ~GraphCapture() = default;
  struct Recorded {
    at::Tensor warmUp;  // the first call's result, computed
    at::Tensor output;  // the buffer replay() writes the recorded call's result into
  };
  // Runs `work` once as usual (the warm-up: lazy initialisations happen outside the capture),
  // then records what a second call launches without running it. Throws when the work cannot
  // be recorded; the device is usable again afterwards.
  virtual Recorded runAndCapture(const std::function<at::Tensor()>& work) = 0;
  // Launches the recorded work on the current stream.
  virtual void replay() = 0;
};

using GraphCaptureFactory = std::function<std::unique_ptr<GraphCapture>(const c10::Device&)>;

// A CUDA graph on a CUDA device of a CUDA libtorch; null elsewhere.
std::unique_ptr<GraphCapture> makeGraphCapture(const c10::Device& device);
// Whether makeGraphCapture can give one for `device`.
bool graphCaptureAvailable(const c10::Device& device);

}  // namespace hl
