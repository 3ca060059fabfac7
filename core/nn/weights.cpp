#include <list>
#include <unordered_map>

#include "nn/nn.h"
#include "nn/packed_linear.h"
#include "util/error.h"

namespace hl::nn {

// The copies on the compute device while streaming: a list kept in use order (newest first),
// whose nodes stay put when reordered, so handed-out references stay valid until evicted. Each
// entry remembers the host tensor it was made from, so a copy of the Weights (which shares the
// cache) never gets the other's tensor.
struct Weights::StreamCache {
  static constexpr size_t kKeep = 8;  // never evicted: more than any one layer reads at once
  at::Device device;
  int64_t budget;
  struct Entry {
    std::string name;
    const void* source;  // the host tensor's storage
    at::Tensor copy;
  };
  std::list<Entry> order;
  std::unordered_map<std::string, std::list<Entry>::iterator> index;
  StreamStats stats;

  StreamCache(at::Device d, int64_t b) : device(d), budget(b) {}

  static int64_t bytes(const at::Tensor& t) {
    return int64_t(t.numel()) * int64_t(t.element_size());
  }

  const at::Tensor& fetch(const std::string& name, const at::Tensor& host) {
    if (auto it = index.find(name); it != index.end()) {
      if (it->second->source == host.unsafeGetTensorImpl()) {
        order.splice(order.begin(), order, it->second);
        return it->second->copy;
      }
      drop(it->second);
    }
    order.push_front({name, host.unsafeGetTensorImpl(), host.to(device, /*non_blocking=*/true)});
    index[name] = order.begin();
    const int64_t b = bytes(order.front().copy);
    stats.uploads += 1;
    stats.bytesUploaded += b;
    stats.cachedBytes += b;
    while (stats.cachedBytes > budget && order.size() > kKeep) drop(std::prev(order.end()));
    stats.peakCachedBytes = std::max(stats.peakCachedBytes, stats.cachedBytes);
    return order.front().copy;
  }

  void drop(std::list<Entry>::iterator it) {
    stats.cachedBytes -= bytes(it->copy);
    index.erase(it->name);
    order.erase(it);
  }

  void forget(const std::string& name) {
    if (auto it = index.find(name); it != index.end()) drop(it->second);
  }

