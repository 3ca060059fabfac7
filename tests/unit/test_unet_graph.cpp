// The UNet step's graph: recorded once, replayed with each step's inputs copied in, recorded
// again when shapes or weights change, given up (eager from then on, with the reason) when
// recording fails or the replay disagrees. On the CPU a stand-in records by remembering the
// work and replays by running it into the recorded output buffer, as a CUDA graph writes into
// its own; on a CUDA device the last tests run the real capture.
#include <ATen/ATen.h>

#include <memory>
#include <stdexcept>

#include "check.h"
#include "golden.h"
#include "models/demo_pack.h"
#include "runtime/graph_capture.h"
#include "runtime/placement.h"
#include "sdxl/pipeline.h"
#include "sdxl/unet.h"
#include "sdxl/unet_graph.h"
#include "studio/session.h"

using namespace hl;

namespace {

test::TempDir tmp_;
std::string pack_;

enum class Fault { None, Throws, Wrong };

struct Counts {
  int made = 0, recorded = 0, replays = 0;
};

class StandInCapture : public GraphCapture {
 public:
  StandInCapture(Fault fault, Counts* counts) : fault_(fault), counts_(counts) {}
  Recorded runAndCapture(const std::function<at::Tensor()>& work) override {
    Recorded r;
    r.warmUp = work();
    if (fault_ == Fault::Throws) throw std::runtime_error("operation not permitted when capturing");
    work_ = work;
    r.output = at::full_like(r.warmUp, 12345.0);  // unwritten until replayed, like a graph's
    output_ = r.output;
    ++counts_->recorded;
    return r;
  }
  void replay() override {
    const at::Tensor y = work_();
    output_.copy_(fault_ == Fault::Wrong ? y * 2 + 1 : y);
    ++counts_->replays;
  }

 private:
  Fault fault_;
  Counts* counts_;
  std::function<at::Tensor()> work_;
  at::Tensor output_;
};

GraphCaptureFactory standIn(Counts* counts, Fault fault = Fault::None) {
  return [counts, fault](const c10::Device&) {
    ++counts->made;
    return std::make_unique<StandInCapture>(fault, counts);
  };
}

Unet demoUnet(at::ScalarType dtype = at::kFloat, c10::Device device = c10::Device(c10::kCPU)) {
  return Unet::loadDiffusers(pack_ + "/diffusers/sdxl-demo/unet", dtype, device);
}

UnetInputs inputsFor(const Unet& u, int64_t batch, uint64_t seed, at::ScalarType dtype = at::kFloat,
                     c10::Device device = c10::Device(c10::kCPU)) {
  at::manual_seed(seed);
  const UnetConfig& c = u.config();
  const auto o = at::TensorOptions().dtype(dtype).device(device);
  return {at::randn({batch, c.inChannels, 8, 8}, o), at::full({1}, 400.0 + double(seed), o),
          at::randn({batch, 77, c.crossAttentionDim}, o),
          at::randn({batch, c.projectionClassEmbeddingsInputDim - 6 * c.addTimeEmbedDim}, o),
          at::full({batch, 6}, 64.0, o)};
}

double maxDiff(const at::Tensor& a, const at::Tensor& b) {
  return (a.to(at::kFloat).cpu() - b.to(at::kFloat).cpu()).abs().max().item<double>();
}

}  // namespace

HL_SETUP() {
  pack_ = tmp_.path() + "/pack";
  writeDemoPack(pack_);
}

HL_TEST(replaysReadEachStepsInputs) {
  const Unet u = demoUnet();
  Counts n;
  UnetGraph g(standIn(&n));
  const UnetInputs a = inputsFor(u, 2, 1), b = inputsFor(u, 2, 2);
  const at::Tensor ya = g.forward(u, a);
  HL_CHECK_NEAR(maxDiff(ya, u.forward(a)), 0.0, 1e-6);
  const at::Tensor yb = g.forward(u, b);  // same shapes: a replay with b copied in
  HL_CHECK_NEAR(maxDiff(yb, u.forward(b)), 0.0, 1e-6);
  HL_CHECK(maxDiff(ya, yb) > 1e-3);
  HL_CHECK_EQ(n.made, 1);
  HL_CHECK_EQ(g.stats().captures, 1);
  HL_CHECK_EQ(g.stats().replays, int64_t(1));
  HL_CHECK_EQ(n.replays, 2);  // the check after recording, then b's step
  // The result is the caller's: the next replay does not rewrite it.
  const at::Tensor kept = yb.clone();
  (void)g.forward(u, a);
  HL_CHECK_EQ(maxDiff(yb, kept), 0.0);
  HL_CHECK(g.stats().disabled.empty());
}

