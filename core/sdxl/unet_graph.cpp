#include "sdxl/unet_graph.h"

#include <ATen/ATen.h>

#include <array>
#include <cstring>

namespace hl {
namespace {

// The replay runs the kernels of the eager step on the same inputs; anything beyond rounding
// means the recording went wrong.
constexpr double kReplayTolerance = 1e-2;

uint64_t mix(uint64_t h, uint64_t v) {
  h ^= v + 0x9e3779b97f4a7c15ull + (h << 6) + (h >> 2);
  return h;
}

uint64_t address(const at::Tensor& t) {
  return t.defined() ? uint64_t(reinterpret_cast<uintptr_t>(t.data_ptr())) : 0;
}

// The step's five inputs, in one order for the key, the graph's copies and the copies in.
std::array<const at::Tensor*, 5> fields(const UnetInputs& in) {
  return {&in.sample, &in.timestep, &in.encoderHiddenStates, &in.textEmbeds, &in.timeIds};
}
std::array<at::Tensor*, 5> fields(UnetInputs& in) {
  return {&in.sample, &in.timestep, &in.encoderHiddenStates, &in.textEmbeds, &in.timeIds};
}

void appendTensorKey(std::vector<int64_t>& out, const at::Tensor& t) {
  out.push_back(t.defined() ? t.dim() : -1);
  if (!t.defined()) return;
  for (int64_t s : t.sizes()) out.push_back(s);
  out.push_back(int64_t(t.scalar_type()));
  out.push_back(int64_t(t.device().type()) * 1024 + t.device().index());
}

}  // namespace

uint64_t weightsFingerprint(const nn::Weights& w) {
  uint64_t sum = 0;  // a sum of per-entry hashes: independent of the map's order
  for (const auto& [name, t] : w.all()) {
    uint64_t h = mix(std::hash<std::string>()(name), address(t));
    if (const auto* terms = w.lowRank(name)) {
      for (const nn::Weights::LowRank& term : *terms) {
        uint64_t bits = 0;
        std::memcpy(&bits, &term.scale, sizeof bits);
        h = mix(mix(mix(h, address(term.down)), address(term.up)), bits);
      }
    }
    sum += h;
  }
  return sum;
}

bool UnetGraph::Key::operator==(const Key& o) const {
  return unet == o.unet && weights == o.weights && inputs == o.inputs;
}

UnetGraph::UnetGraph(GraphCaptureFactory factory) : factory_(std::move(factory)) {}

UnetGraph::Key UnetGraph::keyOf(const Unet& unet, const UnetInputs& in) const {
  Key k;
  k.unet = &unet;
  k.weights = weightsFingerprint(unet.weights());
  for (const at::Tensor* t : fields(in)) appendTensorKey(k.inputs, *t);
  return k;
}

void UnetGraph::reset() {
  graph_.reset();
  static_ = UnetInputs{};
  output_ = at::Tensor();
  key_ = Key{};
}

at::Tensor UnetGraph::forward(const Unet& unet, const UnetInputs& in) {
  if (!stats_.disabled.empty()) return unet.forward(in);
  Key key = keyOf(unet, in);
  if (!graph_ || !(key == key_)) return record(unet, in, std::move(key));
  const auto from = fields(in);
  const auto to = fields(static_);
  for (size_t i = 0; i < to.size(); ++i)
    if (to[i]->defined()) to[i]->copy_(*from[i], /*non_blocking=*/true);
  graph_->replay();
  ++stats_.replays;
  return output_.clone();
}

void UnetGraph::giveUp(const std::string& why) {
  reset();
  stats_.disabled = why;
}

at::Tensor UnetGraph::record(const Unet& unet, const UnetInputs& in, Key key) {
  reset();
  const c10::Device device = in.sample.device();
  std::unique_ptr<GraphCapture> graph = factory_ ? factory_(device) : nullptr;
  if (!graph) {
    giveUp("no graph capture on " + device.str());
    return unet.forward(in);
  }
  const auto from = fields(in);
  const auto to = fields(static_);
  for (size_t i = 0; i < to.size(); ++i)
    if (from[i]->defined()) *to[i] = from[i]->to(device).clone(at::MemoryFormat::Contiguous);
  GraphCapture::Recorded recorded;
  try {
    recorded = graph->runAndCapture([this, &unet] { return unet.forward(static_); });
  } catch (const std::exception& e) {
    giveUp(std::string("recording the UNet step failed: ") + e.what());
    return unet.forward(in);
  }
  const at::Tensor eager = recorded.warmUp;
  output_ = recorded.output;
  graph->replay();
  const double diff = (output_.to(at::kFloat) - eager.to(at::kFloat)).abs().max().item<double>();
  const double scale = std::max(1.0, eager.to(at::kFloat).abs().max().item<double>());
  if (!(diff <= kReplayTolerance * scale)) {
    giveUp("the replayed UNet step differs from the eager one by " + std::to_string(diff));
    return eager;
  }
  graph_ = std::move(graph);
  key_ = std::move(key);
  ++stats_.captures;
  return eager;
}

}  // namespace hl
