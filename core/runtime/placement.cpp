#include "runtime/placement.h"

#include <sstream>

#include "runtime/graph_capture.h"
#include "util/error.h"

namespace hl {
namespace {

struct ComponentRow {
  Component component;
  const char* name;
};
constexpr ComponentRow kComponents[] = {
    {Component::TextEncoders, "text_encoders"},
    {Component::Unet, "unet"},
    {Component::Vae, "vae"},
    {Component::ControlNet, "controlnet"},
    {Component::ClipVision, "clip_vision"},
    {Component::Resampler, "resampler"},
    {Component::LoraSynthesis, "lora_synthesis"},
};

const char* dtypeName(c10::ScalarType t) {
  return t == c10::kFloat ? "fp32" : t == c10::kHalf ? "fp16" : t == c10::kBFloat16 ? "bf16" : "?";
}

std::string trim(const std::string& s) {
  const size_t a = s.find_first_not_of(" \t"), b = s.find_last_not_of(" \t");
  return a == std::string::npos ? "" : s.substr(a, b - a + 1);
}

// Applies "cpu", "cuda:1", "fp32" or "cpu:bf16" to a place.
void applyOverride(Component c, const std::string& text, Place& place) {
  std::string device, precision;
  const size_t colon = text.rfind(':');
  const std::string tail = colon == std::string::npos ? text : text.substr(colon + 1);
  bool tailIsPrecision = true;
  try {
    parsePrecision(tail);
  } catch (const Error&) {
    tailIsPrecision = false;
  }
  if (tailIsPrecision && tail != "auto") {
    precision = tail;
    device = colon == std::string::npos ? "" : text.substr(0, colon);
  } else {
    device = text;
  }
  if (!device.empty()) {
    ComputeConfig d = chooseCompute(device, Precision::Float32);  // checks the device exists
    place.device = d.device;
  }
  if (!precision.empty()) {
    const Precision p = parsePrecision(precision);
    place.dtype = p == Precision::Float32    ? c10::kFloat
                  : p == Precision::BFloat16 ? c10::kBFloat16
                  : place.device.is_cuda()   ? c10::kHalf
                                             : c10::kBFloat16;
  } else if (place.device.is_cpu() && place.dtype == c10::kHalf) {
    place.dtype = c10::kFloat;  // moved to the CPU, which has no fp16 kernels
  }
  place.reason = std::string("set for ") + componentName(c) + " (" + text + ")";
}

}  // namespace

const char* memoryModeName(MemoryMode m) {
  return m == MemoryMode::Resident      ? "resident"
         : m == MemoryMode::OffloadText ? "offload-text"
                                        : "sequential";
}

MemoryMode parseMemoryMode(const std::string& name) {
  for (MemoryMode m : {MemoryMode::Resident, MemoryMode::OffloadText, MemoryMode::Sequential})
    if (name == memoryModeName(m)) return m;
  throw Error("unknown memory mode \"" + name +
              "\" (expected resident, offload-text or sequential)");
}

const char* componentName(Component c) {
  for (const auto& r : kComponents)
    if (r.component == c) return r.name;
  return "?";
}

Component parseComponent(const std::string& name) {
  for (const auto& r : kComponents)
    if (name == r.name) return r.component;
  std::string known;
  for (const auto& r : kComponents) known += std::string(known.empty() ? "" : ", ") + r.name;
  throw Error("unknown component \"" + name + "\" (expected one of " + known + ")");
}

std::vector<Component> allComponents() {
  std::vector<Component> v;
  for (const auto& r : kComponents) v.push_back(r.component);
  return v;
}

std::string Place::str() const {
  return device.str() + " " + dtypeName(dtype);
}

std::map<Component, std::string> PlacementRequest::parseOverrides(const std::string& text) {
  std::map<Component, std::string> out;
  std::stringstream in(text);
  std::string part;
  while (std::getline(in, part, ',')) {
    part = trim(part);
    if (part.empty()) continue;
    const size_t eq = part.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == part.size())
      throw Error("placement \"" + part +
                  "\": expected COMPONENT=DEVICE[:PRECISION], e.g. vae=cpu:fp32");
    out[parseComponent(trim(part.substr(0, eq)))] = trim(part.substr(eq + 1));
  }
  return out;
}

