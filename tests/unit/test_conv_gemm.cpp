// The CPU fp32 convolution (im2col bands + GEMM) against ATen's convolution computed in double:
// kernel sizes, strides, padding, batch, bias, and bands forced small enough to split the rows.
#include <ATen/ATen.h>

#include "check.h"
#include "nn/nn.h"

namespace {
struct Conv {
  const char* name;
  int batch, cin, cout, height, width, kernel, stride, padding;
  bool bias;
  int64_t budget;
};

void checkConv(const Conv& c) {
  const auto [name, batch, cin, cout, height, width, kernel, stride, padding, bias, budget] = c;
  (void)name;
  at::manual_seed(7);
  at::Tensor x = at::randn({batch, cin, height, width});
  at::Tensor w = at::randn({cout, cin, kernel, kernel});
  at::Tensor b = bias ? at::randn({cout}) : at::Tensor();
  at::Tensor ref =
      at::conv2d(x.to(at::kDouble), w.to(at::kDouble), bias ? b.to(at::kDouble) : at::Tensor(),
                 {stride, stride}, {padding, padding});
  at::Tensor got = hl::nn::conv2dGemm(x, w, b, stride, padding, budget);
  HL_CHECK_EQ(got.sizes().vec(), ref.sizes().vec());
  HL_CHECK_EQ(got.scalar_type(), at::kFloat);
  const double diff = (got.to(at::kDouble) - ref).abs().max().item<double>();
  HL_CHECK_MSG(diff < 1e-4, hl::test::format("max |diff| %g", diff));
}
}  // namespace

HL_TEST(matchesAtenConvolution) {
  const int64_t big = int64_t(1) << 24;
  const Conv rows[] = {
      {"3x3 same", 1, 8, 12, 9, 7, 3, 1, 1, true, big},
      {"3x3 batch 2", 2, 8, 12, 9, 7, 3, 1, 1, true, big},
      {"3x3 no bias", 2, 5, 4, 6, 6, 3, 1, 1, false, big},
      {"3x3 stride 2 pad 1 (UNet down)", 2, 6, 6, 9, 8, 3, 2, 1, true, big},
      {"3x3 stride 2 pad 0 (VAE down)", 1, 6, 6, 9, 9, 3, 2, 0, true, big},
      {"1x1 shortcut", 2, 10, 3, 5, 4, 1, 1, 0, true, big},
      {"bands of one row", 2, 4, 5, 11, 6, 3, 1, 1, true, 1},
      {"bands of three rows", 1, 4, 5, 11, 6, 3, 1, 1, true, 4 * 9 * 6 * 3},
      {"bands, stride 2", 2, 3, 4, 13, 10, 3, 2, 1, false, 100},
  };
  for (const Conv& c : rows) {
    hl::test::Scope scope(c.name);
    checkConv(c);
  }
}

HL_TEST(wrongChannelCountIsNamed) {
  at::Tensor x = at::randn({1, 3, 4, 4});
  at::Tensor w = at::randn({2, 5, 3, 3});
  try {
    hl::nn::conv2dGemm(x, w, at::Tensor(), 1, 1);
    HL_FAIL("no error for a channel mismatch");
  } catch (const std::exception& e) {
    HL_CHECK_MSG(hl::test::contains(e.what(), "3 channels") && hl::test::contains(e.what(), "5"),
                 e.what());
  }
}