HL_TEST(recordsAgainWhenShapesOrWeightsChange) {
  Unet u = demoUnet();
  Counts n;
  UnetGraph g(standIn(&n));
  (void)g.forward(u, inputsFor(u, 2, 1));
  (void)g.forward(u, inputsFor(u, 1, 1));  // CFG off: batch 1
  HL_CHECK_EQ(g.stats().captures, 2);

  // A run-time LoRA term, then a new strength for it: the graph holds both the term's
  // addresses and its scale, so each is a new recording.
  nn::Weights& w = u.weights();
  const std::string target = "down_blocks.1.attentions.0.transformer_blocks.0.attn1.to_q.weight";
  const auto [shape, dtype] = w.shapeOf(target);
  at::manual_seed(3);
  std::vector<nn::Weights::LowRank> terms{
      {at::randn({2, shape[1]}) * 0.3, at::randn({shape[0], 2}) * 0.3, 0.8}};
  w.setLowRank(target, terms);
  const UnetInputs in = inputsFor(u, 1, 4);
  HL_CHECK_NEAR(maxDiff(g.forward(u, in), u.forward(in)), 0.0, 1e-6);
  HL_CHECK_EQ(g.stats().captures, 3);
  terms[0].scale = 0.4;
  w.setLowRank(target, terms);
  HL_CHECK_NEAR(maxDiff(g.forward(u, in), u.forward(in)), 0.0, 1e-6);
  HL_CHECK_EQ(g.stats().captures, 4);

  // A merged LoRA written into a new tensor is a new address; one written in place is not
  // (the graph reads the new values where it always read them).
  const uint64_t before = weightsFingerprint(w);
  w.put("conv_in.weight", w.get("conv_in.weight") * 1.01);
  const uint64_t replaced = weightsFingerprint(w);
  HL_CHECK(replaced != before);
  const_cast<at::Tensor&>(w.get("conv_in.weight")).mul_(1.01);
  HL_CHECK_EQ(weightsFingerprint(w), replaced);
  HL_CHECK_NEAR(maxDiff(g.forward(u, in), u.forward(in)), 0.0, 1e-6);
  HL_CHECK_EQ(g.stats().captures, 5);
  HL_CHECK_EQ(n.made, 5);
}

HL_TEST(failedRecordingStaysEager) {
  const Unet u = demoUnet();
  Counts n;
  UnetGraph g(standIn(&n, Fault::Throws));
  const UnetInputs a = inputsFor(u, 2, 1), b = inputsFor(u, 2, 2);
  HL_CHECK_NEAR(maxDiff(g.forward(u, a), u.forward(a)), 0.0, 1e-6);
  HL_CHECK(test::contains(g.stats().disabled, "recording the UNet step failed"));
  HL_CHECK(test::contains(g.stats().disabled, "operation not permitted"));
  HL_CHECK_NEAR(maxDiff(g.forward(u, b), u.forward(b)), 0.0, 1e-6);
  HL_CHECK_EQ(n.made, 1);  // not tried again
  HL_CHECK_EQ(g.stats().captures, 0);
}

HL_TEST(disagreeingReplayIsGivenUp) {
  const Unet u = demoUnet();
  Counts n;
  UnetGraph g(standIn(&n, Fault::Wrong));
  const UnetInputs a = inputsFor(u, 2, 1), b = inputsFor(u, 2, 2);
  HL_CHECK_NEAR(maxDiff(g.forward(u, a), u.forward(a)), 0.0, 1e-6);
  HL_CHECK(test::contains(g.stats().disabled, "differs from the eager one"));
  HL_CHECK_NEAR(maxDiff(g.forward(u, b), u.forward(b)), 0.0, 1e-6);
  HL_CHECK_EQ(n.made, 1);
  HL_CHECK_EQ(g.stats().replays, int64_t(0));
}

