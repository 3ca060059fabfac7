// PNG files with text chunks: the A1111 "parameters" chunk (tEXt when Latin-1, iTXt otherwise)
// and our JSON settings chunk, so images carry how they were made. Writes are atomic.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "util/image.h"

namespace hl {

using TextChunks = std::vector<std::pair<std::string, std::string>>;

void writePngWithText(const std::string& path, const RgbImage& image, const TextChunks& text);
std::string encodePngWithText(const RgbImage& image, const TextChunks& text);
// Text chunks (tEXt, iTXt uncompressed, zTXt not supported) of a PNG file. Throws for non-PNGs.
TextChunks readPngText(const std::string& path);

}  // namespace hl
