#include "bench_weights.h"

#include <ATen/ops/empty.h>

namespace hl::bench {

nn::Weights randomWeights(const WeightSpecs& specs, const char* name, c10::Device device,
                          c10::ScalarType dtype) {
  auto endsWith = [](const std::string& s, const char* tail) {
    const size_t n = std::char_traits<char>::length(tail);
    return s.size() >= n && s.compare(s.size() - n, n, tail) == 0;
  };
  nn::Weights w(name);
  // Drawn in fp32 where they will live (a GPU draws its own), then cast.
  const at::TensorOptions drawn = at::TensorOptions().device(device).dtype(at::kFloat);
  for (const auto& s : specs) {
    at::Tensor t = at::empty(s.shape, drawn);
    if (s.shape.size() == 1 && s.name.find("norm") != std::string::npos)
      t.fill_(endsWith(s.name, ".weight") ? 1.0 : 0.0);
    else if (s.name.find("position_ids") != std::string::npos)
      t.zero_();
    else
      t.normal_(0.0, 0.02);
    w.put(s.name, t.to(dtype));
  }
  return w;
}

}  // namespace hl::bench
