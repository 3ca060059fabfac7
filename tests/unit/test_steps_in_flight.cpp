// The sampling loop's reports when the device runs behind the host: a step is reported only
// once it has finished, the host waits for a step only after queuing the next one, previews and
// step times belong to the step they are reported with, and the generation itself is unchanged.
// On the CPU a stand-in mark plays a device that has not got to a mark until it is waited for;
// on a CUDA device the last test uses real events behind queued work.
#include <ATen/ATen.h>

#include <algorithm>
#include <cstdlib>
#include <memory>
#include <vector>

#include "check.h"
#include "golden.h"
#include "models/demo_pack.h"
#include "runtime/device_mark.h"
#include "sdxl/pipeline.h"
#include "sdxl/steps_in_flight.h"
#include "studio/session.h"

using namespace hl;

namespace {

test::TempDir tmp_;
std::string pack_;

struct Device {
  int marks = 0, waits = 0;
};

// Reached only when waited for, or when the test lets the device catch up.
class BehindMark : public DeviceMark {
 public:
  BehindMark(Device* d, std::shared_ptr<bool> caughtUp) : d_(d), caughtUp_(std::move(caughtUp)) {}
  bool reached() override { return done_ || *caughtUp_; }
  void wait() override {
    if (!reached()) ++d_->waits;
    done_ = true;
  }

 private:
  Device* d_;
  std::shared_ptr<bool> caughtUp_;
  bool done_ = false;
};

DeviceMarkFactory behind(Device* d,
                         std::shared_ptr<bool> caughtUp = std::make_shared<bool>(false)) {
  return [d, caughtUp](const c10::Device&) {
    ++d->marks;
    return std::make_unique<BehindMark>(d, caughtUp);
  };
}

at::Tensor latentsFor(int step) {
  at::manual_seed(uint64_t(step) + 1);
  return at::randn({1, 4, 6, 5});
}

// Largest per-byte difference (the device's matmul may round a pixel the other way).
int maxByteDiff(const RgbImage& a, const RgbImage& b) {
  if (a.pixels.size() != b.pixels.size()) return 256;
  int worst = 0;
  for (size_t i = 0; i < a.pixels.size(); ++i)
    worst = std::max(worst, std::abs(int(a.pixels[i]) - int(b.pixels[i])));
  return worst;
}

}  // namespace

HL_SETUP() {
  pack_ = tmp_.path() + "/pack";
  writeDemoPack(pack_);
}

// The preview is SDXL's linear latent -> RGB fit at latent resolution.
HL_TEST(latentPreviewIsTheLinearFit) {
  const at::Tensor l = latentsFor(0);
  const RgbImage p = latentPreview(l);
  HL_CHECK_EQ(p.width, 5);
  HL_CHECK_EQ(p.height, 6);
  HL_CHECK_EQ(p.pixels.size(), size_t(6 * 5 * 3));
  // One pixel by hand: row 2, column 3, green.
  const float f[4] = {0.4232f, -0.0042f, 0.1111f, -0.2492f};
  double g = -0.0175;
  for (int c = 0; c < 4; ++c) g += f[c] * l[0][c][2][3].item<double>();
  const double expect = std::round(std::min(1.0, std::max(0.0, (g + 1.0) * 0.5)) * 255.0);
  HL_CHECK_NEAR(double(p.pixels[size_t((2 * 5 + 3) * 3 + 1)]), expect, 1.0);
  HL_CHECK(latentPreview(at::zeros({1, 16, 4, 4})).empty());  // not SDXL's four channels
}

// Behind: step k is reported after step k+1 is queued, waiting for k only; the last at finish.
HL_TEST(reportsAStepOnceTheNextIsQueued) {
  Device d;
  std::vector<FinishedStep> got;
  StepsInFlight f(c10::Device(c10::kCPU), behind(&d), true,
                  [&](const FinishedStep& s) { got.push_back(s); });
  f.queued(0, latentsFor(0));
  HL_CHECK_EQ(got.size(), size_t(0));  // the device has not finished step 0
  f.queued(1, latentsFor(1));
  HL_CHECK_EQ(got.size(), size_t(1));
  HL_CHECK_EQ(got[0].step, 0);
  HL_CHECK_EQ(d.waits, 1);  // for step 0, with step 1 already queued
  f.queued(2, latentsFor(2));
  HL_CHECK_EQ(got.size(), size_t(2));
  f.finish();
  HL_CHECK_EQ(got.size(), size_t(3));
  HL_CHECK_EQ(d.waits, 3);
  for (int k = 0; k < 3; ++k) {
    HL_CHECK_EQ(got[size_t(k)].step, k);
    HL_CHECK(got[size_t(k)].seconds >= 0.0);
    HL_CHECK(got[size_t(k)].preview.pixels == latentPreview(latentsFor(k)).pixels);
  }
}

