#include "nn/packed_linear.h"

#include <ATen/ops/empty.h>

#include <cstdlib>
#include <cstring>
#include <mutex>
#include <unordered_map>
#include <utility>
#include <vector>

#include "util/error.h"

#ifdef HL_HAVE_ONEDNN
#include <oneapi/dnnl/dnnl.hpp>
#endif

namespace hl::nn {

#ifdef HL_HAVE_ONEDNN
namespace {

using dt = dnnl::memory::data_type;
using tag = dnnl::memory::format_tag;

dnnl::engine& cpuEngine() {
  static dnnl::engine e(dnnl::engine::kind::cpu, 0);
  return e;
}

dnnl::stream& threadStream() {
  thread_local dnnl::stream s(cpuEngine());
  return s;
}

dnnl::memory::desc matrix(int64_t rows, int64_t cols, tag t) {
  return dnnl::memory::desc({rows, cols}, dt::bf16, t);
}

dnnl::matmul::primitive_desc matmulDesc(int64_t m, int64_t k, int64_t n,
                                        const dnnl::memory::desc& weights, bool bias) {
  const auto src = matrix(m, k, tag::ab), dst = matrix(m, n, tag::ab);
  const auto b = bias ? matrix(1, n, tag::ab) : dnnl::memory::desc();
#if DNNL_VERSION_MAJOR >= 3
  return dnnl::matmul::primitive_desc(cpuEngine(), src, weights, b, dst);
#else
  return dnnl::matmul::primitive_desc(dnnl::matmul::desc(src, weights, b, dst), cpuEngine());
#endif
}

}  // namespace

struct PackedLinear::Impl {
  at::Tensor storage;  // the packed weight's bytes
  dnnl::memory::desc desc;
  std::mutex mutex;
  // One primitive per row count and bias/no bias: a UNet calls each layer with a few row counts.
  std::vector<std::pair<std::pair<int64_t, bool>, dnnl::matmul>> primitives;

