// bf16 linear layers on the CPU through oneDNN's matmul, with the weight reordered once into the
// layout the kernel reads. ATen's bf16 linear hands oneDNN the plain weight, which it repacks at
// every call: for the UNet that is every linear weight read and written once more per evaluation.
#pragma once

#include <ATen/core/Tensor.h>

#include <memory>

namespace hl::nn {

class PackedLinear {
 public:
  // Whether this build and this CPU have the kernel (a build against a libtorch that links
  // oneDNN as a shared library, and a CPU with AVX-512 bf16 or AMX); HL_PACKED_LINEAR=0 turns it
  // off for A/B runs.
  static bool available();
  // The packed form of a [out, in] CPU bf16 weight; null where the kernel cannot take it.
  // `inPlace`: the weight's memory is the caller's to give (nobody reads it as a plain weight
  // again); the packed bytes then go into it where they fit (no second copy, no heap holes from
  // freeing the plain one).
  static std::shared_ptr<const PackedLinear> pack(const at::Tensor& weight, bool inPlace = false);

  // x [..., in] bf16 on the CPU -> [..., out]; bias [out] or undefined. The same numbers as
  // at::linear (the same kernel, the same accumulation).
  at::Tensor forward(const at::Tensor& x, const at::Tensor& bias) const;
  // The plain [out, in] weight again.
  at::Tensor unpack() const;

  int64_t outFeatures() const { return out_; }
  int64_t inFeatures() const { return in_; }
  int64_t bytes() const;

  struct Impl;
  explicit PackedLinear(std::unique_ptr<Impl> impl, int64_t out, int64_t in);
  ~PackedLinear();

 private:
  std::unique_ptr<Impl> impl_;
  int64_t out_, in_;
};

}  // namespace hl::nn
