#include <ATen/Context.h>
#include <ATen/Parallel.h>
#include <ATen/ops/empty.h>
#include <c10/core/CPUAllocator.h>

#include <thread>

#include "check.h"
#include "runtime/host_allocator.h"
#include "runtime/placement.h"
#include "runtime/runtime.h"
#include "util/error.h"
#include "util/progress.h"

HL_TEST(cpuPolicy) {
  hl::ComputeConfig fp32 = hl::chooseCompute("cpu", hl::Precision::Auto);
  HL_CHECK_EQ(fp32.device.type(), c10::kCPU);
  HL_CHECK_EQ(fp32.dtype, c10::kFloat);
  HL_CHECK_EQ(fp32.intraOpThreads, 1);  // OpenBLAS brings its own pool
  hl::ComputeConfig bf16 = hl::chooseCompute("cpu", hl::Precision::BFloat16);
  HL_CHECK_EQ(bf16.dtype, c10::kBFloat16);
  HL_CHECK_EQ(bf16.intraOpThreads, int(std::max(1u, std::thread::hardware_concurrency())));
  // fp16 has no CPU kernels in libtorch 1.13: bf16 instead, and the note says so.
  hl::ComputeConfig fp16 = hl::chooseCompute("cpu", hl::Precision::Float16);
  HL_CHECK_EQ(fp16.dtype, c10::kBFloat16);
  HL_CHECK(hl::test::contains(fp16.note, "fp16"));
  hl::ComputeConfig explicitThreads = hl::chooseCompute("cpu", hl::Precision::Float32, 2);
  HL_CHECK_EQ(explicitThreads.intraOpThreads, 2);
}

HL_TEST(autoPicksWhatExists) {
  hl::ComputeConfig c = hl::chooseCompute("auto", hl::Precision::Auto);
  HL_CHECK_EQ(c.device.is_cuda(), hl::cudaAvailable());
  if (c.device.is_cuda()) HL_CHECK_EQ(c.dtype, c10::kHalf);
}

HL_TEST(rejectsUnknownDevicesAndPrecisions) {
  HL_CHECK_THROWS(hl::Error, hl::chooseCompute("tpu", hl::Precision::Auto));
  HL_CHECK_THROWS(hl::Error, hl::parsePrecision("fp8"));
  if (!hl::cudaAvailable()) {
    try {
      hl::chooseCompute("cuda:0", hl::Precision::Auto);
      HL_FAIL("CUDA accepted on a machine without it");
    } catch (const hl::Error& e) {
      HL_CHECK(hl::test::contains(e.what(), "no CUDA device"));
    }
  }
  HL_CHECK_EQ(hl::parsePrecision("bf16"), hl::Precision::BFloat16);
  HL_CHECK_EQ(std::string(hl::precisionName(hl::Precision::Float32)), std::string("fp32"));
}

HL_TEST(appliesThreads) {
  hl::ComputeConfig c = hl::chooseCompute("cpu", hl::Precision::Float32, 2);
  HL_CHECK_EQ(hl::applyThreads(c), 2);
  HL_CHECK_EQ(at::get_num_threads(), 2);
  c.intraOpThreads = 1;
  HL_CHECK_EQ(hl::applyThreads(c), 1);
  const std::string env = std::string(hl::describeEnvironment());
  HL_CHECK(hl::test::contains(env, "OPENBLAS_CORETYPE="));
  HL_CHECK(hl::test::contains(env, "intra-op threads 1"));
}

namespace {
hl::PlacementRequest request(const std::string& device, hl::Precision precision) {
  hl::PlacementRequest r;
  r.device = device;
  r.precision = precision;
  return r;
}
}  // namespace

HL_TEST(tf32SwitchesFollowTheConfig) {
  hl::ComputeConfig c = hl::chooseCompute("cpu", hl::Precision::BFloat16);
  HL_CHECK(!c.tf32);  // a CPU config never asks for it
  c.tf32 = true;      // as a CUDA fp16 config would
  hl::applyThreads(c);
  HL_CHECK(at::globalContext().allowTF32CuBLAS());
  HL_CHECK(at::globalContext().allowTF32CuDNN());  // both switches, not only PyTorch's default one
  c.tf32 = false;
  hl::applyThreads(c);
  HL_CHECK(!at::globalContext().allowTF32CuBLAS());
  HL_CHECK(!at::globalContext().allowTF32CuDNN());
  hl::applyTf32(true);
  HL_CHECK(at::globalContext().allowTF32CuDNN());
  hl::applyThreads(hl::choosePlacement(request("cpu", hl::Precision::Float32)).compute());
  HL_CHECK(!at::globalContext().allowTF32CuDNN());
}

HL_TEST(placementComputeCarriesThreadsAndTf32) {
  hl::PlacementRequest r = request("cpu", hl::Precision::BFloat16);
  r.threads = 2;
  const hl::Placement p = hl::choosePlacement(r);
  const hl::ComputeConfig c = p.compute();
  HL_CHECK_EQ(c.device.type(), c10::kCPU);
  HL_CHECK_EQ(c.dtype, c10::kBFloat16);
  HL_CHECK_EQ(c.intraOpThreads, 2);
  HL_CHECK(!c.tf32);
}

