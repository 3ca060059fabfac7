// PNG text chunks (the generation record in images from any tool).
#include "fuzz.h"
#include "vision/png_text.h"

HL_FUZZ_TARGET() {
  try {
    (void)hl::parsePngText(hl::fuzz::text(data, size), "fuzz.png");
  } catch (const hl::Error&) {
  }
  return 0;
}
