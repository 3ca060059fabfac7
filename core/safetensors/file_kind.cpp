#include "safetensors/file_kind.h"

#include "safetensors/safetensors.h"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <fstream>

namespace hl::st {
namespace {

const char* kPickleAdvice =
    "Pickle files can run code when opened, so HyperLoRA Studio never opens them: get the "
    ".safetensors version of this model, or convert it once with a tool you trust";

bool startsWith(const uint8_t* b, size_t n, const char* magic) {
  const size_t m = std::strlen(magic);
  return n >= m && std::memcmp(b, magic, m) == 0;
}

std::string lowerHead(const uint8_t* b, size_t n) {
  std::string s;
  for (size_t i = 0; i < n && s.size() < 64; ++i)
    if (!std::isspace(b[i]) || !s.empty()) s.push_back(char(std::tolower(b[i])));
  return s;
}

}  // namespace

ForeignFormat recogniseForeign(const uint8_t* b, size_t n) {
  // A plausible safetensors start (a header length within the limit, then '{') is never foreign,
  // whatever its first bytes look like (a 640-byte header starts 80 02, as a pickle does).
  if (n >= 9 && b[8] == '{') {
    uint64_t len = 0;
    for (int i = 7; i >= 0; --i) len = (len << 8) | b[i];
    if (len <= kMaxHeaderBytes) return {};
  }
  if (startsWith(b, n, "PK\x03\x04"))
    return {"a PyTorch checkpoint (a zip of Python pickles, as torch.save writes)", kPickleAdvice};
  // Pickle protocol 2 to 5 opens with PROTO (0x80) and the protocol number.
  if (n >= 2 && b[0] == 0x80 && b[1] >= 2 && b[1] <= 5)
    return {"a Python pickle (a legacy PyTorch .ckpt/.pt/.bin)", kPickleAdvice};
  if (startsWith(b, n, "GGUF"))
    return {"a GGUF file (quantised weights for stable-diffusion.cpp or llama.cpp)",
            "Use the .safetensors release of this model"};
  if (startsWith(b, n, "\x89HDF"))
    return {"an HDF5 file (Keras weights)", "Use the .safetensors release of this model"};
  if (startsWith(b, n, "version https://git-lfs"))
    return {"a Git LFS pointer, not the model itself",
            "Fetch the real file (git lfs pull, or download it again from the model page)"};
  const std::string head = lowerHead(b, n);
  if (head.rfind("<!doctype html", 0) == 0 || head.rfind("<html", 0) == 0)
    return {"a web page, not a model (the download saved an error or login page)",
            "Download the file again, signed in if the site needs it"};
  return {};
}

ForeignFormat recogniseForeignFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  uint8_t head[64] = {};
  in.read(reinterpret_cast<char*>(head), sizeof head);
  return recogniseForeign(head, size_t(in.gcount()));
}

bool hasPickleExtension(const std::string& path) {
  const size_t dot = path.rfind('.');
  if (dot == std::string::npos) return false;
  std::string ext = path.substr(dot);
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return char(std::tolower(c)); });
  return ext == ".ckpt" || ext == ".pt" || ext == ".pth" || ext == ".bin" || ext == ".pkl";
}

}  // namespace hl::st
