// SHA-256, for the model hash A1111 writes into image metadata (first 10 hex digits).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace hl {

class Sha256 {
 public:
  Sha256();
  void update(const void* data, size_t size);
  std::string hexDigest();  // finalises

 private:
  void block(const uint8_t* p);
  uint32_t h_[8];
  uint8_t buf_[64];
  size_t bufLen_ = 0;
  uint64_t total_ = 0;
};

std::string sha256Hex(const std::string& bytes);
// Hash of a whole file, read in large chunks. Throws hl::Error naming the file.
std::string sha256File(const std::string& path);

}  // namespace hl

namespace hl {
// sha256File, remembered in `cacheJson` (keyed by path, size and modification time) so a
// multi-gigabyte checkpoint is hashed once. A broken or missing cache is rebuilt.
std::string cachedSha256File(const std::string& path, const std::string& cacheJson);
// The default cache file: $XDG_CACHE_HOME (or ~/.cache)/hyperlora-studio/hashes.json.
std::string defaultHashCache();
}  // namespace hl