  void clear() {
    order.clear();
    index.clear();
    stats.cachedBytes = 0;
  }
};

void Weights::put(const std::string& name, at::Tensor t, bool lent) {
  {
    std::lock_guard<std::mutex> lock(*packMutex_);
    packed_.erase(name);  // a merged LoRA replaced it: packed again on next use
    if (lent)
      lent_.insert(name);
    else
      lent_.erase(name);
  }
  if (stream_) {
    stream_->forget(name);  // a merged LoRA replaced it: the next get() uploads the new one
    if (stream_->device.is_cuda() && t.is_cpu() && !t.is_pinned()) t = t.pin_memory();
  }
  map_[name] = std::move(t);
}

const at::Tensor& Weights::plain(std::unordered_map<std::string, at::Tensor>::iterator it) const {
  if (!it->second.defined()) {
    std::lock_guard<std::mutex> lock(*packMutex_);
    if (!it->second.defined()) it->second = packed_.at(it->first)->unpack();
  }
  return it->second;
}

void Weights::unpackAll() const {
  for (auto it = map_.begin(); it != map_.end(); ++it) plain(it);
}

const std::unordered_map<std::string, at::Tensor>& Weights::all() const {
  unpackAll();
  return map_;
}

const PackedLinear* Weights::packedLinear(const std::string& name) const {
  if (stream_ || !PackedLinear::available()) return nullptr;
  std::lock_guard<std::mutex> lock(*packMutex_);
  if (auto p = packed_.find(name); p != packed_.end()) return p->second.get();
  auto it = map_.find(name);
  if (it == map_.end()) return nullptr;
  // Packed in its own memory when nobody else holds it and it is not a view of a mapped file,
  // or when a LoRA patcher lent its merged buffer.
  const at::Tensor& t = it->second;
  const bool sole = t.use_count() == 1 && t.storage().use_count() == 1 &&
                    t.storage().allocator() != nullptr && t.storage_offset() == 0 &&
                    t.storage().nbytes() == t.nbytes();
  std::shared_ptr<const PackedLinear> packed =
      PackedLinear::pack(t, sole || lent_.count(name) != 0);
  if (!packed) return nullptr;
  const PackedLinear* raw = packed.get();
  packed_.emplace(name, std::move(packed));
  it->second = at::Tensor();  // freed unless a LoRA patcher still holds it
  return raw;
}

int64_t Weights::packedBytes() const {
  std::lock_guard<std::mutex> lock(*packMutex_);
  int64_t n = 0;
  for (const auto& [k, p] : packed_) n += p->bytes();
  return n;
}

bool Weights::holdsPlain(const std::string& name) const {
  std::lock_guard<std::mutex> lock(*packMutex_);
  auto it = map_.find(name);
  return it != map_.end() && it->second.defined();
}

const at::Tensor& Weights::host(const std::string& name) const {
  auto it = map_.find(name);
  if (it == map_.end()) throw Error(component_ + ": weight \"" + name + "\" is missing");
  return plain(it);
}

std::pair<std::vector<int64_t>, at::ScalarType> Weights::shapeOf(const std::string& name) const {
  auto it = map_.find(name);
  if (it == map_.end()) throw Error(component_ + ": weight \"" + name + "\" is missing");
  std::lock_guard<std::mutex> lock(*packMutex_);
  if (it->second.defined()) return {it->second.sizes().vec(), it->second.scalar_type()};
  const PackedLinear& p = *packed_.at(name);
  return {{p.outFeatures(), p.inFeatures()}, at::kBFloat16};
}

const at::Tensor& Weights::get(const std::string& name) const {
  const at::Tensor& t = host(name);
  return stream_ ? stream_->fetch(name, t) : t;
}

const at::Tensor* Weights::find(const std::string& name) const {
  auto it = map_.find(name);
  if (it == map_.end()) return nullptr;
  const at::Tensor& t = plain(it);
  return stream_ ? &stream_->fetch(name, t) : &t;
}

int64_t Weights::numel() const {
  std::lock_guard<std::mutex> lock(*packMutex_);
  int64_t n = 0;
  for (const auto& [k, t] : map_) {
    const auto p = t.defined() ? packed_.end() : packed_.find(k);
    n += p == packed_.end() ? t.numel() : p->second->outFeatures() * p->second->inFeatures();
  }
  return n;
}

void Weights::to(at::Device device, at::ScalarType dtype) {
  if (stream_) stream_->clear();
  unpackAll();
  packed_.clear();
  lent_.clear();
  for (auto& [k, t] : map_)
    t = t.to(device, at::isFloatingType(t.scalar_type()) ? dtype : t.scalar_type());
  for (auto& [k, terms] : lowRank_)
    for (LowRank& r : terms) r.down = r.down.to(device, dtype), r.up = r.up.to(device, dtype);
}

void Weights::setLowRank(const std::string& weight, std::vector<LowRank> terms) {
  if (terms.empty())
    lowRank_.erase(weight);
  else
    lowRank_[weight] = std::move(terms);
}

const std::vector<Weights::LowRank>* Weights::lowRank(const std::string& weight) const {
  if (lowRank_.empty()) return nullptr;
  auto it = lowRank_.find(weight);
  return it == lowRank_.end() ? nullptr : &it->second;
}

void Weights::stream(at::Device device, int64_t budgetBytes) {
  unpackAll();
  packed_.clear();
  lent_.clear();
  stream_ = std::make_shared<StreamCache>(device, budgetBytes);
  // Pinned host memory lets the uploads run asynchronously beside the computation.
  if (device.is_cuda())
    for (auto& [k, t] : map_)
      if (t.is_cpu() && !t.is_pinned()) t = t.pin_memory();
}

void Weights::stopStreaming() {
  stream_.reset();
}

at::Device Weights::computeDevice() const {
  if (stream_) return stream_->device;
  for (const auto& [k, t] : map_)
    if (t.defined()) return t.device();
  return at::Device(at::kCPU);  // empty, or every tensor packed (those are on the CPU)
}

void Weights::releaseStream() const {
  if (stream_) stream_->clear();
}

StreamStats Weights::streamStats() const {
  return stream_ ? stream_->stats : StreamStats();
}

}  // namespace hl::nn
