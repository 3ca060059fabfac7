// A1111's "parameters" text, the de-facto standard PNG description other tools read:
//   <prompt>
//   Negative prompt: <negative>
//   Steps: 20, Sampler: DPM++ 2M, Schedule type: Karras, CFG scale: 5.0, Seed: 1, Size: WxH, ...
// Values holding commas are double-quoted with \" escapes, as A1111 writes them.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace hl {

struct A1111Parameters {
  std::string prompt, negativePrompt, sampler, modelName, modelHash;
  int steps = 0, width = 0, height = 0;
  double cfgScale = 0;
  uint64_t seed = 0;
  std::vector<std::pair<std::string, std::string>> extra;  // further "Key: value" pairs, in order
  std::string format() const;
  // The inverse of format(), also for texts other tools wrote. Never throws: fields that do not
  // parse are kept in `extra` as they were.
  static A1111Parameters parse(const std::string& text);
  const std::string* find(const std::string& key) const;  // an extra field by name
};

// Python's str(float), as A1111 prints numbers: "7.0", "5.5", "0.85".
std::string pyFloat(double v);
// A value quoted the way A1111 quotes values that hold commas, colons or quotes.
std::string quoteA1111(const std::string& v);

}  // namespace hl
