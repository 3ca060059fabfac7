// Images with their generation record: a PNG carrying the A1111 "parameters" text and the
// "hyperlora" JSON chunk (atomic write), and the record read back from any PNG (full build).
#pragma once

#include <string>

#include "studio/record.h"
#include "util/image.h"

namespace hl::studio {

void writeImage(const std::string& path, const RgbImage& image, const GenerationRecord& record);
// Throws hl::Error naming the file when it is not a PNG or carries no generation settings.
GenerationRecord readRecord(const std::string& pngPath);

}  // namespace hl::studio
