#include <sstream>

#include "studio/faces.h"
#include "util/embedding.h"

namespace hl::studio {

std::vector<float> meanEmbedding(const std::vector<PreparedPhoto>& photos) {
  std::vector<const std::vector<float>*> used;
  for (const auto& p : photos)
    if (p.used) used.push_back(&p.embedding);
  return unitMean(used);
}

std::string photoReport(const std::vector<PreparedPhoto>& photos) {
  std::ostringstream o;
  for (const auto& p : photos)
    o << (p.used ? "[used]    " : "[skipped] ") << p.source << ": " << p.message << "\n";
  return o.str();
}

}  // namespace hl::studio
