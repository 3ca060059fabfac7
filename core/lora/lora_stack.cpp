#include "lora/lora_stack.h"

#include <c10/core/GradMode.h>

namespace hl {

StackReport LoraStack::apply(const std::vector<LoraEntry>& entries) {
  try {
    return applyOrThrow(entries);
  } catch (...) {
    // A LoRA that does not fit: the model goes back to its original weights, nothing half-merged.
    for (WeightPatcher* p : patchers_)
      if (p) p->restore();
    signature_.clear();
    entries_.clear();
    throw;
  }
}

StackReport LoraStack::applyOrThrow(const std::vector<LoraEntry>& entries) {
  c10::NoGradGuard noGrad;
  StackReport r;
  std::map<WeightKey, std::vector<Contribution>> next;
  for (const LoraEntry& e : entries) {
    for (const LoraLayer& l : e.file->layers) {
      const LoraTargets::Target* t = targets_->find(l.module);
      if (!t || !patchers_[size_t(t->component)]) {
        r.unmatched.push_back(l.module);
        continue;
      }
      next[{t->component, t->weight}].push_back(
          {e.key + "/" + l.module, e.strength * l.scale(), &l});
      ++r.applied;
    }
  }
  for (int c = 0; c < 3; ++c) {
    WeightPatcher* p = patchers_[size_t(c)];
    if (!p) continue;
    std::vector<std::string> changed;
    for (const auto& [key, contributions] : next) {
      if (key.first != c) continue;
      auto old = signature_.find(key);
      if (old == signature_.end() || old->second != contributions) changed.push_back(key.second);
    }
    p->begin();
    p->reserve(changed);
    for (const auto& [key, contributions] : next) {
      if (key.first != c) continue;
      auto old = signature_.find(key);
      if (old != signature_.end() && old->second == contributions) {
        p->keep(key.second);
        ++r.kept;
        continue;
      }
      for (const Contribution& k : contributions)
        p->addLowRank(key.second, k.layer->up, k.layer->down, k.scale);
      ++r.merged;
    }
    for (const auto& [key, contributions] : signature_)
      if (key.first == c && !next.count(key)) ++r.restored;
    p->end();
  }
  signature_ = std::move(next);
  entries_ = entries;
  return r;
}

}  // namespace hl
