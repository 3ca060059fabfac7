// The safetensors header and tensor table: every offset, shape and dtype is checked against
// the file size before anything is read.
#include "fuzz.h"
#include "safetensors/safetensors.h"

HL_FUZZ_TARGET() {
  try {
    const hl::st::Header h = hl::st::parseHeader(data, size, size, "fuzz.safetensors");
    for (const auto& t : h.tensors) {
      hl::fuzz::require(t.end >= t.begin, "tensor end before its begin");
      hl::fuzz::require(8 + h.headerBytes + t.end <= size, "tensor past the end of the file");
      hl::fuzz::require(t.numel() * hl::st::dtypeSize(t.dtype) == t.nbytes(), "size and shape disagree");
    }
  } catch (const hl::Error&) {
  }
  return 0;
}
