#include "sdxl/lora.h"

#include <filesystem>

#include "models/weight_specs.h"
#include "sdxl/ops.h"
#include "sdxl/single_file.h"
#include "tensor/safetensors.h"
#include "tensor/tensor_io.h"
#include "util/error.h"

namespace hl {
namespace {

std::string kohya(const std::string& prefix, const std::string& weightName) {
  std::string s = weightName.substr(0, weightName.size() - 7);  // drop ".weight"
  for (char& c : s)
    if (c == '.') c = '_';
  return prefix + s;
}

bool endsWith(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

}  // namespace

double LoraLayer::scale() const { return alpha > 0 ? alpha / double(down.size(0)) : 1.0; }

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
    if (endsWith(key, ".lora_down.weight")) layer(key.substr(0, key.size() - 17)).down = t;
    else if (endsWith(key, ".lora_up.weight")) layer(key.substr(0, key.size() - 15)).up = t;
    else if (endsWith(key, ".alpha")) layer(key.substr(0, key.size() - 6)).alpha = t.item<double>();
    else throw Error(name + ": tensor \"" + key + "\" is not part of a kohya LoRA (expected "
                     "<module>.lora_down.weight, .lora_up.weight or .alpha)");
  }
  for (const auto& l : f.layers) {
    if (!l.down.defined() || !l.up.defined())
      throw Error(name + ": module \"" + l.module + "\" lacks its " +
                  (l.down.defined() ? "lora_up" : "lora_down") + " weight");
    if (l.up.size(1) != l.down.size(0))
      throw Error(name + ": module \"" + l.module + "\": lora_up has rank " +
                  std::to_string(l.up.size(1)) + " but lora_down has rank " + std::to_string(l.down.size(0)));
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

LoraTargets::LoraTargets(const UnetConfig& unet, const ClipTextConfig* te1, const ClipTextConfig* te2) {
  for (const auto& s : unetWeightSpecs(unet)) {
    if (s.shape.size() < 2 || !endsWith(s.name, ".weight")) continue;
    map_[kohya("lora_unet_", s.name)] = {0, s.name};
    const std::string ldm = diffusersUnetToLdm(s.name, unet);
    if (!ldm.empty()) map_[kohya("lora_unet_", ldm)] = {0, s.name};
  }
  const ClipTextConfig* tes[2] = {te1, te2};
  for (int k = 0; k < 2; ++k) {
    if (!tes[k]) continue;
    for (const auto& s : clipTextWeightSpecs(*tes[k])) {
      if (s.shape.size() < 2 || !endsWith(s.name, ".weight") || s.name.find("embeddings") != std::string::npos)
        continue;
      map_[kohya(k == 0 ? "lora_te1_" : "lora_te2_", s.name)] = {k + 1, s.name};
    }
  }
}

const LoraTargets::Target* LoraTargets::find(const std::string& module) const {
  auto it = map_.find(module);
  return it == map_.end() ? nullptr : &it->second;
}

void WeightPatcher::begin() {
  for (auto& [name, flag] : inSet_) flag = false;
}

void WeightPatcher::addLowRank(const std::string& name, const at::Tensor& up, const at::Tensor& down,
                               double scale) {
  at::Tensor& w = weights_->mutableRef(name);
  const at::Tensor u = up.to(w.device(), at::kFloat).flatten(1);
  const at::Tensor d = down.to(w.device(), at::kFloat).flatten(1);
  if (u.size(0) != w.size(0) || u.size(1) != d.size(0) || d.size(1) != w.numel() / w.size(0))
    throw Error(weights_->component() + ": LoRA for \"" + name + "\" has shape up " +
                st::shapeString(up.sizes().vec()) + " / down " + st::shapeString(down.sizes().vec()) +
                ", which does not fit the weight " + st::shapeString(w.sizes().vec()));
  auto it = pristine_.find(name);
  if (it == pristine_.end()) it = pristine_.emplace(name, w.clone()).first;
  bool& seen = inSet_[name];
  const at::Tensor& base = seen ? w : it->second;
  seen = true;
  const at::Tensor w2 = w.view({w.size(0), -1});
  if (w.scalar_type() == at::kFloat) {
    // One pass, no temporaries: W = base + scale * U @ D.
    if (&base == &w) w2.addmm_(u, d, 1.0, scale);
    else at::addmm_out(const_cast<at::Tensor&>(w2), base.view({w.size(0), -1}), u, d, 1.0, scale);
  } else {
    w2.copy_(at::addmm(base.view({w.size(0), -1}).to(at::kFloat), u, d, 1.0, scale));
  }
}

void WeightPatcher::end() {
  for (auto it = inSet_.begin(); it != inSet_.end();) {
    if (!it->second) {
      weights_->mutableRef(it->first).copy_(pristine_.at(it->first));
      pristine_.erase(it->first);
      it = inSet_.erase(it);
    } else {
      ++it;
    }
  }
}

LoraApplyReport applyLora(const LoraFile& lora, double strength, const LoraTargets& targets,
                          WeightPatcher* unet, WeightPatcher* te1, WeightPatcher* te2) {
  c10::NoGradGuard noGrad;
  LoraApplyReport r;
  WeightPatcher* patchers[3] = {unet, te1, te2};
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
