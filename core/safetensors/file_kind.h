// What a file that should be safetensors actually is, from its first bytes: the formats people
// download by mistake (PyTorch pickles, GGUF, an HTML error page, a Git LFS pointer) get a name
// and an instruction instead of a header-length complaint. Pickles are never opened: loading
// one can run code.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace hl::st {

struct ForeignFormat {
  std::string what;    // "a PyTorch checkpoint (a zip of Python pickles)"; empty: not recognised
  std::string advice;  // what to do instead
};

// From the first bytes of a file (at least 16 when the file is that long).
ForeignFormat recogniseForeign(const uint8_t* bytes, size_t n);
// Reads the head of `path`; empty `what` when unreadable or not recognised.
ForeignFormat recogniseForeignFile(const std::string& path);
// Model extensions that are pickles by convention (.ckpt, .pt, .pth, .bin, .pkl).
bool hasPickleExtension(const std::string& path);

}  // namespace hl::st
