#include "runtime/host_allocator.h"

#include <c10/core/CPUAllocator.h>
#include <c10/util/Exception.h>
#include <torch/csrc/api/include/torch/version.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <list>
#include <map>
#include <mutex>
#include <unordered_map>
#include <utility>
#include <vector>

#if defined(_WIN32) || defined(__GLIBC__)
#include <malloc.h>
#endif
#ifndef _WIN32
#include <sys/mman.h>
#include <unistd.h>
#endif

// libtorch 2.3 made Allocator::allocate non-const and added the pure copy_data.
#if TORCH_VERSION_MAJOR > 2 || (TORCH_VERSION_MAJOR == 2 && TORCH_VERSION_MINOR >= 3)
#define HL_ALLOCATOR_API_2_3 1
#define HL_ALLOCATE_CONST
#else
#define HL_ALLOCATE_CONST const
#endif

namespace hl {
namespace {

constexpr size_t kLarge = size_t(4) << 20;  // below this glibc's own reuse works well
constexpr size_t kPage = size_t(2) << 20;   // a transparent huge page

size_t roundUp(size_t n) {
  return (n + kPage - 1) / kPage * kPage;
}

void* mapBlock(size_t bytes) {
#ifdef _WIN32
  return _aligned_malloc(bytes, kPage);
#else
  // Over-map by one huge page so the block can start on a 2 MiB boundary.
  void* raw =
      mmap(nullptr, bytes + kPage, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (raw == MAP_FAILED) return nullptr;
  const uintptr_t start = reinterpret_cast<uintptr_t>(raw);
  const uintptr_t aligned = (start + kPage - 1) / kPage * kPage;
  if (aligned > start) munmap(raw, aligned - start);
  const uintptr_t end = start + bytes + kPage;
  if (end > aligned + bytes)
    munmap(reinterpret_cast<void*>(aligned + bytes), end - aligned - bytes);
#ifdef MADV_HUGEPAGE
  madvise(reinterpret_cast<void*>(aligned), bytes, MADV_HUGEPAGE);
#endif
  return reinterpret_cast<void*>(aligned);
#endif
}

void unmapBlock(void* p, size_t bytes) {
#ifdef _WIN32
  (void)bytes;
  _aligned_free(p);
#else
  munmap(p, bytes);
#endif
}

size_t physicalMemory() {
#ifdef _WIN32
  return size_t(16) << 30;
#else
  const long pages = sysconf(_SC_PHYS_PAGES), size = sysconf(_SC_PAGE_SIZE);
  return pages > 0 && size > 0 ? size_t(pages) * size_t(size) : size_t(16) << 30;
#endif
}

class HostAllocator final : public c10::Allocator {
 public:
  explicit HostAllocator(c10::Allocator* fallback) : fallback_(fallback) {}

  c10::DataPtr allocate(size_t n) HL_ALLOCATE_CONST override {
    if (n < kLarge) return fallback_->allocate(n);
    void* p = const_cast<HostAllocator*>(this)->take(n);
    return {p, p, &HostAllocator::deleteBlock, c10::Device(c10::kCPU)};
  }
#ifdef HL_ALLOCATOR_API_2_3
  void copy_data(void* dest, const void* src, std::size_t count) const override {
    default_copy_data(dest, src, count);
  }
#endif

  // oneDNN's scratch buffers come back through raw_deallocate: small ones belong to the fallback.
  c10::DeleterFnPtr raw_deleter() const override {
    return &HostAllocator::deleteBlock;
  }

  void setCap(size_t cap) {
    std::vector<std::pair<void*, size_t>> victims;
    {
      std::lock_guard<std::mutex> l(lock_);
      cap_ = cap;
      evictLocked(victims);
    }
    for (auto& [p, bytes] : victims) unmapBlock(p, bytes);
  }

  void releaseAll() {
    std::vector<std::pair<void*, size_t>> victims;
    {
      std::lock_guard<std::mutex> l(lock_);
      const size_t cap = cap_;
      cap_ = 0;
      evictLocked(victims);
      cap_ = cap;
    }
    for (auto& [p, bytes] : victims) unmapBlock(p, bytes);
  }

  HostCacheStats stats() {
    std::lock_guard<std::mutex> l(lock_);
    return {true, cap_, cachedBytes_, liveBytes_, hits_, misses_, evictions_};
  }

  static HostAllocator* instance;

 private:
  struct FreeBlock {
    void* p;
    size_t bytes;
  };
  using Age = std::list<FreeBlock>;  // oldest first

  static void deleteBlock(void* p) {
    instance->give(p);
  }

  void* take(size_t n) {
    const size_t want = roundUp(n);
    {
      std::lock_guard<std::mutex> l(lock_);
      // A block at most an eighth (or one huge page) larger than asked: more would strand memory.
      auto it = bySize_.lower_bound(want);
      if (it != bySize_.end() && it->first <= want + std::max(kPage, want / 8)) {
        const FreeBlock b = *it->second;
        age_.erase(it->second);
        bySize_.erase(it);
        cachedBytes_ -= b.bytes;
        live_[b.p] = b.bytes;
        liveBytes_ += b.bytes;
        ++hits_;
        return b.p;
      }
      ++misses_;
    }
    void* p = mapBlock(want);
    if (!p) {  // the cache may hold what the system lacks
      releaseAll();
      p = mapBlock(want);
    }
    TORCH_CHECK_WITH(OutOfMemoryError, p != nullptr,
                     "HostAllocator: not enough memory: you tried to allocate ", n, " bytes.");
    std::lock_guard<std::mutex> l(lock_);
    live_[p] = want;
    liveBytes_ += want;
    return p;
  }

  void give(void* p) {
    if (!p) return;
    bool fallback = false;
    std::vector<std::pair<void*, size_t>> victims;
    {
      std::lock_guard<std::mutex> l(lock_);
      auto it = live_.find(p);
      if (it == live_.end()) {
        fallback = true;
      } else {
        const size_t bytes = it->second;
        live_.erase(it);
        liveBytes_ -= bytes;
        age_.push_back({p, bytes});
        bySize_.emplace(bytes, std::prev(age_.end()));
        cachedBytes_ += bytes;
        evictLocked(victims);
      }
    }
    if (fallback) fallback_->raw_deleter()(p);
    for (auto& [q, bytes] : victims) unmapBlock(q, bytes);
  }

  void evictLocked(std::vector<std::pair<void*, size_t>>& victims) {
    while (cachedBytes_ > cap_ && !age_.empty()) {
      const FreeBlock b = age_.front();
      auto range = bySize_.equal_range(b.bytes);
      for (auto it = range.first; it != range.second; ++it)
        if (it->second == age_.begin()) {
          bySize_.erase(it);
          break;
        }
      age_.pop_front();
      cachedBytes_ -= b.bytes;
      ++evictions_;
      victims.emplace_back(b.p, b.bytes);
    }
  }

  c10::Allocator* fallback_;
  std::mutex lock_;
  size_t cap_ = 0, cachedBytes_ = 0, liveBytes_ = 0;
  uint64_t hits_ = 0, misses_ = 0, evictions_ = 0;
  std::unordered_map<void*, size_t> live_;
  Age age_;
  std::multimap<size_t, Age::iterator> bySize_;
};

HostAllocator* HostAllocator::instance = nullptr;
std::mutex gInstallLock;

}  // namespace

void installHostAllocator(size_t capBytes) {
  const char* env = std::getenv("HL_HOST_CACHE");
  if (env && std::strcmp(env, "0") == 0) return;
  if (env && std::atoll(env) > 0) capBytes = size_t(std::atoll(env)) << 20;  // MiB, for A/B runs
  if (capBytes == 0) capBytes = std::min(physicalMemory() / 8, size_t(4) << 30);
  std::lock_guard<std::mutex> l(gInstallLock);
  if (!HostAllocator::instance) {
    // Never destroyed: tensors freed during static destruction still come back to it.
    HostAllocator::instance = new HostAllocator(c10::GetDefaultCPUAllocator());
    c10::SetCPUAllocator(HostAllocator::instance, /*priority=*/10);
#ifdef __GLIBC__
    // The small blocks stay with glibc: a fixed mmap threshold at our own cut keeps them on the
    // heap, and a high trim threshold stops it handing the heap top back after every free
    // (fresh pages fault in at great cost on virtual machines).
    mallopt(M_MMAP_THRESHOLD, int(kLarge));
    mallopt(M_TRIM_THRESHOLD, 256 << 20);
#endif
  }
  HostAllocator::instance->setCap(capBytes);
}

void releaseHostCache() {
  if (HostAllocator::instance) HostAllocator::instance->releaseAll();
}

HostCacheStats hostCacheStats() {
  return HostAllocator::instance ? HostAllocator::instance->stats() : HostCacheStats{};
}

}  // namespace hl
