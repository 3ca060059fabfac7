// PNG files with text chunks: the A1111 "parameters" chunk (tEXt when Latin-1, iTXt otherwise)
// and our JSON settings chunk, so images carry how they were made. Writes are atomic.
#pragma once

#include <cstddef>
#include <cstdint>
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
// The text chunks of PNG bytes (tEXt and uncompressed iTXt, in file order); throws hl::Error
// naming `source` for what is not a PNG, a truncated chunk or a CRC mismatch.
TextChunks parsePngText(const std::string& bytes, const std::string& source);
// PNG's CRC-32 of the bytes (finalised).
uint32_t pngCrc32(const uint8_t* p, size_t n);

}  // namespace hl
