#include <ATen/Parallel.h>

#include <thread>

#include "check.h"
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
