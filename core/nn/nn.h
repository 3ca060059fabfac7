// Building blocks shared by the model families: a named weight store loaded from safetensors
// and the functional layers (linear, conv, norms, attention) that read from it.
#pragma once

#include <ATen/core/Tensor.h>

#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "models/weight_specs.h"

namespace hl::st {
class File;
}

namespace hl::nn {

class PackedLinear;

// Records internal values for parity tests ("down_blocks.1.attentions.0"); null in production.
using Tap = std::function<void(const std::string& path, const at::Tensor& value)>;

struct StreamStats {
  int64_t uploads = 0, bytesUploaded = 0, cachedBytes = 0, peakCachedBytes = 0;
};

class Weights {
 public:
  Weights() = default;
  explicit Weights(std::string component) : component_(std::move(component)) {}

  // `lent`: the caller keeps `t` only as a buffer that it rewrites whole before reading it again
  // (a LoRA patcher's merged weight), so a packed kernel layout may take over its memory.
  void put(const std::string& name, at::Tensor t, bool lent = false);
  bool has(const std::string& name) const { return map_.count(name) != 0; }
  // The tensor to compute with: the stored one, or while streaming its copy on the stream's
  // device. Throws hl::Error naming the component and the tensor.
  const at::Tensor& get(const std::string& name) const;
  const at::Tensor* find(const std::string& name) const;
  // The stored tensor itself, wherever it lives (what LoRA merges read and replace).
  const at::Tensor& host(const std::string& name) const;
  const std::unordered_map<std::string, at::Tensor>& all() const;
  // A stored tensor's shape and dtype without making its plain form again (packed weights).
  std::pair<std::vector<int64_t>, at::ScalarType> shapeOf(const std::string& name) const;

  // The kernel's own layout of a linear weight (CPU bf16, see packed_linear.h), made on first
  // use; null where there is none. The plain tensor is then dropped, and made again from the
  // packed one only if something else reads it. put() and to() start afresh.
  const PackedLinear* packedLinear(const std::string& name) const;
  int64_t packedBytes() const;
  // Whether the plain tensor of `name` is in memory (false while only its packed form is).
  bool holdsPlain(const std::string& name) const;

  // Sequential offload: the tensors stay where they are (host memory, pinned for CUDA) and
  // get()/find() hand out copies on `device`, kept up to `budgetBytes`, least recently used
  // out first; the last few handed out are never dropped, since callers hold them by reference.
  void stream(at::Device device, int64_t budgetBytes);
  void stopStreaming();
  bool streaming() const { return bool(stream_); }
  at::Device computeDevice() const;  // the stream's device, else where the tensors are
  // Drops every cached copy (after a stage, or on failure) and keeps streaming.
  void releaseStream() const;
  StreamStats streamStats() const;
  const std::string& component() const { return component_; }
  size_t size() const { return map_.size(); }
  int64_t numel() const;

  // Moves/casts every floating tensor (non-floating ones keep their dtype).
  void to(at::Device device, at::ScalarType dtype);

  // LoRAs applied at run time instead of merged: linear() adds scale * up(down(x)) for each
  // term of its weight. Costs no copy of the weight, and a strength change costs nothing.
  struct LowRank {
    at::Tensor down, up;  // [rank, in] and [out, rank], on the compute device in its dtype
    double scale = 1.0;
  };
  void setLowRank(const std::string& weight, std::vector<LowRank> terms);  // empty: none
  const std::vector<LowRank>* lowRank(const std::string& weight) const;
  size_t lowRankWeights() const { return lowRank_.size(); }

