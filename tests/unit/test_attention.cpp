// nn::attention against softmax(q k^T / sqrt(d) + mask) v computed in double: the CPU fp32 path
// (per head, query chunks, heads split over the cores for large attentions) and bf16, with and
// without an additive mask, at sizes that take each branch.
#include <ATen/ATen.h>

#include "check.h"
#include "nn/nn.h"

namespace {
at::Tensor reference(const at::Tensor& q, const at::Tensor& k, const at::Tensor& v, int64_t heads,
                     const at::Tensor& mask) {
  const int64_t B = q.size(0), Lq = q.size(1), Lk = k.size(1), C = q.size(2), d = C / heads;
  auto split = [&](const at::Tensor& t, int64_t L) {
    return t.to(at::kDouble).reshape({B, L, heads, d}).transpose(1, 2);
  };
  at::Tensor s = at::matmul(split(q, Lq), split(k, Lk).transpose(-1, -2)) / std::sqrt(double(d));
  if (mask.defined()) s = s + mask.to(at::kDouble);
  return at::matmul(at::softmax(s, -1), split(v, Lk)).transpose(1, 2).reshape({B, Lq, C});
}

void checkAttention(int batch, int lq, int lk, int heads, int dim, bool masked) {
  at::manual_seed(3);
  const int64_t C = int64_t(heads) * dim;
  at::Tensor q = at::randn({batch, lq, C}), k = at::randn({batch, lk, C}),
             v = at::randn({batch, lk, C});
  at::Tensor mask;
  // causal with lk >= lq, so no row is masked entirely (fp32 cannot hold s - 1e9 exactly)
  if (masked) mask = at::full({lq, lk}, -1e9f).triu(1 + (lk - lq)).view({1, 1, lq, lk});
  const at::Tensor ref = reference(q, k, v, heads, mask);
  const at::Tensor got = hl::nn::attention(q, k, v, heads, mask);
  HL_CHECK_EQ(got.sizes().vec(), ref.sizes().vec());
  const double diff = (got.to(at::kDouble) - ref).abs().max().item<double>();
  HL_CHECK_MSG(diff < 1e-5, hl::test::format("fp32 max |diff| %g", diff));
  const at::Tensor half =
      hl::nn::attention(q.to(at::kBFloat16), k.to(at::kBFloat16), v.to(at::kBFloat16), heads,
                        masked ? mask.to(at::kBFloat16) : mask);
  const double bdiff = (half.to(at::kDouble) - ref).abs().max().item<double>();
  HL_CHECK_MSG(bdiff < 0.1, hl::test::format("bf16 max |diff| %g", bdiff));
}
}  // namespace

HL_TEST(matchesDouble) {
  struct Row {
    const char* name;
    int batch, lq, lk, heads, dim;
    bool masked;
  };
  const Row rows[] = {
      {"small, one thread", 1, 7, 5, 2, 8, false},
      {"small, causal mask", 2, 9, 9, 3, 4, true},
      {"large, heads over the cores", 2, 300, 260, 3, 8, false},
      {"large, masked", 1, 260, 300, 5, 8, true},
      {"query chunks", 1, 600, 4096, 2, 8, false},
      {"one head", 1, 512, 512, 1, 16, false},
  };
  for (const Row& r : rows) {
    hl::test::Scope scope(r.name);
    checkAttention(r.batch, r.lq, r.lk, r.heads, r.dim, r.masked);
  }
}
