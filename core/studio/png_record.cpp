#include "studio/png_record.h"

#include "vision/png_text.h"

namespace hl::studio {

void writeImage(const std::string& path, const RgbImage& image, const GenerationRecord& record) {
  writePngWithText(path, image, record.pngText());
}

GenerationRecord readRecord(const std::string& pngPath) {
  return GenerationRecord::fromPngText(readPngText(pngPath), pngPath);
}

}  // namespace hl::studio