 private:
  struct StreamCache;
  std::string component_;
  // Entries whose packed form is kept hold an undefined tensor until plain() makes it again.
  const at::Tensor& plain(std::unordered_map<std::string, at::Tensor>::iterator it) const;
  void unpackAll() const;
  mutable std::unordered_map<std::string, at::Tensor> map_;
  mutable std::unordered_map<std::string, std::shared_ptr<const PackedLinear>> packed_;
  std::unordered_set<std::string> lent_;
  std::unordered_map<std::string, std::vector<LowRank>> lowRank_;
  std::shared_ptr<std::mutex> packMutex_ = std::make_shared<std::mutex>();
  std::shared_ptr<StreamCache> stream_;
};

// What does not match `specs` ("missing <name>", "<name>: expected [..], found [..]"), at most
// `limit` entries; empty when every expected tensor is there with its shape.
std::vector<std::string> mismatches(const Weights& w, const WeightSpecs& specs, size_t limit = 5);

// Loads tensors from a file, renaming with `rename` (return "" to skip a tensor), cast to
// `dtype` on `device`. Tensors already in that dtype on CPU stay zero-copy views of the file.
Weights loadWeights(const std::shared_ptr<st::File>& file, const std::string& component,
                    at::ScalarType dtype, at::Device device,
                    const std::function<std::string(const std::string&)>& rename = {});

// In bf16/fp16 oneDNN's convolutions and GroupNorm are much faster on channels-last tensors:
// stores every 4-d weight that way when `dtype` is one of them and says whether it did (the
// caller then gives its activations the same layout). fp32 keeps the plain layout.
bool useChannelsLast(Weights& w, at::ScalarType dtype);

at::Tensor linear(const at::Tensor& x, const Weights& w, const std::string& prefix);
at::Tensor conv2d(const at::Tensor& x, const Weights& w, const std::string& prefix,
                  int64_t stride = 1, int64_t padding = 0);
// The CPU fp32 convolution conv2d uses: im2col in bands of at most `columnBudget` column
// elements, then a GEMM per image. Same result as at::conv2d to fp32 rounding (groups 1).
at::Tensor conv2dGemm(const at::Tensor& x, const at::Tensor& weight, const at::Tensor& bias,
                      int64_t stride, int64_t padding, int64_t columnBudget = int64_t(1) << 24);
// Norms and activations. libtorch's CPU kernels for bf16 are far slower than its fp32 ones
// (LayerNorm, SiLU, GroupNorm), so on the CPU these run a reduced-precision tensor through fp32
// and round once at the end; elsewhere they call the native kernel.
at::Tensor groupNorm(const at::Tensor& x, const Weights& w, const std::string& prefix,
                     int64_t groups, double eps);
at::Tensor groupNormSilu(const at::Tensor& x, const Weights& w, const std::string& prefix,
                         int64_t groups, double eps);  // silu(groupNorm(x)) in one pass
at::Tensor layerNorm(const at::Tensor& x, const Weights& w, const std::string& prefix, double eps);
at::Tensor silu(const at::Tensor& x);
at::Tensor gelu(const at::Tensor& x);  // exact (erf)
// GEGLU: a * gelu(b) of x's two halves along the last dimension.
at::Tensor geglu(const at::Tensor& x);

// softmax(q k^T / sqrt(d) + mask) v over `heads` heads; q [B, Lq, H*d], k/v [B, Lk, H*d].
// Written by hand for libtorch 1.x (chunked over queries to bound memory) and through
// scaled_dot_product_attention on libtorch >= 2.0. `mask` is additive, broadcastable to
// [B, H, Lq, Lk], or undefined.
at::Tensor attention(const at::Tensor& q, const at::Tensor& k, const at::Tensor& v, int64_t heads,
                     const at::Tensor& mask = at::Tensor());

at::Tensor quickGelu(const at::Tensor& x);

// Counts the multiply-add FLOPs of linear, conv and attention calls while enabled (for the
// benchmark's achieved-GFLOP/s figures). Off by default; costs one branch per call.
struct FlopCount {
  double linear = 0, conv = 0, attention = 0;
  // Wall seconds spent in each category while op timing is on (see setOpTiming).
  double linearSeconds = 0, convSeconds = 0, attentionSeconds = 0, normSeconds = 0;
  double total() const { return linear + conv + attention; }
};
void setFlopCounting(bool on);
FlopCount flopCount();
void resetFlopCount();
// Times every linear, conv, attention and norm call into flopCount()'s *Seconds (benchmark
// --profile).
void setOpTiming(bool on);
at::Tensor activation(const at::Tensor& x, const std::string& name);  // quick_gelu, gelu, silu

}  // namespace hl::nn