HL_TEST(noCaptureWithoutCuda) {
  const c10::Device cpu(c10::kCPU);
  HL_CHECK(!graphCaptureAvailable(cpu));
  HL_CHECK(makeGraphCapture(cpu) == nullptr);
  PlacementRequest r;
  r.device = "cpu";
  HL_CHECK(!choosePlacement(r).unetGraphs);
  HL_CHECK(test::contains(choosePlacement(r).summary(), "UNet step: launched eagerly"));
  // Without a capture the graph gives up at once and the step runs eagerly.
  const Unet u = demoUnet();
  UnetGraph g;
  const UnetInputs a = inputsFor(u, 1, 1);
  HL_CHECK_NEAR(maxDiff(g.forward(u, a), u.forward(a)), 0.0, 0.0);
  HL_CHECK(test::contains(g.stats().disabled, "no graph capture on cpu"));
}

// A whole generation with the graph equals the eager one: every step's latents, timestep and
// conditioning reach the replay.
HL_TEST(generationThroughTheGraphEqualsEager) {
  studio::StudioSession s;
  studio::ModelChoice c;
  c.root = pack_;
  c.placement.device = "cpu";
  c.placement.precision = Precision::Float32;
  s.open(c);
  studio::GenerationSettings st;
  st.prompt = "a portrait";
  st.negativePrompt = "blurry";
  st.width = st.height = 64;
  st.steps = 3;
  st.seed = 5;
  for (SamplerKind k : {SamplerKind::EulerAncestral, SamplerKind::DpmPP2M}) {
    st.sampler = k;
    s.pipeline().setUnetGraphCapture(nullptr);
    const studio::Generation eager = s.generate(st);
    Counts n;
    s.pipeline().setUnetGraphCapture(standIn(&n));
    const studio::Generation graphed = s.generate(st);
    HL_CHECK(graphed.image.pixels == eager.image.pixels);
    const UnetGraphStats* g = s.pipeline().unetGraphStats();
    HL_CHECK(g != nullptr);
    HL_CHECK_EQ(g->captures, 1);
    HL_CHECK_EQ(g->replays, int64_t(st.steps - 1));
  }
}

HL_TEST(cudaPlacementRecordsWhenResident) {
  if (!graphCaptureAvailable(c10::Device(c10::kCUDA, 0)) || golden::testDevice().is_cpu())
    HL_SKIP("no CUDA device under test (HYPERLORA_TEST_DEVICE=cuda in a CUDA build)");
  PlacementRequest r;
  r.device = "cuda";
  HL_CHECK(choosePlacement(r).unetGraphs);
  r.memory = MemoryMode::OffloadText;
  HL_CHECK(choosePlacement(r).unetGraphs);  // the UNet stays resident there
  r.memory = MemoryMode::Sequential;
  HL_CHECK(!choosePlacement(r).unetGraphs);
  r.memory = MemoryMode::Resident;
  r.cudaGraphs = false;
  HL_CHECK(!choosePlacement(r).unetGraphs);
}

HL_TEST(realCudaGraphMatchesEager) {
  const c10::Device dev = golden::testDevice();
  if (!graphCaptureAvailable(dev))
    HL_SKIP("no CUDA device under test (HYPERLORA_TEST_DEVICE=cuda in a CUDA build)");
  for (at::ScalarType dt : {at::kFloat, at::kHalf}) {
    const Unet u = demoUnet(dt, dev);
    UnetGraph g;
    const UnetInputs a = inputsFor(u, 2, 1, dt, dev), b = inputsFor(u, 2, 2, dt, dev);
    const at::Tensor ya = g.forward(u, a), yb = g.forward(u, b);
    HL_CHECK_MSG(g.stats().disabled.empty(), g.stats().disabled.c_str());
    HL_CHECK_EQ(g.stats().captures, 1);
    HL_CHECK_EQ(g.stats().replays, int64_t(1));
    const double tol = dt == at::kFloat ? 1e-4 : 1e-2;
    HL_CHECK_NEAR(maxDiff(ya, u.forward(a)), 0.0, tol);
    HL_CHECK_NEAR(maxDiff(yb, u.forward(b)), 0.0, tol);
  }
}
