#include <cmath>
#include <sstream>

#include "studio/faces.h"

namespace hl::studio {

std::vector<float> meanEmbedding(const std::vector<PreparedPhoto>& photos) {
  std::vector<double> sum;
  for (const auto& p : photos) {
    if (!p.used || p.embedding.empty()) continue;
    sum.resize(p.embedding.size(), 0.0);
    for (size_t i = 0; i < sum.size() && i < p.embedding.size(); ++i) sum[i] += p.embedding[i];
  }
  double norm = 0;
  for (double v : sum) norm += v * v;
  norm = std::sqrt(std::max(norm, 1e-24));
  std::vector<float> out(sum.size());
  for (size_t i = 0; i < sum.size(); ++i) out[i] = float(sum[i] / norm);
  return out;
}

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

std::string photoReport(const std::vector<PreparedPhoto>& photos) {
  std::ostringstream o;
  for (const auto& p : photos)
    o << (p.used ? "[used]    " : "[skipped] ") << p.source << ": " << p.message << "\n";
  return o.str();
}

}  // namespace hl::studio
