// A caching allocator for large CPU tensors.
//
// glibc hands every block above its 32 MiB mmap ceiling to the kernel and takes it back on free,
// so each UNet evaluation faults in fresh pages for its attention scores, column matrices and
// oneDNN's weight reorders (perf-2026-12.md measured about a gigabyte per evaluation). This
// allocator keeps large freed blocks, 2 MiB-aligned and transparent-huge-page advised, and
// hands them out again, up to a byte cap; small blocks stay with libtorch's own allocator.
#pragma once

#include <cstddef>
#include <cstdint>

namespace hl {

struct HostCacheStats {
  bool installed = false;
  size_t capBytes = 0;
  size_t cachedBytes = 0;  // free blocks kept for reuse
  size_t liveBytes = 0;    // large blocks handed out and not yet freed
  uint64_t hits = 0, misses = 0, evictions = 0;
};

// Installs the allocator as libtorch's CPU allocator once per process (later calls only update
// the cap). `capBytes` 0 picks an eighth of the physical memory, at most 4 GiB. The environment
// variable HL_HOST_CACHE=0 leaves libtorch's allocator in place, HL_HOST_CACHE=N sets the cap to
// N MiB (for A/B runs).
void installHostAllocator(size_t capBytes = 0);

// Returns every cached free block to the system (after unloading models, or before a
// memory-hungry stage in another library).
void releaseHostCache();

HostCacheStats hostCacheStats();

}  // namespace hl
