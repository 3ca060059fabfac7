#include "safetensors/safetensors.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <limits>

#ifdef _WIN32
#define NOMINMAX
#include <windows.h>
#else
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#endif

#include "safetensors/file_kind.h"
#include "util/error.h"
#include "util/fs.h"
#include "util/json.h"

namespace hl::st {
namespace {

struct DTypeRow {
  DType dtype;
  const char* name;
  size_t size;
};
constexpr DTypeRow kDTypes[] = {
    {DType::F64, "F64", 8},   {DType::F32, "F32", 4}, {DType::F16, "F16", 2},
    {DType::BF16, "BF16", 2}, {DType::I64, "I64", 8}, {DType::I32, "I32", 4},
    {DType::I16, "I16", 2},   {DType::I8, "I8", 1},   {DType::U8, "U8", 1},
    {DType::BOOL, "BOOL", 1},
};

[[noreturn]] void reject(const std::string& path, const std::string& what) {
  throw Error(path + ": invalid safetensors file: " + what);
}

uint64_t readLe64(const uint8_t* p) {
  uint64_t v = 0;
  for (int i = 7; i >= 0; --i) v = (v << 8) | p[i];
  return v;
}

}  // namespace

const char* dtypeName(DType d) {
  for (const auto& r : kDTypes)
    if (r.dtype == d) return r.name;
  return "?";
}
size_t dtypeSize(DType d) {
  for (const auto& r : kDTypes)
    if (r.dtype == d) return r.size;
  return 0;
}
bool parseDType(const std::string& name, DType* out) {
  for (const auto& r : kDTypes)
    if (name == r.name) {
      *out = r.dtype;
      return true;
    }
  return false;
}

uint64_t TensorInfo::numel() const {
  uint64_t n = 1;
  for (int64_t d : shape) n *= uint64_t(d);
  return n;
}

std::string shapeString(const std::vector<int64_t>& shape) {
  std::string s = "[";
  for (size_t i = 0; i < shape.size(); ++i) {
    if (i) s += ", ";
    s += std::to_string(shape[i]);
  }
  return s + "]";
}

namespace {

// The 8-byte length prefix: present, within the limit and the file. Other formats are named.
uint64_t headerLength(const uint8_t* bytes, uint64_t available, uint64_t fileSize,
                      const std::string& path) {
  if (fileSize < 8 || available < 8)
    reject(path, "file is " + std::to_string(fileSize) +
                     " bytes, shorter than the 8-byte header length prefix");
  if (const ForeignFormat f = recogniseForeign(bytes, size_t(std::min<uint64_t>(available, 64)));
      !f.what.empty())
    throw Error(path + ": this is " + f.what + ", not a safetensors file. " + f.advice + ".");
  const uint64_t n = readLe64(bytes);
  if (n > kMaxHeaderBytes)
    reject(path, "header length " + std::to_string(n) + " exceeds the limit of " +
                     std::to_string(kMaxHeaderBytes) + " bytes");
  if (n < 2)
    reject(path, "header length " + std::to_string(n) + " is too small to hold a JSON object");
  if (8 + n > fileSize || 8 + n > available)
    reject(path, "header length " + std::to_string(n) + " runs past the end of the " +
                     std::to_string(fileSize) + "-byte file");
  return n;
}

// The header's JSON object (the format pads it with trailing spaces; anything else after the
// JSON is garbage).
json::Value headerObject(std::string_view text, const std::string& path) {
  if (text.front() != '{') reject(path, "header does not start with '{' (not a safetensors file?)");
  json::Value doc;
  try {
    doc = json::parse(text, path + ": safetensors header");
  } catch (const Error& e) {
    reject(path, std::string("malformed JSON header: ") + e.what());
  }
  if (!doc.isObject()) reject(path, "header is not a JSON object");
  return doc;
}

void readMetadata(const json::Value& entry, Header& h, const std::string& path) {
  if (!entry.isObject()) reject(path, "__metadata__ is not an object of strings");
  for (const auto& [k, v] : entry.members()) {
    if (!v.isString()) reject(path, "__metadata__ value for \"" + k + "\" is not a string");
    h.metadata.emplace_back(k, v.asString());
  }
}

// The shape's entries, refusing negative or non-integer ones and an element count that overflows.
uint64_t readShape(const json::Value& shape, TensorInfo& t, const std::string& where,
                   const std::string& path) {
  uint64_t numel = 1;
  for (const auto& d : shape.elements()) {
    if (!d.isInteger() || d.asInt() < 0)
      reject(path, where + ": shape entries must be non-negative integers");
    const uint64_t dim = uint64_t(d.asInt());
    if (dim != 0 && numel > std::numeric_limits<uint64_t>::max() / dim)
      reject(path, where + ": shape " + json::dump(shape) + " overflows");
    numel *= dim;
    t.shape.push_back(d.asInt());
  }
  return numel;
}

// One tensor's entry: exactly dtype, shape and data_offsets, the offsets spanning what the
// shape and dtype need, inside the data section.
TensorInfo readTensor(const std::string& name, const json::Value& entry, uint64_t dataBytes,
                      const std::string& path) {
  const std::string where = "tensor \"" + name + "\"";
  if (name.empty()) reject(path, "a tensor has an empty name");
  if (!entry.isObject()) reject(path, where + ": entry is not an object");
  for (const auto& [k, v] : entry.members()) {
    (void)v;
    if (k != "dtype" && k != "shape" && k != "data_offsets")
      reject(path, where + ": unknown field \"" + k + "\"");
  }
  const json::Value* dt = entry.find("dtype");
  const json::Value* shape = entry.find("shape");
  const json::Value* offs = entry.find("data_offsets");
  if (!dt || !dt->isString()) reject(path, where + ": missing or non-string \"dtype\"");
  if (!shape || !shape->isArray()) reject(path, where + ": missing or non-array \"shape\"");
  if (!offs || !offs->isArray() || offs->size() != 2)
    reject(path, where + ": \"data_offsets\" must be an array of two integers");
  TensorInfo t;
  t.name = name;
  if (!parseDType(dt->asString(), &t.dtype))
    reject(path, where + ": unknown dtype \"" + dt->asString() + "\"");
  const uint64_t numel = readShape(*shape, t, where, path);
  for (size_t i = 0; i < 2; ++i)
    if (!offs->at(i).isInteger() || offs->at(i).asInt() < 0)
      reject(path, where + ": data_offsets must be non-negative integers");
  t.begin = uint64_t(offs->at(0).asInt());
  t.end = uint64_t(offs->at(1).asInt());
  if (t.end < t.begin)
    reject(path, where + ": data_offsets [" + std::to_string(t.begin) + ", " +
                     std::to_string(t.end) + "] end before they begin");
  const uint64_t expect = numel * dtypeSize(t.dtype);
  if (t.end - t.begin != expect)
    reject(path, where + ": shape " + shapeString(t.shape) + " of " + dt->asString() + " needs " +
                     std::to_string(expect) + " bytes but data_offsets span " +
                     std::to_string(t.end - t.begin));
  if (t.end > dataBytes)
    reject(path, where + ": data_offsets end at " + std::to_string(t.end) +
                     ", past the data section of " + std::to_string(dataBytes) + " bytes");
  return t;
}

// Tensors must tile the data section: sorted by offset, no overlap, no gap, nothing after.
void requireTiling(const std::vector<TensorInfo>& tensors, uint64_t dataBytes,
                   const std::string& path) {
  std::vector<const TensorInfo*> byOffset;
  for (const auto& t : tensors) byOffset.push_back(&t);
  std::stable_sort(byOffset.begin(), byOffset.end(), [](const TensorInfo* a, const TensorInfo* b) {
    return a->begin != b->begin ? a->begin < b->begin : a->end < b->end;
  });
  uint64_t cursor = 0;
  for (size_t i = 0; i < byOffset.size(); ++i) {
    const TensorInfo& t = *byOffset[i];
    if (t.begin < cursor)
      reject(path, "tensor \"" + t.name + "\" at bytes [" + std::to_string(t.begin) + ", " +
                       std::to_string(t.end) + ") overlaps tensor \"" + byOffset[i - 1]->name +
                       "\" ending at " + std::to_string(cursor));
    if (t.begin > cursor)
      reject(path, "gap of " + std::to_string(t.begin - cursor) + " bytes before tensor \"" +
                       t.name + "\" (offsets must be contiguous)");
    cursor = t.end;
  }
  if (cursor != dataBytes)
    reject(path, std::to_string(dataBytes - cursor) +
                     " trailing bytes after the last tensor (data section is " +
                     std::to_string(dataBytes) + " bytes, tensors cover " + std::to_string(cursor) +
                     ")");
}

}  // namespace

Header parseHeader(const uint8_t* bytes, uint64_t available, uint64_t fileSize,
                   const std::string& path) {
  Header h;
  h.headerBytes = headerLength(bytes, available, fileSize, path);
  const json::Value doc = headerObject(
      std::string_view(reinterpret_cast<const char*>(bytes + 8), size_t(h.headerBytes)), path);
  const uint64_t dataBytes = fileSize - 8 - h.headerBytes;
  for (const auto& [name, entry] : doc.members()) {
    if (name == "__metadata__")
      readMetadata(entry, h, path);
    else
      h.tensors.push_back(readTensor(name, entry, dataBytes, path));
  }
  requireTiling(h.tensors, dataBytes, path);
  return h;
}

void File::releasePages() const {
#ifdef __linux__
  if (base_) ::madvise(base_, size_t(size_), MADV_DONTNEED);
#endif
}

std::shared_ptr<File> File::open(const std::string& path) {
  std::shared_ptr<File> f(new File());
  f->path_ = path;
#ifdef _WIN32
  HANDLE fh = CreateFileA(path.c_str(), GENERIC_READ, FILE_SHARE_READ, nullptr, OPEN_EXISTING,
                          FILE_ATTRIBUTE_NORMAL, nullptr);
  if (fh == INVALID_HANDLE_VALUE) throw Error(path + ": cannot open file");
  f->fileHandle_ = fh;
  LARGE_INTEGER sz;
  if (!GetFileSizeEx(fh, &sz)) throw Error(path + ": cannot read file size");
  f->size_ = uint64_t(sz.QuadPart);
  if (f->size_ > 0) {
    HANDLE mh = CreateFileMappingA(fh, nullptr, PAGE_WRITECOPY, 0, 0, nullptr);
    if (!mh) throw Error(path + ": cannot map file");
    f->mapHandle_ = mh;
    f->base_ = static_cast<uint8_t*>(MapViewOfFile(mh, FILE_MAP_COPY, 0, 0, 0));
    if (!f->base_) throw Error(path + ": cannot map file");
  }
#else
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw Error(path + ": cannot open file (" + std::strerror(errno) + ")");
  struct stat sb;
  if (::fstat(fd, &sb) != 0) {
    ::close(fd);
    throw Error(path + ": cannot stat file (" + std::strerror(errno) + ")");
  }
  if (S_ISDIR(sb.st_mode)) {
    ::close(fd);
    throw Error(path + ": is a folder, not a safetensors file");
  }
  f->size_ = uint64_t(sb.st_size);
  if (f->size_ > 0) {
    // Private, writable mapping: pages are shared with the page cache until someone writes,
    // so weights are never copied twice yet an in-place op cannot fault.
    void* p = ::mmap(nullptr, size_t(f->size_), PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
    if (p == MAP_FAILED) {
      ::close(fd);
      throw Error(path + ": cannot map file (" + std::strerror(errno) + ")");
    }
    f->base_ = static_cast<uint8_t*>(p);
  }
  ::close(fd);
#endif
  f->header_ = parseHeader(f->base_, f->size_, f->size_, path);
  f->dataStart_ = f->base_ + 8 + f->header_.headerBytes;
  for (size_t i = 0; i < f->header_.tensors.size(); ++i)
    f->index_.emplace(f->header_.tensors[i].name, i);
  return f;
}

File::~File() {
#ifdef _WIN32
  if (base_) UnmapViewOfFile(base_);
  if (mapHandle_) CloseHandle(static_cast<HANDLE>(mapHandle_));
  if (fileHandle_) CloseHandle(static_cast<HANDLE>(fileHandle_));
#else
  if (base_) ::munmap(base_, size_t(size_));
#endif
}

std::string File::metadataValue(const std::string& key, const std::string& def) const {
  for (const auto& [k, v] : header_.metadata)
    if (k == key) return v;
  return def;
}

const TensorInfo* File::find(const std::string& name) const {
  auto it = index_.find(name);
  return it == index_.end() ? nullptr : &header_.tensors[it->second];
}

const TensorInfo& File::at(const std::string& name) const {
  const TensorInfo* t = find(name);
  if (!t) throw Error(path_ + ": tensor \"" + name + "\" not found");
  return *t;
}

void write(const std::string& path, const std::vector<WriteEntry>& tensors,
           const std::vector<std::pair<std::string, std::string>>& metadata) {
  json::Value header = json::Value::object();
  if (!metadata.empty()) {
    json::Value meta = json::Value::object();
    for (const auto& [k, v] : metadata) meta.set(k, v);
    header.set("__metadata__", std::move(meta));
  }
  uint64_t offset = 0;
  for (const auto& t : tensors) {
    if (t.name == "__metadata__" || t.name.empty())
      throw Error(path + ": cannot write a tensor named \"" + t.name + "\"");
    if (header.find(t.name)) throw Error(path + ": tensor \"" + t.name + "\" given twice");
    uint64_t numel = 1;
    for (int64_t d : t.shape) {
      if (d < 0) throw Error(path + ": tensor \"" + t.name + "\" has a negative dimension");
      numel *= uint64_t(d);
    }
    if (numel * dtypeSize(t.dtype) != t.nbytes)
      throw Error(path + ": tensor \"" + t.name + "\" of shape " + shapeString(t.shape) + " " +
                  dtypeName(t.dtype) + " needs " + std::to_string(numel * dtypeSize(t.dtype)) +
                  " bytes, got " + std::to_string(t.nbytes));
    json::Value e = json::Value::object();
    e.set("dtype", dtypeName(t.dtype));
    json::Value shape = json::Value::array();
    for (int64_t d : t.shape) shape.push(d);
    e.set("shape", std::move(shape));
    json::Value offs = json::Value::array();
    offs.push(offset);
    offs.push(offset + t.nbytes);
    e.set("data_offsets", std::move(offs));
    header.set(t.name, std::move(e));
    offset += t.nbytes;
  }
  std::string text = json::dump(header);
  while ((8 + text.size()) % 8 != 0) text += ' ';
  fs::writeAtomicWith(path, [&](std::FILE* f) {
    uint8_t prefix[8];
    uint64_t n = text.size();
    for (int i = 0; i < 8; ++i) prefix[i] = uint8_t(n >> (8 * i));
    bool ok = std::fwrite(prefix, 1, 8, f) == 8 && std::fwrite(text.data(), 1, n, f) == n;
    for (const auto& t : tensors)
      if (ok && t.nbytes) ok = std::fwrite(t.data, 1, size_t(t.nbytes), f) == t.nbytes;
    if (!ok)
      throw Error(path + ": cannot save: writing failed (" + std::strerror(errno) +
                  "); the previous file is unchanged");
  });
}

}  // namespace hl::st
