// Shared by the fuzz targets: libFuzzer's entry point, and the one exception type that outside
// data may raise (hl::Error, a clear message). Anything else escapes and is a finding.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "util/error.h"

#define HL_FUZZ_TARGET() extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)

namespace hl::fuzz {

inline std::string text(const uint8_t* data, size_t size) { return std::string(reinterpret_cast<const char*>(data), size); }

// A findings-only check: aborts, so libFuzzer (and the replay) report it with its input.
void require(bool ok, const char* what);

// A file holding these bytes, rewritten on each call (the parsers that read files).
std::string scratchFile(const char* name, const std::string& bytes);

}  // namespace hl::fuzz
