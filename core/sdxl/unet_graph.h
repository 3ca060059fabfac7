// The UNet step replayed as one recorded graph (CUDA graphs): the same kernels without the host
// launching a few thousand of them one by one. Recorded on first use and again whenever the
// input shapes or the weights change, since a graph keeps the addresses and LoRA scales it was
// recorded with; checked once against the eager result of the same inputs; given up for good,
// with the reason, when recording fails or the replay disagrees.
#pragma once

#include <ATen/core/Tensor.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "runtime/graph_capture.h"
#include "sdxl/unet.h"

namespace hl {

struct UnetGraphStats {
  int captures = 0;
  int64_t replays = 0;
  std::string disabled;  // why the graph was given up; empty while it is in use
};

class UnetGraph {
 public:
  explicit UnetGraph(GraphCaptureFactory factory = makeGraphCapture);
  // unet.forward(in) without ControlNet residuals or a tap; the result is the caller's own.
  at::Tensor forward(const Unet& unet, const UnetInputs& in);
  const UnetGraphStats& stats() const { return stats_; }

 private:
  struct Key {
    const Unet* unet = nullptr;
    uint64_t weights = 0;
    std::vector<int64_t> inputs;  // shapes, dtypes and devices
    bool operator==(const Key& o) const;
  };
  Key keyOf(const Unet& unet, const UnetInputs& in) const;
  at::Tensor record(const Unet& unet, const UnetInputs& in, Key key);
  void reset();  // drops the recorded graph and its buffers
  void giveUp(const std::string& why);

  GraphCaptureFactory factory_;
  std::unique_ptr<GraphCapture> graph_;
  Key key_;
  UnetInputs static_;  // what the graph reads; each replay copies the step's inputs in
  at::Tensor output_;  // what the graph writes
  UnetGraphStats stats_;
};

// Changes whenever a weight tensor of `w` or one of its run-time LoRA terms is replaced or
// rescaled; the same while tensors are only rewritten in place.
uint64_t weightsFingerprint(const nn::Weights& w);

}  // namespace hl