// IEEE fp32 for an fp32 run (the parity tolerances), TF32 beside fp16/bf16 networks.
HL_TEST(cudaTf32OnlyBesideReducedPrecision) {
  if (!hl::cudaAvailable()) HL_SKIP("no CUDA device");
  HL_CHECK(hl::chooseCompute("cuda", hl::Precision::Float16).tf32);
  HL_CHECK(!hl::chooseCompute("cuda", hl::Precision::Float32).tf32);
  HL_CHECK(hl::choosePlacement(request("cuda", hl::Precision::Auto)).compute().tf32);
  HL_CHECK(hl::choosePlacement(request("cuda", hl::Precision::BFloat16)).compute().tf32);
  HL_CHECK(!hl::choosePlacement(request("cuda", hl::Precision::Float32)).compute().tf32);
  hl::PlacementRequest fp32Unet = request("cuda", hl::Precision::Float16);
  fp32Unet.overrides = hl::PlacementRequest::parseOverrides("unet=fp32");
  HL_CHECK(!hl::choosePlacement(fp32Unet).compute().tf32);
}

HL_TEST(hostCacheReusesLargeBlocks) {
  hl::installHostAllocator(size_t(64) << 20);
  const hl::HostCacheStats before = hl::hostCacheStats();
  HL_CHECK(before.installed);
  HL_CHECK_EQ(before.capBytes, size_t(64) << 20);
  void* first = nullptr;
  {
    at::Tensor a = at::empty({int64_t(5) << 20}, at::kFloat);  // 20 MiB: a large block
    first = a.data_ptr();
    HL_CHECK_EQ(reinterpret_cast<uintptr_t>(first) % (uintptr_t(2) << 20), uintptr_t(0));
    a.fill_(3.0f);
  }
  HL_CHECK(hl::hostCacheStats().cachedBytes >= (size_t(20) << 20));
  {
    at::Tensor b = at::empty({int64_t(5) << 20}, at::kFloat);  // same size: the same block again
    HL_CHECK(b.data_ptr() == first);
    // A block more than an eighth larger than asked is not handed out for a small request.
    at::Tensor small = at::empty({int64_t(1) << 20}, at::kFloat);
    HL_CHECK(small.data_ptr() != first);
  }
  HL_CHECK(hl::hostCacheStats().hits >= before.hits + 1);
  // Over the cap, the oldest free blocks go back to the system.
  {
    std::vector<at::Tensor> many;
    for (int i = 0; i < 6; ++i) many.push_back(at::empty({int64_t(4) << 20}, at::kFloat));
  }
  const hl::HostCacheStats capped = hl::hostCacheStats();
  HL_CHECK(capped.cachedBytes <= capped.capBytes);
  HL_CHECK(capped.evictions > before.evictions);
  // Raw blocks (oneDNN's scratch path), small and large, come back through the one raw deleter.
  c10::Allocator* cpu = c10::GetCPUAllocator();
  void* rawSmall = cpu->raw_allocate(1000);
  void* rawLarge = cpu->raw_allocate(size_t(9) << 20);
  HL_CHECK(rawSmall && rawLarge);
  cpu->raw_deallocate(rawSmall);
  cpu->raw_deallocate(rawLarge);
  hl::releaseHostCache();
  HL_CHECK_EQ(hl::hostCacheStats().cachedBytes, size_t(0));
  HL_CHECK_EQ(hl::hostCacheStats().liveBytes, size_t(0));
}

HL_TEST(cancelToken) {
  hl::CancelToken t;
  HL_CHECK(!t.cancelled());
  t.throwIfCancelled();
  std::thread other([&] { t.cancel(); });
  other.join();
  HL_CHECK(t.cancelled());
  HL_CHECK_THROWS(hl::Cancelled, t.throwIfCancelled());
  t.reset();
  HL_CHECK(!t.cancelled());
}

HL_TEST(scopedTimer) {
  double total = 0;
  std::string seen;
  double reported = -1;
  {
    hl::ScopedTimer a("a", &total);
    hl::ScopedTimer b("stage", [&](const std::string& n, double s) {
      seen = n;
      reported = s;
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  HL_CHECK(total >= 0.019 && total < 2.0);
  HL_CHECK_EQ(seen, std::string("stage"));
  HL_CHECK(reported >= 0.019);
}

HL_TEST(progressCallbackCarriesPreview) {
  std::vector<hl::Progress> got;
  hl::ProgressCallback cb = [&](const hl::Progress& p) { got.push_back(p); };
  hl::Progress p;
  p.stage = "denoise";
  p.step = 3;
  p.total = 20;
  p.preview.width = 2;
  p.preview.height = 1;
  p.preview.pixels = {1, 2, 3, 4, 5, 6};
  cb(p);
  HL_CHECK_EQ(got.size(), size_t(1));
  HL_CHECK_EQ(got[0].preview.pixels.size(), size_t(6));
  HL_CHECK(!got[0].preview.empty());
}