bool PlacementRequest::operator==(const PlacementRequest& o) const {
  return device == o.device && precision == o.precision && threads == o.threads &&
         memory == o.memory && lora == o.lora && cudaGraphs == o.cudaGraphs &&
         overrides == o.overrides;
}

const char* loraApplyName(LoraApply a) {
  return a == LoraApply::Auto ? "auto" : a == LoraApply::Merge ? "merge" : "runtime";
}

LoraApply parseLoraApply(const std::string& name) {
  for (LoraApply a : {LoraApply::Auto, LoraApply::Merge, LoraApply::Runtime})
    if (name == loraApplyName(a)) return a;
  throw Error("unknown LoRA mode \"" + name + "\" (expected auto, merge or runtime)");
}

bool Placement::streamed(Component c) const {
  if (memory == MemoryMode::Resident) return false;
  if (c == Component::TextEncoders) return true;
  return memory == MemoryMode::Sequential &&
         (c == Component::Unet || c == Component::Vae || c == Component::ControlNet);
}

Place Placement::storage(Component c) const {
  Place p = of(c);
  if (streamed(c)) {
    p.device = c10::Device(c10::kCPU);
    p.reason = std::string("host memory (") + memoryModeName(memory) + ")";
  }
  return p;
}

std::string Placement::summary() const {
  std::ostringstream s;
  for (const auto& [c, p] : places)
    s << componentName(c) << ": " << p.str() << " (" << p.reason << ")\n";
  s << "memory: " << memoryModeName(memory) << "\n";
  s << "LoRAs: " << (lora == LoraApply::Merge ? "merged into the weights" : "applied at run time")
    << "\n";
  s << "UNet step: "
    << (unetGraphs ? "recorded once, replayed as a CUDA graph" : "launched eagerly") << "\n";
  if (compute().tf32) s << "fp32 work: TF32 (beside the reduced-precision networks)\n";
  s << "CPU threads: " << intraOpThreads;
  return s.str();
}

ComputeConfig Placement::compute() const {
  ComputeConfig c;
  c.device = mainDevice();
  c.dtype = of(Component::Unet).dtype;
  c.intraOpThreads = intraOpThreads;
  c.tf32 = tf32Allowed(c.device, c.dtype);
  return c;
}

Placement choosePlacement(const PlacementRequest& r) {
  const ComputeConfig main = chooseCompute(r.device, r.precision, r.threads);
  Placement p;
  p.intraOpThreads = main.intraOpThreads;
  p.memory = r.memory;
  p.lora = r.lora != LoraApply::Auto          ? r.lora
           : r.memory == MemoryMode::Resident ? LoraApply::Merge
                                              : LoraApply::Runtime;
  const Place base{main.device, main.dtype, main.note};
  for (Component c : allComponents()) p.places[c] = base;
  if (main.device.is_cuda()) {
    if (main.dtype == c10::kHalf)
      p.places[Component::Vae] = {main.device, c10::kFloat, "SDXL's VAE overflows in fp16"};
  } else {
    // The synthesis kernel reads fp16 bases and accumulates in fp32 whatever the networks use.
    p.places[Component::LoraSynthesis] = {main.device, c10::kFloat,
                                          "fp16 bases combined in fp32 on the CPU"};
  }
  for (const auto& [c, text] : r.overrides) applyOverride(c, text, p.places[c]);
  p.unetGraphs = r.cudaGraphs && graphCaptureAvailable(p.of(Component::Unet).device) &&
                 !p.streamed(Component::Unet);
  return p;
}

}  // namespace hl
