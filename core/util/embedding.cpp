#include "util/embedding.h"

#include <algorithm>
#include <cmath>

namespace hl {

float cosine(const std::vector<float>& a, const std::vector<float>& b) {
  if (a.empty() || a.size() != b.size()) return std::nanf("");
  double ab = 0, aa = 0, bb = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    ab += double(a[i]) * b[i];
    aa += double(a[i]) * a[i];
    bb += double(b[i]) * b[i];
  }
  return float(ab / std::sqrt(std::max(aa * bb, 1e-24)));
}

std::vector<float> unitMean(const std::vector<const std::vector<float>*>& vectors) {
  std::vector<double> sum;
  for (const std::vector<float>* v : vectors) {
    if (v->empty()) continue;
    sum.resize(std::max(sum.size(), v->size()), 0.0);
    for (size_t i = 0; i < v->size(); ++i) sum[i] += (*v)[i];
  }
  double norm = 0;
  for (double x : sum) norm += x * x;
  norm = std::sqrt(std::max(norm, 1e-24));
  std::vector<float> out(sum.size());
  for (size_t i = 0; i < sum.size(); ++i) out[i] = float(sum[i] / norm);
  return out;
}

}  // namespace hl