  dnnl::matmul primitiveFor(int64_t m, int64_t k, int64_t n, bool bias) {
    std::lock_guard<std::mutex> lock(mutex);
    for (const auto& [key, p] : primitives)
      if (key.first == m && key.second == bias) return p;
    dnnl::matmul p(matmulDesc(m, k, n, desc, bias));
    if (primitives.size() >= 16) primitives.erase(primitives.begin());
    primitives.emplace_back(std::make_pair(m, bias), p);
    return p;
  }
};

bool PackedLinear::available() {
  static const bool on = [] {
    const char* env = std::getenv("HL_PACKED_LINEAR");
    if (env && std::strcmp(env, "0") == 0) return false;
    // ATen sends bf16 matmuls to oneDNN from AVX-512 on; below that neither is fast.
    const auto isa = static_cast<unsigned>(dnnl::get_effective_cpu_isa());
    const auto need = static_cast<unsigned>(dnnl::cpu_isa::avx512_core);
    return (isa & need) == need;
  }();
  return on;
}

std::shared_ptr<const PackedLinear> PackedLinear::pack(const at::Tensor& weight, bool mayReuse) {
  if (!available() || !weight.defined() || !weight.is_cpu() ||
      weight.scalar_type() != at::kBFloat16 || weight.dim() != 2 || weight.numel() == 0)
    return nullptr;
  const int64_t n = weight.size(0), k = weight.size(1);
  const at::Tensor plain = weight.contiguous();
  auto impl = std::make_unique<Impl>();
  // The layout the kernel picks for a typical row count; it takes any other row count too.
  impl->desc =
      matmulDesc(256, k, n, dnnl::memory::desc({k, n}, dt::bf16, tag::any), true).weights_desc();
  const size_t bytes = impl->desc.get_size();
  const bool inPlace = mayReuse && weight.is_contiguous() && size_t(weight.nbytes()) == bytes;
  thread_local at::Tensor scratch;
  at::Tensor target;
  if (inPlace) {
    if (!scratch.defined() || size_t(scratch.nbytes()) < bytes)
      scratch = at::empty({int64_t(bytes)}, weight.options().dtype(at::kByte));
    target = scratch;
  } else {
    target = at::empty({int64_t(bytes)}, weight.options().dtype(at::kByte));
  }
  dnnl::memory src(matrix(k, n, tag::ba), cpuEngine(), plain.data_ptr());
  dnnl::memory dst(impl->desc, cpuEngine(), target.data_ptr());
  dnnl::reorder(src, dst).execute(threadStream(), src, dst);
  threadStream().wait();
  if (inPlace) {
    std::memcpy(weight.data_ptr(), target.data_ptr(), bytes);
    impl->storage = weight.view(at::kByte).view({int64_t(bytes)});  // the same memory, packed
  } else {
    impl->storage = target;
  }
  return std::make_shared<PackedLinear>(std::move(impl), n, k);
}

at::Tensor PackedLinear::forward(const at::Tensor& x, const at::Tensor& bias) const {
  if (x.size(-1) != in_)
    throw Error("linear: input has " + std::to_string(x.size(-1)) +
                " features, the weight expects " + std::to_string(in_));
  const at::Tensor x2 = x.reshape({-1, in_}).contiguous();
  const int64_t m = x2.size(0);
  std::vector<int64_t> shape = x.sizes().vec();
  shape.back() = out_;
  at::Tensor out = at::empty({m, out_}, x.options());
  if (m == 0) return out.view(shape);
  const at::Tensor b = bias.defined() ? bias.to(at::kBFloat16).contiguous() : at::Tensor();
  dnnl::matmul prim = impl_->primitiveFor(m, in_, out_, b.defined());
  auto& eng = cpuEngine();
  dnnl::memory src(matrix(m, in_, tag::ab), eng, x2.data_ptr());
  dnnl::memory w(impl_->desc, eng, impl_->storage.data_ptr());
  dnnl::memory dst(matrix(m, out_, tag::ab), eng, out.data_ptr());
  std::unordered_map<int, dnnl::memory> args{
      {DNNL_ARG_SRC, src}, {DNNL_ARG_WEIGHTS, w}, {DNNL_ARG_DST, dst}};
  if (b.defined())
    args.emplace(DNNL_ARG_BIAS, dnnl::memory(matrix(1, out_, tag::ab), eng, b.data_ptr()));
  prim.execute(threadStream(), args);
  threadStream().wait();
  return out.view(shape);
}

at::Tensor PackedLinear::unpack() const {
  at::Tensor plain = at::empty({out_, in_}, impl_->storage.options().dtype(at::kBFloat16));
  dnnl::memory src(impl_->desc, cpuEngine(), impl_->storage.data_ptr());
  dnnl::memory dst(matrix(in_, out_, tag::ba), cpuEngine(), plain.data_ptr());
  dnnl::reorder(src, dst).execute(threadStream(), src, dst);
  threadStream().wait();
  return plain;
}

int64_t PackedLinear::bytes() const {
  return int64_t(impl_->storage.nbytes());
}

#else  // no oneDNN in this build: at::linear everywhere

struct PackedLinear::Impl {};
bool PackedLinear::available() {
  return false;
}
std::shared_ptr<const PackedLinear> PackedLinear::pack(const at::Tensor&, bool) {
  return nullptr;
}
at::Tensor PackedLinear::forward(const at::Tensor&, const at::Tensor&) const {
  throw Error("linear: this build has no oneDNN kernel");
}
at::Tensor PackedLinear::unpack() const {
  throw Error("linear: this build has no oneDNN kernel");
}
int64_t PackedLinear::bytes() const {
  return 0;
}

#endif

PackedLinear::PackedLinear(std::unique_ptr<Impl> impl, int64_t out, int64_t in)
    : impl_(std::move(impl)), out_(out), in_(in) {}
PackedLinear::~PackedLinear() = default;

}  // namespace hl::nn
