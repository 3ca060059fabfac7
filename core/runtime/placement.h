// Where each network runs and in which precision, decided once per model load (the one place a
// GPU path edits): the text encoders, the UNet, the VAE, the ControlNets, CLIP vision, the
// IdProjector/Resampler and the LoRA synthesis each get a device and a dtype, with a reason.
#pragma once

#include <c10/core/Device.h>
#include <c10/core/ScalarType.h>

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "runtime/runtime.h"

namespace hl {

enum class Component { TextEncoders, Unet, Vae, ControlNet, ClipVision, Resampler, LoraSynthesis };

const char* componentName(Component c);  // "text_encoders", "unet", "vae", ...
Component parseComponent(const std::string& name);
std::vector<Component> allComponents();

struct Place {
  c10::Device device = c10::Device(c10::kCPU);
  c10::ScalarType dtype = c10::kFloat;
  std::string reason;       // why, in plain words
  std::string str() const;  // "cuda:0 fp16"
};

// How much of the models stays on the compute device between uses (ComfyUI's VRAM states,
// diffusers' offload hooks). Resident: everything. OffloadText: the text encoders live in host
// memory and visit the device only to encode a prompt. Sequential: every network lives in host
// memory and its weights are uploaded layer by layer as they are used, within a small budget,
// and the VAE decodes in tiles; for 8 GB cards. On the CPU the weights are in RAM anyway: the
// modes change the order of work, not the result.
enum class MemoryMode { Resident, OffloadText, Sequential };
const char* memoryModeName(MemoryMode m);  // "resident", "offload-text", "sequential"
MemoryMode parseMemoryMode(const std::string& name);

// How LoRAs reach the weights: merged into copies of the weights they touch (the fastest
// steps), or applied at run time as low-rank terms beside the linear layers (no copies, and a
// strength change is free). Auto: merged when everything is resident, at run time in the modes
// that save memory.
enum class LoraApply { Auto, Merge, Runtime };
const char* loraApplyName(LoraApply a);  // "auto", "merge", "runtime"
LoraApply parseLoraApply(const std::string& name);

// What a user asked for: a device ("auto", "cpu", "cuda", "cuda:N"), a precision, threads, and
// per-component overrides such as {Vae: "cpu:fp32"} (device, precision or both).
struct PlacementRequest {
  std::string device = "auto";
  Precision precision = Precision::Auto;
  int threads = 0;  // 0: the policy's default for the main dtype
  MemoryMode memory = MemoryMode::Resident;
  LoraApply lora = LoraApply::Auto;
  bool cudaGraphs = true;  // replay the UNet step as a CUDA graph where it can be
  std::map<Component, std::string> overrides;
  // "vae=cpu:fp32,unet=bf16" (the command line's --place and the settings' text); throws
  // naming the part it cannot read.
  static std::map<Component, std::string> parseOverrides(const std::string& text);
  bool operator==(const PlacementRequest& o) const;
  bool operator!=(const PlacementRequest& o) const { return !(*this == o); }
};

struct Placement {
  std::map<Component, Place> places;
  int intraOpThreads = 1;
  MemoryMode memory = MemoryMode::Resident;
  LoraApply lora = LoraApply::Merge;  // never Auto here
  // The UNet step recorded once and replayed as a CUDA graph: on a CUDA device with the UNet
  // resident (streamed weights move between steps), unless the request turned it off.
  bool unetGraphs = false;
  // Sequential mode: the most bytes of uploaded weights a network keeps on the device.
  int64_t streamBudgetBytes = int64_t(512) << 20;
  const Place& of(Component c) const { return places.at(c); }
  c10::Device mainDevice() const { return of(Component::Unet).device; }
  // The process-wide settings for running it, for applyThreads: the threads, and TF32 for fp32
  // work when the UNet runs on CUDA in fp16/bf16 (ComputeConfig::tf32), derived from its place.
  ComputeConfig compute() const;
  // Whether the memory mode keeps this network in host memory and streams it to its device.
  bool streamed(Component c) const;
  // Where the network's weights are stored: its place, or host memory (same dtype) if streamed.
  Place storage(Component c) const;
  std::string summary() const;  // one line per component
};

// The policy. CUDA when asked or (auto) present, else CPU. On CUDA everything runs in fp16 (bf16
// when asked) except the SDXL VAE, which overflows in fp16 and runs in fp32; the identity
// networks and the LoRA synthesis run on the GPU too. On CPU: fp32, or bf16 when asked (the
// CPU kernels have no fp16: asking for it gives bf16 and says so); the LoRA synthesis stays in
// fp32 reading the fp16 bases. Overrides win over all of it.
Placement choosePlacement(const PlacementRequest& request);

}  // namespace hl
