#include "sdxl/steps_in_flight.h"

#include <ATen/TensorOperators.h>
#include <ATen/ops/matmul.h>
#include <ATen/ops/tensor.h>

#include "runtime/device_memory.h"

namespace hl {
namespace {

// SDXL latent channels -> RGB (rows: latent channels), and the offset.
const std::vector<float> kFactors = {0.3651f, 0.4232f, 0.4341f,  -0.2533f, -0.0042f, 0.1068f,
                                     0.1076f, 0.1111f, -0.0362f, -0.3165f, -0.2492f, -0.2188f};
const std::vector<float> kBias = {0.1084f, -0.0175f, -0.0011f};

// [H, W, 3] bytes on the latents' device.
at::Tensor previewPixels(const at::Tensor& latents, const at::Tensor& factors,
                         const at::Tensor& bias) {
  const at::Tensor rgb = at::matmul(latents[0].to(at::kFloat).permute({1, 2, 0}), factors) + bias;
  return (((rgb + 1.0) * 0.5).clamp(0, 1) * 255.0).round().clamp(0, 255).to(at::kByte).contiguous();
}

RgbImage toImage(const at::Tensor& hostPixels) {
  RgbImage img;
  if (!hostPixels.defined()) return img;
  img.height = int(hostPixels.size(0));
  img.width = int(hostPixels.size(1));
  const uint8_t* p = hostPixels.data_ptr<uint8_t>();
  img.pixels.assign(p, p + hostPixels.numel());
  return img;
}

}  // namespace

RgbImage latentPreview(const at::Tensor& latents) {
  if (latents.dim() != 4 || latents.size(1) != 4) return {};
  const at::Tensor cpu = latents.to(at::kCPU);
  return toImage(previewPixels(cpu, at::tensor(kFactors).view({4, 3}), at::tensor(kBias)));
}

StepsInFlight::StepsInFlight(const c10::Device& device, DeviceMarkFactory marks, bool previews,
                             Report report)
    : device_(device),
      marks_(std::move(marks)),
      report_(std::move(report)),
      last_(std::chrono::steady_clock::now()) {
  if (previews) {  // uploaded once, without waiting
    factors_ = toDeviceAsync(at::tensor(kFactors).view({4, 3}), device);
    bias_ = toDeviceAsync(at::tensor(kBias), device);
  }
}

void StepsInFlight::queued(int step, const at::Tensor& latents) {
  at::Tensor preview;
  if (factors_.defined() && latents.dim() == 4 && latents.size(1) == 4)
    preview = toHostAsync(previewPixels(latents, factors_, bias_));
  queue_.push_back({step, preview, marks_(device_)});  // the mark comes after the download
  while (queue_.size() > 1 || (!queue_.empty() && queue_.front().mark->reached())) reportFirst();
}

void StepsInFlight::finish() {
  while (!queue_.empty()) reportFirst();
}

void StepsInFlight::reportFirst() {
  InFlight f = std::move(queue_.front());
  queue_.pop_front();
  f.mark->wait();
  const auto now = std::chrono::steady_clock::now();
  FinishedStep done;
  done.step = f.step;
  done.seconds = std::chrono::duration<double>(now - last_).count();
  done.preview = toImage(f.preview);
  last_ = now;
  if (report_) report_(done);
}

}  // namespace hl
