// The sampling loop's reports of finished steps. The host queues step k on the device and only
// then waits for step k-1: the device always has the next step queued, so it never sits idle
// while the host waits, and the progress, preview and step time the host reports describe a
// step that has finished. On the CPU a step has finished when its call returns, and it is
// reported at once.
#pragma once

#include <ATen/core/Tensor.h>

#include <chrono>
#include <deque>
#include <functional>

#include "runtime/device_mark.h"
#include "util/image.h"

namespace hl {

// SDXL latents' first image as a picture at latent resolution (a linear fit of the four latent
// channels to RGB, common for live previews); empty for other channel counts.
RgbImage latentPreview(const at::Tensor& latents);

struct FinishedStep {
  int step = 0;          // index among the executed steps
  double seconds = 0.0;  // since the step before it finished (since the start for the first)
  RgbImage preview;      // empty unless previews were asked for
};

class StepsInFlight {
 public:
  using Report = std::function<void(const FinishedStep&)>;
  StepsInFlight(const c10::Device& device, DeviceMarkFactory marks, bool previews, Report report);
  // After step `step`'s work is queued: queues the download of its preview, then reports the
  // steps that have finished, waiting for every step queued before this one.
  void queued(int step, const at::Tensor& latents);
  // Waits for the steps still in flight and reports them (after the loop).
  void finish();

 private:
  struct InFlight {
    int step;
    at::Tensor preview;  // on the host once the mark is reached
    std::unique_ptr<DeviceMark> mark;
  };
  void reportFirst();

  c10::Device device_;
  DeviceMarkFactory marks_;
  Report report_;
  at::Tensor factors_, bias_;  // the latent -> RGB fit on the device; undefined without previews
  std::deque<InFlight> queue_;
  std::chrono::steady_clock::time_point last_;
};

}  // namespace hl
