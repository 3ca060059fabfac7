#include "sdxl/pipeline.h"

#include <ATen/CPUGeneratorImpl.h>
#include <ATen/ops/randn.h>
#include <ATen/ops/tensor.h>

#include <cstdio>
#include <filesystem>
#include <limits>

#include "models/discovery.h"
#include "nn/ops.h"
#include "sdxl/single_file.h"
#include "text/prompt.h"
#include "util/error.h"
#include "util/fs.h"
#include "util/json.h"

namespace hl {
namespace {

std::string tokenizerFile(const std::string& dir, const char* sub, const std::string& override,
                          const char* file) {
  namespace fs = std::filesystem;
  if (!override.empty()) return (fs::path(override) / file).string();
  fs::path p = fs::path(dir) / sub / file;
  std::error_code ec;
  if (!fs::is_regular_file(p, ec)) p = fs::path(dir) / "tokenizer" / file;  // same vocabulary
  return p.string();
}

}  // namespace

std::unique_ptr<SdxlPipeline> SdxlPipeline::loadDiffusers(const std::string& folder,
                                                          const Placement& placement,
                                                          const std::string& tokenizerDir) {
  std::unique_ptr<SdxlPipeline> p(new SdxlPipeline());
  p->placement_ = placement;
  p->modelName_ = std::filesystem::path(folder).filename().string();
  const Place te = placement.storage(Component::TextEncoders);
  const Place unet = placement.storage(Component::Unet);
  const Place vae = placement.storage(Component::Vae);
  json::Value index = json::parseFile(folder + "/model_index.json");
  p->forceZerosForEmptyPrompt_ = index.boolOr("force_zeros_for_empty_prompt", true);
  const std::string cfg1 =
      (std::filesystem::path(folder) / "tokenizer" / "tokenizer_config.json").string();
  const std::string cfg2 =
      (std::filesystem::path(folder) / "tokenizer_2" / "tokenizer_config.json").string();
  p->setTokenizers(tokenizerFile(folder, "tokenizer", tokenizerDir, "vocab.json"),
                   tokenizerFile(folder, "tokenizer", tokenizerDir, "merges.txt"),
                   ClipTokenizer::padTokenFromConfig(cfg1, "<|endoftext|>"),
                   ClipTokenizer::padTokenFromConfig(cfg2, "!"));
  auto teFile = [&](const char* sub) {
    std::string f = hl::fs::safetensorsFile(folder + "/" + sub, "model");
    if (!f.empty()) return f;
    throw Error(folder + "/" + sub + ": no model.safetensors");
  };
  p->te1_ = std::make_unique<ClipTextEncoder>(ClipTextEncoder::load(
      folder + "/text_encoder/config.json", teFile("text_encoder"), te.dtype, te.device));
  p->te2_ = std::make_unique<ClipTextEncoder>(ClipTextEncoder::load(
      folder + "/text_encoder_2/config.json", teFile("text_encoder_2"), te.dtype, te.device));
  p->unet_ = std::make_unique<Unet>(Unet::loadDiffusers(folder + "/unet", unet.dtype, unet.device));
  p->vae_ = std::make_unique<Vae>(Vae::loadDiffusers(folder + "/vae", vae.dtype, vae.device));
  const std::string sched = folder + "/scheduler/scheduler_config.json";
  std::error_code ec;
  p->scheduler_ = std::filesystem::is_regular_file(sched, ec)
                      ? SchedulerConfig::fromJson(json::parseFile(sched))
                      : SchedulerConfig::sdxl();
  p->finish(folder);
  return p;
}

std::unique_ptr<SdxlPipeline> SdxlPipeline::loadSingleFile(const std::string& file,
                                                           const Placement& placement,
                                                           const std::string& tokenizerDir,
                                                           const std::string& configFolder) {
  std::unique_ptr<SdxlPipeline> p(new SdxlPipeline());
  p->placement_ = placement;
  p->modelName_ = std::filesystem::path(file).stem().string();
  const Place unet = placement.storage(Component::Unet);
  SingleFileModel m = hl::loadSingleFile(file, unet.dtype, unet.device, configFolder);
  for (auto [w, c] : {std::pair{&m.te1, Component::TextEncoders},
                      {&m.te2, Component::TextEncoders},
                      {&m.vae, Component::Vae}}) {
    const Place place = placement.storage(c);
    if (place.device != unet.device || place.dtype != unet.dtype) w->to(place.device, place.dtype);
  }
  // SDXL pads tokenizer_2 with "!"; a config folder may say otherwise.
  std::string pad2 = "!";
  if (!configFolder.empty())
    pad2 =
        ClipTokenizer::padTokenFromConfig(configFolder + "/tokenizer_2/tokenizer_config.json", "!");
  p->setTokenizers(tokenizerDir + "/vocab.json", tokenizerDir + "/merges.txt", "<|endoftext|>",
                   pad2);
  p->te1_ = std::make_unique<ClipTextEncoder>(m.te1Config, std::move(m.te1));
  p->te2_ = std::make_unique<ClipTextEncoder>(m.te2Config, std::move(m.te2));
  p->unet_ = std::make_unique<Unet>(m.unetConfig, std::move(m.unet));
  p->vae_ = std::make_unique<Vae>(m.vaeConfig, std::move(m.vae));
  p->scheduler_ = SchedulerConfig::sdxl();
  p->finish(file);
  return p;
}

std::unique_ptr<SdxlPipeline> SdxlPipeline::load(const ModelSet& set, const Placement& compute) {
  if (set.sdxlFormat == SdxlFormat::DiffusersFolder) {
    const std::string tokDir = std::filesystem::path(set.tokenizerVocab).parent_path().string();
    const bool own =
        std::filesystem::path(tokDir).parent_path() == std::filesystem::path(set.sdxlPath);
    return loadDiffusers(set.sdxlPath, compute, own ? "" : tokDir);
  }
  if (set.sdxlFormat == SdxlFormat::SingleFile) {
    if (set.tokenizerVocab.empty())
      throw Error(set.sdxlPath +
                  ": a single-file checkpoint needs the CLIP tokenizer files "
                  "(vocab.json, merges.txt); none were found");
    return loadSingleFile(set.sdxlPath, compute,
                          std::filesystem::path(set.tokenizerVocab).parent_path().string());
  }
  throw Error("no SDXL checkpoint in the model set");
}

std::unique_ptr<SdxlPipeline> SdxlPipeline::fromParts(ClipTextEncoder te1, ClipTextEncoder te2,
                                                      Unet unet, Vae vae, BpeVocab vocab,
                                                      const Placement& placement,
                                                      const std::string& name) {
  std::unique_ptr<SdxlPipeline> p(new SdxlPipeline());
  p->placement_ = placement;
  p->modelName_ = name;
  p->tok1_ = std::make_unique<ClipTokenizer>(vocab, "<|endoftext|>");
  p->tok2_ = std::make_unique<ClipTokenizer>(std::move(vocab), "!");
  p->te1_ = std::make_unique<ClipTextEncoder>(std::move(te1));
  p->te2_ = std::make_unique<ClipTextEncoder>(std::move(te2));
  p->unet_ = std::make_unique<Unet>(std::move(unet));
  p->vae_ = std::make_unique<Vae>(std::move(vae));
  p->scheduler_ = SchedulerConfig::sdxl();
  p->finish(name);
  return p;
}

void SdxlPipeline::setTokenizers(const std::string& vocab, const std::string& merges,
                                 const std::string& pad1, const std::string& pad2) {
  BpeVocab v = loadBpeVocab(vocab, merges);  // read once, shared by both tokenizers
  tok1_ = std::make_unique<ClipTokenizer>(v, pad1);
  tok2_ = std::make_unique<ClipTokenizer>(std::move(v), pad2);
}

void SdxlPipeline::finish(const std::string& where) {
  if (unet_->config().crossAttentionDim != te1_->config().hiddenSize + te2_->config().hiddenSize)
    throw Error(where + ": the UNet's cross_attention_dim (" +
                std::to_string(unet_->config().crossAttentionDim) +
                ") does not equal the two text encoders' widths (" +
                std::to_string(te1_->config().hiddenSize) + " + " +
                std::to_string(te2_->config().hiddenSize) + ")");
  if (tok1_->vocabSize() > te1_->config().vocabSize)
    throw Error(where + ": the tokenizer has more tokens than the text encoder's vocabulary");
  applyMemoryMode();
  if (placement_.unetGraphs) setUnetGraphCapture(makeGraphCapture);
  loraTargets_ = std::make_unique<LoraTargets>(unet_->config(), &te1_->config(), &te2_->config());
  const bool runtime = placement_.lora == LoraApply::Runtime;
  unetPatch_ = std::make_unique<WeightPatcher>(&unet_->weights(), runtime);
  te1Patch_ = std::make_unique<WeightPatcher>(&te1_->weights(), runtime);
  te2Patch_ = std::make_unique<WeightPatcher>(&te2_->weights(), runtime);
  loraStack_ = std::make_unique<LoraStack>(
      loraTargets_.get(),
      std::array<WeightPatcher*, 3>{unetPatch_.get(), te1Patch_.get(), te2Patch_.get()});
}

StackReport SdxlPipeline::applyLoras(const std::vector<LoraEntry>& stack) {
  return loraStack_->apply(stack);
}

StackReport SdxlPipeline::setLoras(const std::vector<std::pair<const LoraFile*, double>>& loras) {
  std::vector<LoraEntry> stack;
  for (const auto& [lora, strength] : loras)
    stack.push_back({"caller:" + std::to_string(stack.size()),
                     std::shared_ptr<const LoraFile>(std::shared_ptr<void>(), lora), strength});
  loraStack_->invalidate();
  return loraStack_->apply(stack);
}

at::Tensor SdxlPipeline::encodeChunks(const ClipTokenizer& tok, const ClipTextEncoder& enc,
                                      const std::string& prompt, PromptSyntax syntax,
                                      at::Tensor* pooled) const {
  const int penultimate = int(enc.config().numLayers) - 1;
  const at::Device dev = enc.weights().get("text_model.embeddings.token_embedding.weight").device();
  std::vector<TokenChunk> chunks = tokenizePrompt(tok, prompt, 77, syntax);
  std::vector<at::Tensor> parts;
  at::Tensor empty;  // the empty prompt's states, needed only for weights other than 1
  for (size_t i = 0; i < chunks.size(); ++i) {
    at::Tensor ids = at::tensor(chunks[i].ids, at::kLong).view({1, -1}).to(dev);
    const bool needPooled = pooled && i == 0;
    ClipTextOutput out = enc.forward(ids, needPooled ? 0 : penultimate);
    at::Tensor h = out.hiddenStates[size_t(penultimate)];
    if (needPooled) *pooled = enc.config().withProjection ? out.textEmbeds : out.pooled;
    bool weighted = false;
    for (float w : chunks[i].weights) weighted |= w != 1.0f;
    if (weighted) {
      if (!empty.defined()) {
        at::Tensor e = at::tensor(tok.encodePadded(""), at::kLong).view({1, -1}).to(dev);
        empty = enc.forward(e, penultimate).hiddenStates[size_t(penultimate)];
      }
      at::Tensor w =
          at::tensor(chunks[i].weights, at::kFloat).to(dev, h.scalar_type()).view({1, -1, 1});
      h = (h - empty) * w + empty;
    }
    parts.push_back(h);
  }
  return parts.size() == 1 ? parts[0] : at::cat(parts, 1);
}

PromptEmbeds SdxlPipeline::encodePrompt(const std::string& prompt, PromptSyntax syntax) const {
  c10::NoGradGuard noGrad;
  PromptEmbeds e;
  at::Tensor h1 = encodeChunks(*tok1_, *te1_, prompt, syntax, nullptr);
  at::Tensor h2 = encodeChunks(*tok2_, *te2_, prompt, syntax, &e.pooled);
  e.context = at::cat({h1, h2.to(h1.device())}, -1);
  te1_->weights().releaseStream();  // offloaded text encoders leave the device after encoding
  te2_->weights().releaseStream();
  return e;
}

void SdxlPipeline::applyMemoryMode() {
  const int64_t budget = placement_.memory == MemoryMode::Sequential
                             ? placement_.streamBudgetBytes
                             : std::numeric_limits<int64_t>::max();
  auto home = [&](nn::Weights& w, Component c) {
    if (!placement_.streamed(c)) return w.stopStreaming();
    const Place host = placement_.storage(c);
    w.to(host.device, host.dtype);  // networks built on the device (fromParts) move out
    w.stream(placement_.of(c).device, budget);
  };
  home(te1_->weights(), Component::TextEncoders);
  home(te2_->weights(), Component::TextEncoders);
  home(unet_->weights(), Component::Unet);
  home(vae_->weights(), Component::Vae);
}

void SdxlPipeline::setUnetGraphCapture(GraphCaptureFactory factory) {
  unetGraph_ = factory ? std::make_unique<UnetGraph>(std::move(factory)) : nullptr;
}

void SdxlPipeline::releaseStreams() const {
  te1_->weights().releaseStream();
  te2_->weights().releaseStream();
  unet_->weights().releaseStream();
  vae_->weights().releaseStream();
}

RgbImage SdxlPipeline::toRgb(const at::Tensor& nhwc) {
  at::Tensor u8 =
      (nhwc[0].to(at::kCPU, at::kFloat) * 255.0).round().clamp(0, 255).to(at::kByte).contiguous();
  RgbImage img;
  img.height = int(u8.size(0));
  img.width = int(u8.size(1));
  img.pixels.assign(u8.data_ptr<uint8_t>(), u8.data_ptr<uint8_t>() + u8.numel());
  return img;
}

}  // namespace hl
