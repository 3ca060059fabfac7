// safetensors files: a validating, memory-mapped reader and an atomic writer.
// This layer has no libtorch dependency; tensor_io.h turns entries into zero-copy at::Tensors.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace hl::st {

enum class DType { F64, F32, F16, BF16, I64, I32, I16, I8, U8, BOOL };

const char* dtypeName(DType d);  // "F32", ...
size_t dtypeSize(DType d);
bool parseDType(const std::string& name, DType* out);

constexpr uint64_t kMaxHeaderBytes = 100u * 1000u * 1000u;  // the reference implementation's limit

struct TensorInfo {
  std::string name;
  DType dtype = DType::F32;
  std::vector<int64_t> shape;
  uint64_t begin = 0;  // byte offsets relative to the data section
  uint64_t end = 0;
  uint64_t numel() const;
  uint64_t nbytes() const { return end - begin; }
};

std::string shapeString(const std::vector<int64_t>& shape);  // "[8, 32, 4]"

// A parsed header; tensors in header (file) order.
struct Header {
  std::vector<TensorInfo> tensors;
  std::vector<std::pair<std::string, std::string>> metadata;
  uint64_t headerBytes = 0;  // N from the 8-byte prefix
};

// Validates the 8-byte prefix and the header of a file of `fileSize` bytes whose first bytes are
// `bytes` (at least 8 + N of them). Every rejection names `path`, the tensor and the rule.
Header parseHeader(const uint8_t* bytes, uint64_t available, uint64_t fileSize,
                   const std::string& path);

class File {
 public:
  // Maps the file read-only (copy-on-write) and validates it. Throws hl::Error.
  static std::shared_ptr<File> open(const std::string& path);
  ~File();
  File(const File&) = delete;
  File& operator=(const File&) = delete;

  const std::string& path() const { return path_; }
  const std::vector<TensorInfo>& tensors() const { return header_.tensors; }
  const std::vector<std::pair<std::string, std::string>>& metadata() const {
    return header_.metadata;
  }
  std::string metadataValue(const std::string& key, const std::string& def = "") const;
  const TensorInfo* find(const std::string& name) const;
  const TensorInfo& at(const std::string& name) const;  // throws naming file and tensor
  const uint8_t* data(const TensorInfo& t) const { return dataStart_ + t.begin; }
  uint64_t fileSize() const { return size_; }
  // Gives the mapping's pages back (Linux): the process's resident set drops them and the next
  // read maps them again from the page cache (or the disk). Data never written to only.
  void releasePages() const;

 private:
  File() = default;
  std::string path_;
  Header header_;
  std::unordered_map<std::string, size_t> index_;
  uint8_t* base_ = nullptr;
  uint64_t size_ = 0;
  const uint8_t* dataStart_ = nullptr;
#ifdef _WIN32
  void* fileHandle_ = nullptr;
  void* mapHandle_ = nullptr;
#endif
};

// One tensor to write. `data` must hold exactly numel * dtypeSize bytes.
struct WriteEntry {
  std::string name;
  DType dtype = DType::F32;
  std::vector<int64_t> shape;
  const void* data = nullptr;
  uint64_t nbytes = 0;
};

// Writes tensors in the given order (header order = data order), the header padded with spaces
// to a multiple of 8 so every tensor starts 8-byte aligned. Atomic: temp file, then rename.
void write(const std::string& path, const std::vector<WriteEntry>& tensors,
           const std::vector<std::pair<std::string, std::string>>& metadata = {});

}  // namespace hl::st
