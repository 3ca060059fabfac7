#include "models/kohya_names.h"

#include <algorithm>
#include <cstdlib>

#include "models/ldm_names.h"
#include "models/weight_specs.h"

namespace hl {
namespace {

std::string kohya(const std::string& prefix, const std::string& weightName) {
  std::string s = weightName.substr(0, weightName.size() - 7);  // drop ".weight"
  for (char& c : s)
    if (c == '.') c = '_';
  return prefix + s;
}

bool endsWith(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

}  // namespace

LoraTargets::LoraTargets(const UnetConfig& unet, const ClipTextConfig* te1,
                         const ClipTextConfig* te2) {
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
      if (s.shape.size() < 2 || !endsWith(s.name, ".weight") ||
          s.name.find("embeddings") != std::string::npos)
        continue;
      map_[kohya(k == 0 ? "lora_te1_" : "lora_te2_", s.name)] = {k + 1, s.name};
    }
  }
}

const LoraTargets::Target* LoraTargets::find(const std::string& module) const {
  auto it = map_.find(module);
  return it == map_.end() ? nullptr : &it->second;
}

namespace {

std::vector<std::string> splitUnderscores(const std::string& s) {
  std::vector<std::string> parts;
  size_t start = 0;
  for (size_t i = 0; i <= s.size(); ++i)
    if (i == s.size() || s[i] == '_') {
      parts.push_back(s.substr(start, i - start));
      start = i + 1;
    }
  return parts;
}

// A block or layer index: a few digits (longer ones would overflow the conversions below).
bool isNumber(const std::string& s) {
  return !s.empty() && s.size() <= 4 &&
         std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

std::string unetBlockOf(const std::string& kohyaModule) {
  const std::string prefix = "lora_unet_";
  if (kohyaModule.rfind(prefix, 0) != 0) return {};
  const std::vector<std::string> t = splitUnderscores(kohyaModule.substr(prefix.size()));
  auto at = [&](size_t i) { return i < t.size() ? t[i] : std::string(); };
  // diffusers names: down_blocks_1_attentions_0_..., mid_block_attentions_0_...,
  // up_blocks_0_resnets_2_...
  if ((at(0) == "down" || at(0) == "up") && at(1) == "blocks" && isNumber(at(2)) && isNumber(at(4)))
    return at(0) + "_blocks." + at(2) + "." + at(3) + "." + at(4);
  if (at(0) == "mid" && at(1) == "block" && isNumber(at(3)))
    return "mid_block." + at(2) + "." + at(3);
  // LDM names (SDXL layout: two layers per block, a down/up sampler as the third):
  // input_blocks_K_J with K >= 1, output_blocks_K_J, middle_block_J.
  if (at(0) == "input" && at(1) == "blocks" && isNumber(at(2)) && isNumber(at(3))) {
    const int k = std::stoi(at(2)) - 1, j = std::stoi(at(3));
    if (k < 0) return {};
    const std::string block = "down_blocks." + std::to_string(k / 3) + ".";
    if (k % 3 == 2) return block + "downsamplers.0";
    return block + (j == 0 ? "resnets." : "attentions.") + std::to_string(k % 3);
  }
  if (at(0) == "output" && at(1) == "blocks" && isNumber(at(2)) && isNumber(at(3))) {
    const int k = std::stoi(at(2)), j = std::stoi(at(3));
    const std::string block = "up_blocks." + std::to_string(k / 3) + ".";
    if (j == 2) return block + "upsamplers.0";
    return block + (j == 0 ? "resnets." : "attentions.") + std::to_string(k % 3);
  }
  if (at(0) == "middle" && at(1) == "block" && isNumber(at(2))) {
    const int j = std::stoi(at(2));
    return j == 1 ? "mid_block.attentions.0" : "mid_block.resnets." + std::to_string(j / 2);
  }
  return {};
}

}  // namespace hl