// Steps the device has already finished are reported without waiting; without previews none
// are made.
HL_TEST(finishedStepsAreReportedWithoutWaiting) {
  Device d;
  auto caughtUp = std::make_shared<bool>(false);
  std::vector<FinishedStep> got;
  StepsInFlight f(c10::Device(c10::kCPU), behind(&d, caughtUp), false,
                  [&](const FinishedStep& s) { got.push_back(s); });
  f.queued(0, latentsFor(0));
  HL_CHECK_EQ(got.size(), size_t(0));
  *caughtUp = true;
  f.queued(1, latentsFor(1));
  HL_CHECK_EQ(got.size(), size_t(2));
  HL_CHECK_EQ(d.waits, 0);
  HL_CHECK(got[0].preview.empty() && got[1].preview.empty());
  f.finish();
  HL_CHECK_EQ(got.size(), size_t(2));
}

// A whole generation with the device behind: the same image and step count, the same previews
// in the same order, and each step reported only after the next one was queued.
HL_TEST(generationWithTheDeviceBehind) {
  studio::StudioSession s;
  studio::ModelChoice c;
  c.root = pack_;
  c.placement.device = "cpu";
  c.placement.precision = Precision::Float32;
  s.open(c);
  studio::GenerationSettings st;
  st.prompt = "a portrait";
  st.width = st.height = 64;
  st.steps = 4;
  st.seed = 11;
  struct Seen {
    int step, marks;
    std::vector<uint8_t> preview;
  };
  Device d;
  auto run = [&](std::vector<Seen>* seen) {
    return s.generate(st, [&](const Progress& p) {
      if (p.stage == "denoise") seen->push_back({p.step, d.marks, p.preview.pixels});
    });
  };
  std::vector<Seen> atOnce, late;
  s.pipeline().setDeviceMarks(behind(&d, std::make_shared<bool>(true)));
  const studio::Generation a = run(&atOnce);
  d = Device();
  s.pipeline().setDeviceMarks(behind(&d));
  const studio::Generation b = run(&late);
  HL_CHECK(b.image.pixels == a.image.pixels);
  HL_CHECK_EQ(b.stepSeconds.size(), size_t(st.steps));
  HL_CHECK_EQ(late.size(), size_t(st.steps));
  HL_CHECK_EQ(atOnce.size(), size_t(st.steps));
  for (size_t i = 0; i < late.size() && i < atOnce.size(); ++i) {
    HL_CHECK_EQ(late[i].step, int(i) + 1);
    HL_CHECK_EQ(atOnce[i].marks, int(i) + 1);  // reported as soon as it is queued
    // Behind, step i+1 is reported once step i+2 is queued; the last one after the loop.
    HL_CHECK_EQ(late[i].marks, std::min(int(i) + 2, st.steps));
    HL_CHECK(!late[i].preview.empty());
    HL_CHECK(late[i].preview == atOnce[i].preview);
  }
  HL_CHECK_EQ(d.waits, st.steps);
}

// Real CUDA events: a mark behind queued work is not reached until that work is done, so step 0
// is not reported while the device is busy, and each preview is the one of its own step.
HL_TEST(cudaMarksFollowTheQueue) {
  const c10::Device dev = golden::testDevice();
  if (!dev.is_cuda())
    HL_SKIP("no CUDA device under test (HYPERLORA_TEST_DEVICE=cuda in a CUDA build)");
  std::vector<at::Tensor> latents;
  for (int k = 0; k < 3; ++k) latents.push_back(latentsFor(k).to(dev));
  at::Tensor busy = at::randn({4096, 4096}, at::TensorOptions().device(dev));
  auto keepBusy = [&] {
    for (int i = 0; i < 40; ++i) busy = at::tanh(at::matmul(busy, busy));
  };
  keepBusy();
  const std::unique_ptr<DeviceMark> m = markDevice(dev);
  HL_CHECK(!m->reached());
  m->wait();
  HL_CHECK(m->reached());

  std::vector<FinishedStep> got;
  StepsInFlight f(dev, markDevice, true, [&](const FinishedStep& s) { got.push_back(s); });
  keepBusy();
  f.queued(0, latents[0]);
  HL_CHECK_EQ(got.size(), size_t(0));  // still behind the busy work
  f.queued(1, latents[1]);
  HL_CHECK_EQ(got.size(), size_t(1));
  f.queued(2, latents[2]);
  f.finish();
  HL_CHECK_EQ(got.size(), size_t(3));
  for (size_t k = 0; k < got.size(); ++k) {
    HL_CHECK_EQ(got[k].step, int(k));
    HL_CHECK(maxByteDiff(got[k].preview, latentPreview(latentsFor(int(k)))) <= 1);
  }
}
