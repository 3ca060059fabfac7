// nn::Weights streaming (the sequential memory mode): copies handed out on the compute device
// within a byte budget, least recently used out first, the last few never, replacements seen.
#include <ATen/ops/full.h>

#include <string>

#include "check.h"
#include "nn/nn.h"

using namespace hl;

namespace {

// n tensors "t0".. of 256 floats (1 KiB) each, tensor i filled with i.
nn::Weights numbered(int n) {
  nn::Weights w("test");
  for (int i = 0; i < n; ++i) w.put("t" + std::to_string(i), at::full({256}, double(i)));
  return w;
}

}  // namespace

HL_TEST(streamingHandsOutTheSameValues) {
  nn::Weights w = numbered(40);
  w.stream(at::Device(at::kCPU), 4 << 10);
  HL_CHECK(w.streaming());
  for (int round = 0; round < 3; ++round)
    for (int i = 0; i < 40; ++i) HL_CHECK_EQ(w.get("t" + std::to_string(i))[0].item<float>(), float(i));
  const nn::StreamStats s = w.streamStats();
  HL_CHECK_EQ(s.uploads, int64_t(120));  // a 4 KiB budget holds 8 of 40: every pass re-uploads
  HL_CHECK_EQ(s.bytesUploaded, int64_t(120 * 1024));
  HL_CHECK(s.peakCachedBytes <= 8 * 1024);
  HL_CHECK(s.cachedBytes <= 8 * 1024);
}

HL_TEST(aLargeBudgetUploadsOnce) {
  nn::Weights w = numbered(10);
  w.stream(at::Device(at::kCPU), 1 << 20);
  for (int round = 0; round < 5; ++round)
    for (int i = 0; i < 10; ++i) (void)w.get("t" + std::to_string(i));
  HL_CHECK_EQ(w.streamStats().uploads, int64_t(10));
  HL_CHECK_EQ(w.streamStats().cachedBytes, int64_t(10 * 1024));
  w.releaseStream();
  HL_CHECK_EQ(w.streamStats().cachedBytes, int64_t(0));
  (void)w.get("t3");
  HL_CHECK_EQ(w.streamStats().uploads, int64_t(11));
}

HL_TEST(recentReferencesStayValid) {
  nn::Weights w = numbered(20);
  w.stream(at::Device(at::kCPU), 0);  // no budget at all: only the last few are kept
  const at::Tensor& a = w.get("t1");
  const at::Tensor* b = w.find("t2");
  const at::Tensor& c = w.get("t3");
  HL_CHECK(b != nullptr);
  HL_CHECK_EQ(a[0].item<float>() + (*b)[0].item<float>() + c[0].item<float>(), 6.0f);
  HL_CHECK(w.find("missing") == nullptr);
  HL_CHECK_THROWS_WITH("test: weight \"missing\" is missing", w.get("missing"));
}

HL_TEST(aReplacedTensorIsUploadedAgain) {
  nn::Weights w = numbered(4);
  w.stream(at::Device(at::kCPU), 1 << 20);
  HL_CHECK_EQ(w.get("t2")[0].item<float>(), 2.0f);
  w.put("t2", at::full({256}, 42.0));  // what a LoRA merge does
  HL_CHECK_EQ(w.get("t2")[0].item<float>(), 42.0f);
  HL_CHECK_EQ(w.host("t2")[0].item<float>(), 42.0f);
  HL_CHECK_EQ(w.streamStats().uploads, int64_t(2));
  w.stopStreaming();
  HL_CHECK(!w.streaming());
  HL_CHECK_EQ(w.get("t2")[0].item<float>(), 42.0f);
  HL_CHECK_EQ(w.computeDevice().str(), std::string("cpu"));
}

HL_TEST(aCopyNeverGetsTheOthersTensors) {
  nn::Weights a = numbered(4);
  a.stream(at::Device(at::kCPU), 1 << 20);
  (void)a.get("t1");
  nn::Weights b = a;
  b.put("t1", at::full({256}, 7.0));
  HL_CHECK(b.streaming());
  HL_CHECK_EQ(b.get("t1")[0].item<float>(), 7.0f);
  HL_CHECK_EQ(a.get("t1")[0].item<float>(), 1.0f);  // the copies share the cache, not tensors
  HL_CHECK_EQ(b.get("t1")[0].item<float>(), 7.0f);  // and back again
}
