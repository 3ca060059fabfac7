#include "lora/lora.h"

#include <algorithm>
#include <filesystem>
#include <map>
#include <unordered_set>

#ifdef __linux__
#include <sys/mman.h>
#endif

#include <ATen/ops/from_blob.h>

#include "models/ldm_names.h"
#include "models/weight_specs.h"
#include "nn/ops.h"
#include "safetensors/safetensors.h"
#include "tensor/tensor_io.h"
#include "util/error.h"

namespace hl {
namespace {

bool endsWith(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

}  // namespace

double LoraLayer::scale() const {
  return alpha > 0 ? alpha / double(down.size(0)) : 1.0;
}

LoraFile LoraFile::fromTensors(const std::string& name,
                               const std::vector<std::pair<std::string, at::Tensor>>& tensors) {
  LoraFile f;
  f.name = name;
  std::unordered_map<std::string, size_t> index;
  auto layer = [&](const std::string& module) -> LoraLayer& {
    auto it = index.find(module);
    if (it != index.end()) return f.layers[it->second];
    index[module] = f.layers.size();
    f.layers.push_back({module, {}, {}, 0});
    return f.layers.back();
  };
  for (const auto& [key, t] : tensors) {
    if (endsWith(key, ".lora_down.weight"))
      layer(key.substr(0, key.size() - 17)).down = t;
    else if (endsWith(key, ".lora_up.weight"))
      layer(key.substr(0, key.size() - 15)).up = t;
    else if (endsWith(key, ".alpha"))
      layer(key.substr(0, key.size() - 6)).alpha = t.item<double>();
    else
      throw Error(name + ": tensor \"" + key +
                  "\" is not part of a kohya LoRA (expected "
                  "<module>.lora_down.weight, .lora_up.weight or .alpha)");
  }
  for (const auto& l : f.layers) {
    if (!l.down.defined() || !l.up.defined())
      throw Error(name + ": module \"" + l.module + "\" lacks its " +
                  (l.down.defined() ? "lora_up" : "lora_down") + " weight");
    if (l.up.size(1) != l.down.size(0))
      throw Error(name + ": module \"" + l.module + "\": lora_up has rank " +
                  std::to_string(l.up.size(1)) + " but lora_down has rank " +
                  std::to_string(l.down.size(0)));
  }
  return f;
}

LoraFile LoraFile::load(const std::string& path) {
  auto file = st::File::open(path);
  std::vector<std::pair<std::string, at::Tensor>> tensors;
  for (const auto& t : file->tensors()) tensors.emplace_back(t.name, st::view(file, t));
  LoraFile f = fromTensors(path, tensors);
  f.name = std::filesystem::path(path).stem().string();
  return f;
}

void WeightPatcher::begin() {
  for (auto& [name, flag] : inSet_) flag = false;
}

namespace {
// Anonymous memory with its pages populated by one kernel call. Touching fresh pages one fault
// at a time ran at 0.3-1.5 GB/s on the development VM, MAP_POPULATE at 3.4 GB/s.
at::Tensor populatedBytes(int64_t bytes) {
#ifdef __linux__
  void* p = mmap(nullptr, size_t(bytes), PROT_READ | PROT_WRITE,
                 MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
  if (p != MAP_FAILED)
    return at::from_blob(
        p, {bytes}, [bytes](void* q) { munmap(q, size_t(bytes)); },
        at::TensorOptions().dtype(at::kByte));
#endif
  return at::empty({bytes}, at::kByte);
}
}  // namespace

void WeightPatcher::reserve(const std::vector<std::string>& names) {
  std::vector<std::pair<std::string, at::Tensor>> todo;
  std::unordered_set<std::string> listed;
  int64_t total = 0;
  auto aligned = [](int64_t n) { return (n + 63) / 64 * 64; };
  for (const auto& name : names) {
    if (merged_.count(name) || !listed.insert(name).second) continue;
    if (runtime_ && weights_->shapeOf(name).first.size() == 2) continue;  // a runtime term
    const at::Tensor& w = pristine_.count(name) ? pristine_.at(name) : weights_->host(name);
    if (!w.is_cpu() || !w.is_contiguous()) continue;  // the arena holds plain layouts only
    todo.emplace_back(name, w);
    total += aligned(w.nbytes());
  }
  if (todo.empty()) return;
  const at::Tensor arena = populatedBytes(total);
  int64_t offset = 0;
  for (const auto& [name, w] : todo) {
    const int64_t n = int64_t(w.nbytes());
    merged_[name] = arena.narrow(0, offset, n).view(w.scalar_type()).view(w.sizes());
    offset += aligned(n);
  }
}

bool WeightPatcher::addTerm(const std::string& name, const at::Tensor& up, const at::Tensor& down,
                            double scale) {
  if (!runtime_) return false;
  const auto [shape, dtype] = weights_->shapeOf(name);  // a packed weight stays packed
  if (shape.size() != 2) return false;
  const at::Tensor u = up.flatten(1), d = down.flatten(1);
  if (u.size(0) != shape[0] || u.size(1) != d.size(0) || d.size(1) != shape[1])
    throw Error(weights_->component() + ": LoRA for \"" + name + "\" has shape up " +
                st::shapeString(up.sizes().vec()) + " / down " +
                st::shapeString(down.sizes().vec()) + ", which does not fit the weight " +
                st::shapeString(shape));
  const at::TensorOptions to = at::TensorOptions().device(weights_->computeDevice()).dtype(dtype);
  bool& seen = inSet_[name];
  // The first delta of a set replaces the previous set's terms.
  const std::vector<nn::Weights::LowRank>* held = weights_->lowRank(name);
  std::vector<nn::Weights::LowRank> terms =
      seen && held ? *held : std::vector<nn::Weights::LowRank>();
  terms.push_back({d.to(to), u.to(to), scale});
  seen = true;
  terms_.insert(name);
  weights_->setLowRank(name, std::move(terms));
  return true;
}

void WeightPatcher::addLowRank(const std::string& name, const at::Tensor& up,
                               const at::Tensor& down, double scale) {
  if (addTerm(name, up, down, scale)) return;
  auto it = pristine_.find(name);
  const at::Tensor w0 = it != pristine_.end() ? it->second : weights_->host(name);
  const at::Tensor u = up.to(w0.device(), at::kFloat).flatten(1);
  const at::Tensor d = down.to(w0.device(), at::kFloat).flatten(1);
  if (u.size(0) != w0.size(0) || u.size(1) != d.size(0) || d.size(1) != w0.numel() / w0.size(0))
    throw Error(weights_->component() + ": LoRA for \"" + name + "\" has shape up " +
                st::shapeString(up.sizes().vec()) + " / down " +
                st::shapeString(down.sizes().vec()) + ", which does not fit the weight " +
                st::shapeString(w0.sizes().vec()));
  if (it == pristine_.end()) pristine_.emplace(name, w0);
  // The merged weight keeps the original's layout (bf16 UNets keep conv weights channels-last).
  const at::MemoryFormat format = w0.suggest_memory_format();
  at::Tensor& merged = merged_[name];
  if (!merged.defined() || !merged.is_contiguous(format))
    merged = at::empty(w0.sizes(), w0.options().memory_format(format));
  bool& seen = inSet_[name];
  const at::Tensor base = (seen ? merged : w0).contiguous().view({w0.size(0), -1});
  if (w0.scalar_type() == at::kFloat && merged.is_contiguous()) {
    // One pass, no temporaries: W = base + scale * U @ D.
    at::Tensor out = merged.view({w0.size(0), -1});
    if (seen)
      out.addmm_(u, d, 1.0, scale);
    else
      at::addmm_out(out, base, u, d, 1.0, scale);
  } else {
    merged.copy_(at::addmm(base.to(at::kFloat), u, d, 1.0, scale).view(w0.sizes()));
  }
  seen = true;
  // The buffer is written whole before it is read again (the first add of a set starts from W0;
  // keep() and addLowRank never meet on one weight), so a packed layout may take it over.
  weights_->put(name, merged, /*lent=*/true);
}

void WeightPatcher::keep(const std::string& name) {
  auto it = inSet_.find(name);
  if (it == inSet_.end())
    throw Error(weights_->component() + ": \"" + name + "\" is not merged, so it cannot be kept");
  it->second = true;
}

void WeightPatcher::end() {
  for (auto it = inSet_.begin(); it != inSet_.end();) {
    if (!it->second) {
      if (terms_.erase(it->first)) {
        weights_->setLowRank(it->first, {});
      } else {
        weights_->put(it->first, pristine_.at(it->first));
        pristine_.erase(it->first);
        merged_.erase(it->first);
      }
      it = inSet_.erase(it);
    } else {
      ++it;
    }
  }
  // Buffers reserved for weights that were never merged (a LoRA that failed half-way).
  for (auto it = merged_.begin(); it != merged_.end();)
    it = inSet_.count(it->first) ? std::next(it) : merged_.erase(it);
}

LoraApplyReport applyLora(const LoraFile& lora, double strength, const LoraTargets& targets,
                          WeightPatcher* unet, WeightPatcher* te1, WeightPatcher* te2) {
  c10::NoGradGuard noGrad;
  LoraApplyReport r;
  WeightPatcher* patchers[3] = {unet, te1, te2};
  std::vector<std::string> names[3];
  for (const auto& l : lora.layers)
    if (const LoraTargets::Target* t = targets.find(l.module))
      names[t->component].push_back(t->weight);
  for (int c = 0; c < 3; ++c)
    if (patchers[c]) patchers[c]->reserve(names[c]);
  for (const auto& l : lora.layers) {
    const LoraTargets::Target* t = targets.find(l.module);
    if (!t || !patchers[t->component]) {
      r.unmatched.push_back(l.module);
      continue;
    }
    patchers[t->component]->addLowRank(t->weight, l.up, l.down, strength * l.scale());
    ++r.applied;
  }
  return r;
}

}  // namespace hl

namespace hl {
namespace {

// Where a block sits in the UNet: down blocks first, then the middle, then the up blocks.
std::pair<int, int> blockOrder(const std::string& block) {
  const int stage = block.rfind("down_blocks.", 0) == 0 ? 0
                    : block.rfind("mid_block", 0) == 0  ? 1
                                                        : 2;
  const size_t dot = block.find('.');
  const int index = stage == 1 ? 0 : std::atoi(block.c_str() + dot + 1);
  return {stage, index};
}

}  // namespace

std::vector<std::pair<std::string, double>> unetBlockEnergy(const LoraFile& lora) {
  c10::NoGradGuard noGrad;
  std::map<std::string, double> energy;
  for (const LoraLayer& l : lora.layers) {
    const std::string block = unetBlockOf(l.module);
    if (block.empty()) continue;
    // ||U D||_F^2 = sum((U^T U) * (D D^T)) for U [out, r], D [r, in]: no out x in product needed.
    const at::Tensor up = l.up.to(at::kFloat).flatten(1), down = l.down.to(at::kFloat).flatten(1);
    const double s = l.scale();
    const double e = (at::matmul(up.t(), up) * at::matmul(down, down.t())).sum().item<double>();
    energy[block] += s * s * e;
  }
  std::vector<std::pair<std::string, double>> out(energy.begin(), energy.end());
  std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
    const auto oa = blockOrder(a.first), ob = blockOrder(b.first);
    return oa != ob ? oa < ob : a.first < b.first;
  });
  return out;
}

}  // namespace hl
