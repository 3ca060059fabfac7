// PNG files with text chunks: the A1111 "parameters" chunk (tEXt when Latin-1, iTXt otherwise)
// and our JSON settings chunk, so images carry how they were made. Writes are atomic.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "util/progress.h"

namespace hl {

using TextChunks = std::vector<std::pair<std::string, std::string>>;

void writePngWithText(const std::string& path, const RgbImage& image, const TextChunks& text);
std::string encodePngWithText(const RgbImage& image, const TextChunks& text);
// Text chunks (tEXt, iTXt uncompressed, zTXt not supported) of a PNG file. Throws for non-PNGs.
TextChunks readPngText(const std::string& path);

// "<prompt>\nNegative prompt: <neg>\nSteps: .., Sampler: .., CFG scale: .., Seed: .., Size: WxH,
// Model hash: .., Model: .." as A1111 writes it.
struct A1111Parameters {
  std::string prompt, negativePrompt, sampler, modelName, modelHash;
  int steps = 0, width = 0, height = 0;
  double cfgScale = 0;
  uint64_t seed = 0;
  std::vector<std::pair<std::string, std::string>> extra;  // appended "Key: value" pairs
  std::string format() const;
  static A1111Parameters parse(const std::string& text);  // inverse of format()
};

}  // namespace hl
