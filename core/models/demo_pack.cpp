#include "models/demo_pack.h"

#include <cmath>
#include <cstring>
#include <filesystem>

#include "models/discovery.h"
#include "models/weight_specs.h"
#include "safetensors/safetensors.h"
#include "text/bpe_vocab.h"
#include "util/fs.h"
#include "util/half.h"
#include "util/json.h"

namespace hl {
namespace stdfs = std::filesystem;
namespace {

// splitmix64 + Box-Muller: identical numbers on every platform and standard library.
class Rng {
 public:
  explicit Rng(uint64_t seed) : s_(seed) {}
  uint64_t next() {
    uint64_t z = (s_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  double uniform() { return (double(next() >> 11) + 0.5) * (1.0 / 9007199254740992.0); }
  double normal() {
    double u1 = uniform(), u2 = uniform();
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
  }

 private:
  uint64_t s_;
};

// Text of prompts the demo tokenizer learns its merges from.
const char* kCorpus =
    "a portrait photo of a woman with red hair, 85mm, bokeh, studio lighting, "
    "a close-up portrait of a man with a beard, cinematic lighting, film grain, "
    "photograph of a young woman smiling, outdoors, golden hour, sharp focus, "
    "an old man wearing glasses, black and white photo, high detail, "
    "a girl with long blonde hair in a red dress, city street at night, neon lights, "
    "a boy with curly brown hair, wearing a blue shirt, soft light, "
    "professional headshot, business suit, office background, "
    "fantasy portrait, elf with silver hair, forest, oil painting, "
    "watercolor painting of a woman, pastel colors, artstation, "
    "astronaut in a space suit, realistic, 8k, highly detailed skin, "
    "fcsks fxhks fhyks, a photo of a person, looking at the camera, upper body, "
    "blurry, lowres, bad anatomy, bad hands, worst quality, low quality, jpeg artifacts, "
    "deformed, ugly, watermark, text, signature, cropped, out of frame, "
    "smiling woman with freckles and green eyes, wearing a hat, summer, beach, "
    "man in a leather jacket, rain, reflections, moody, dramatic shadows";

class PackWriter {
 public:
  PackWriter(const std::string& root, uint64_t seed) : root_(root), rng_(seed) {}

  void text(const std::string& rel, const std::string& content) {
    const std::string path = (stdfs::path(root_) / rel).string();
    fs::writeAtomic(path, content);
    record(path, content.size());
  }
  void jsonFile(const std::string& rel, const json::Value& v) {
    text(rel, json::dump(v, 2) + "\n");
  }

  // Random weights for every spec: norms start at identity, biases small, matrices scaled by
  // 1/sqrt(fan_in) so activations stay finite through the whole network.
  void weights(const std::string& rel, const WeightSpecs& specs, st::DType dtype) {
    std::vector<std::vector<uint8_t>> buffers;
    std::vector<st::WriteEntry> entries;
    for (const auto& s : specs) {
      uint64_t numel = 1;
      for (int64_t d : s.shape) numel *= uint64_t(d);
      const bool isNorm = s.shape.size() == 1 && (s.name.find("norm") != std::string::npos ||
                                                  s.name.find("layrnorm") != std::string::npos ||
                                                  s.name.rfind("2.", 0) == 0);
      const bool isWeight =
          s.name.size() >= 7 && s.name.compare(s.name.size() - 7, 7, ".weight") == 0;
      int64_t fanIn = 1;
      for (size_t i = 1; i < s.shape.size(); ++i) fanIn *= s.shape[i];
      double stddev = s.shape.size() >= 2 ? 1.0 / std::sqrt(double(fanIn)) : 0.02;
      if (s.name.find("basis") != std::string::npos) stddev = 0.05;
      if (s.name.find("embedding") != std::string::npos) stddev = 0.02;
      if (s.name == "latents") stddev = 1.0 / std::sqrt(double(s.shape.back()));
      std::vector<uint8_t> buf(numel * st::dtypeSize(dtype));
      for (uint64_t i = 0; i < numel; ++i) {
        double x = isNorm ? (isWeight ? 1.0 : 0.0) : rng_.normal() * stddev;
        float f = float(x);
        if (dtype == st::DType::F16) {
          uint16_t h = floatToHalf(f);
          std::memcpy(&buf[i * 2], &h, 2);
        } else {
          std::memcpy(&buf[i * 4], &f, 4);
        }
      }
      buffers.push_back(std::move(buf));
      entries.push_back({s.name, dtype, s.shape, buffers.back().data(), buffers.back().size()});
    }
    const std::string path = (stdfs::path(root_) / rel).string();
    st::write(path, entries, {{"format", "pt"}, {"hyperlora_studio", "demo pack: random weights"}});
    record(path, std::filesystem::file_size(path));
  }

  DemoPackResult result;

 private:
  void record(const std::string& path, uint64_t bytes) {
    result.files.push_back(path);
    result.bytes += bytes;
  }
  std::string root_;
  Rng rng_;
};

json::Value tokenizerConfig(const std::string& pad) {
  json::Value v = json::Value::object();
  v.set("bos_token", "<|startoftext|>");
  v.set("clean_up_tokenization_spaces", true);
  v.set("eos_token", "<|endoftext|>");
  v.set("errors", "replace");
  v.set("model_max_length", 77);
  v.set("pad_token", pad);
  v.set("tokenizer_class", "CLIPTokenizer");
  v.set("unk_token", "<|endoftext|>");
  return v;
}

json::Value pair(const char* lib, const char* cls) {
  json::Value a = json::Value::array();
  a.push(lib);
  a.push(cls);
  return a;
}

json::Value clipPreprocessorConfig(int64_t size) {
  json::Value v = json::Value::object();
  v.set("crop_size", size);
  v.set("do_center_crop", true);
  v.set("do_convert_rgb", true);
  v.set("do_normalize", true);
  v.set("do_rescale", true);
  v.set("do_resize", true);
  json::Value mean = json::Value::array(), stdv = json::Value::array();
  for (double m : {0.48145466, 0.4578275, 0.40821073}) mean.push(m);
  for (double s : {0.26862954, 0.26130258, 0.27577711}) stdv.push(s);
  v.set("image_mean", std::move(mean));
  v.set("image_std", std::move(stdv));
  v.set("image_processor_type", "CLIPImageProcessor");
  v.set("resample", 3);
  v.set("rescale_factor", 1.0 / 255.0);
  v.set("size", size);
  return v;
}

}  // namespace

DemoPackSpec DemoPackSpec::defaults() {
  DemoPackSpec s;
  s.textEncoder.hiddenSize = 32;
  s.textEncoder.intermediateSize = 64;
  s.textEncoder.numHeads = 2;
  s.textEncoder.numLayers = 3;
  s.textEncoder.projectionDim = 32;
  s.textEncoder.hiddenAct = "quick_gelu";
  s.textEncoder2 = s.textEncoder;
  s.textEncoder2.hiddenSize = 48;  // the two encoders must differ in width, as in SDXL
  s.textEncoder2.intermediateSize = 96;
  s.textEncoder2.projectionDim = 32;
  s.textEncoder2.hiddenAct = "gelu";
  s.textEncoder2.withProjection = true;

  s.unet.blockOutChannels = {32, 64, 96};
  s.unet.attentionHeads = {1, 2, 3};
  s.unet.transformerLayersPerBlock = {1, 1, 2};
  s.unet.normNumGroups = 8;
  s.unet.addTimeEmbedDim = 8;
  s.unet.crossAttentionDim = s.textEncoder.hiddenSize + s.textEncoder2.hiddenSize;
  s.unet.projectionClassEmbeddingsInputDim =
      6 * s.unet.addTimeEmbedDim + s.textEncoder2.projectionDim;
  s.unet.sampleSize = 64;

  s.vae.blockOutChannels = {16, 32, 64, 64};
  s.vae.normNumGroups = 8;
  s.vae.sampleSize = 512;

  s.clipVision.hiddenSize = 32;
  s.clipVision.intermediateSize = 64;
  s.clipVision.numHeads = 2;
  s.clipVision.numLayers = 3;
  s.clipVision.projectionDim = 16;

  s.hyperLora.resamplerDim = 32;
  s.hyperLora.dimHead = 8;
  s.hyperLora.heads = 4;
  s.hyperLora.depth = 2;
  s.hyperLora.ffMult = 2;
  s.hyperLora.numIdTokens = 4;
  s.hyperLora.hyperDim = 16;
  s.hyperLora.loraRank = 4;
  s.hyperLora.hasBaseLora = true;
  s.hyperLora.clipHiddenSize = s.clipVision.hiddenSize;
  s.controlNet.unet = s.unet;
  s.controlNet.conditioningChannels = {8, 16, 16, 32};
  s.controlNetUnion = s.controlNet;
  s.controlNetUnion.unionModel.numControlTypes = 8;  // the ProMax layout
  s.controlNetUnion.unionModel.channels = s.unet.blockOutChannels[0];
  s.controlNetUnion.unionModel.projChannels = s.unet.blockOutChannels[0];
  return s;
}

bool isDemoPack(const std::string& dir) {
  std::error_code ec;
  return stdfs::is_regular_file(stdfs::path(dir) / kDemoPackMarker, ec);
}

namespace {

// The tokenizer comes first: the text encoders' vocabulary size follows from it.
void writeTokenizers(PackWriter& w, DemoPackSpec& spec) {
  const std::string sdxl = kDemoSdxlFolder;
  BpeVocab vocab = trainBpeVocab(kCorpus, spec.bpeMerges);
  spec.textEncoder.vocabSize = vocab.size();
  spec.textEncoder2.vocabSize = vocab.size();
  for (const char* tok : {"tokenizer", "tokenizer_2"}) {
    const std::string t = sdxl + "/" + tok;
    w.text(t + "/vocab.json", bpeVocabJson(vocab));
    w.text(t + "/merges.txt", bpeMergesText(vocab));
    w.jsonFile(t + "/tokenizer_config.json",
               tokenizerConfig(std::string(tok) == "tokenizer" ? "<|endoftext|>" : "!"));
  }
}

json::Value modelIndex() {
  json::Value index = json::Value::object();
  index.set("_class_name", "StableDiffusionXLPipeline");
  index.set("force_zeros_for_empty_prompt", true);
  index.set("scheduler", pair("diffusers", "EulerDiscreteScheduler"));
  index.set("text_encoder", pair("transformers", "CLIPTextModel"));
  index.set("text_encoder_2", pair("transformers", "CLIPTextModelWithProjection"));
  index.set("tokenizer", pair("transformers", "CLIPTokenizer"));
  index.set("tokenizer_2", pair("transformers", "CLIPTokenizer"));
  index.set("unet", pair("diffusers", "UNet2DConditionModel"));
  index.set("vae", pair("diffusers", "AutoencoderKL"));
  return index;
}

// The scheduler config of stabilityai/stable-diffusion-xl-base-1.0.
json::Value schedulerConfig() {
  json::Value sched = json::Value::object();
  sched.set("_class_name", "EulerDiscreteScheduler");
  sched.set("beta_end", 0.012);
  sched.set("beta_schedule", "scaled_linear");
  sched.set("beta_start", 0.00085);
  sched.set("clip_sample", false);
  sched.set("interpolation_type", "linear");
  sched.set("num_train_timesteps", 1000);
  sched.set("prediction_type", "epsilon");
  sched.set("sample_max_value", 1.0);
  sched.set("set_alpha_to_one", false);
  sched.set("skip_prk_steps", true);
  sched.set("steps_offset", 1);
  sched.set("timestep_spacing", "leading");
  sched.set("trained_betas", nullptr);
  sched.set("use_karras_sigmas", false);
  return sched;
}

// The diffusers SDXL folder: configs, and fp16 weights as the Hub's fp16 variant ships them.
void writeSdxl(PackWriter& w, const DemoPackSpec& spec) {
  const std::string sdxl = kDemoSdxlFolder;
  w.jsonFile(sdxl + "/model_index.json", modelIndex());
  w.jsonFile(sdxl + "/scheduler/scheduler_config.json", schedulerConfig());
  w.jsonFile(sdxl + "/unet/config.json", spec.unet.toJson());
  w.weights(sdxl + "/unet/diffusion_pytorch_model.safetensors", unetWeightSpecs(spec.unet),
            st::DType::F16);
  w.jsonFile(sdxl + "/vae/config.json", spec.vae.toJson());
  w.weights(sdxl + "/vae/diffusion_pytorch_model.safetensors", vaeWeightSpecs(spec.vae),
            st::DType::F16);
  w.jsonFile(sdxl + "/text_encoder/config.json", spec.textEncoder.toJson());
  w.weights(sdxl + "/text_encoder/model.safetensors", clipTextWeightSpecs(spec.textEncoder),
            st::DType::F16);
  w.jsonFile(sdxl + "/text_encoder_2/config.json", spec.textEncoder2.toJson());
  w.weights(sdxl + "/text_encoder_2/model.safetensors", clipTextWeightSpecs(spec.textEncoder2),
            st::DType::F16);
}

// CLIP ViT folder (full-precision, as openai/clip-vit-large-patch14 ships it) + tokenizer files.
void writeClipVision(PackWriter& w, const DemoPackSpec& spec) {
  const std::string clip = "hyper_lora/clip_vit/clip_vit_large_14";
  w.jsonFile(clip + "/config.json", spec.clipVision.toJson());
  w.weights(clip + "/model.safetensors", clipVisionWeightSpecs(spec.clipVision), st::DType::F32);
  w.jsonFile(clip + "/preprocessor_config.json", clipPreprocessorConfig(spec.clipVision.imageSize));
  w.jsonFile("hyper_lora/clip_processor/clip_vit_large_14_processor/preprocessor_config.json",
             clipPreprocessorConfig(spec.clipVision.imageSize));
}

// HyperLoRA variant: module list in the UNet's attn_processors order, fp16 like the release.
void writeHyperLora(PackWriter& w, const DemoPackSpec& spec) {
  std::vector<HyperLoraModuleEntry> modules;
  for (const auto& m : unetAttentionModules(spec.unet)) {
    std::string name = "lora_unet_" + m.path;
    for (char& c : name)
      if (c == '.') c = '_';
    modules.push_back({name, m.hiddenSize, m.crossAttentionDim});
  }
  const std::string hl = std::string("hyper_lora/hyper_lora/") + kDemoHyperLoraVariant;
  w.jsonFile(hl + "/hyper_lora_modules.json", hyperLoraModulesToJson(modules));
  w.jsonFile(hl + "/config.json", spec.hyperLora.toJson());
  w.weights(hl + "/hyper_lora_modules.safetensors", hyperLoraBasisSpecs(spec.hyperLora, modules),
            st::DType::F16);
  w.weights(hl + "/resampler.safetensors",
            resamplerWeightSpecs(spec.hyperLora, int64_t(modules.size()), 2), st::DType::F16);
  w.weights(hl + "/id_projector.safetensors", idProjectorWeightSpecs(spec.hyperLora),
            st::DType::F16);
  if (spec.hyperLora.hasBaseLora)
    w.weights(hl + "/base_resampler.safetensors",
              resamplerWeightSpecs(spec.hyperLora, int64_t(modules.size()), 1), st::DType::F16);
}

// The face-model note, a ControlNet of each kind and a user LoRA, so those paths run on the demo
// pack too.
void writeExtras(PackWriter& w, const DemoPackSpec& spec, const std::string& dir) {
  w.text("insightface/models/antelopev2/README.txt",
         "The demo pack has no face models: random weights cannot detect faces.\n"
         "Put scrfd_10g_bnkps.onnx, 2d106det.onnx and glintr100.onnx from insightface's\n"
         "antelopev2 pack (non-commercial research licence) into this folder.\n");
  w.jsonFile("controlnet/demo-controlnet-sdxl/config.json", spec.controlNet.toJson());
  w.weights("controlnet/demo-controlnet-sdxl/diffusion_pytorch_model.safetensors",
            controlNetWeightSpecs(spec.controlNet), st::DType::F16);
  // A union/ProMax one as a single file without config, as they are shared.
  w.weights("controlnet/demo-controlnet-union-promax.safetensors",
            controlNetWeightSpecs(spec.controlNetUnion), st::DType::F16);
  WeightSpecs lora;
  for (const auto& m : unetAttentionModules(spec.unet))
    for (const char* p : {"to_q", "to_v"}) {
      const std::string k = kohyaName(m.path) + "_" + p;
      const int64_t in =
          std::string(p) == "to_v" && m.crossAttentionDim > 0 ? m.crossAttentionDim : m.hiddenSize;
      lora.push_back({k + ".lora_down.weight", {2, in}});
      lora.push_back({k + ".lora_up.weight", {m.hiddenSize, 2}});
    }
  w.weights("loras/demo-style.safetensors", lora, st::DType::F16);
  fs::makeDirs((stdfs::path(dir) / "checkpoints").string());
}

json::Value packMarker(const DemoPackSpec& spec) {
  json::Value marker = json::Value::object();
  marker.set("name", "HyperLoRA Studio demo pack");
  marker.set("version", 1);
  marker.set("note", "demo models: images are noise");
  marker.set("seed", int64_t(spec.seed));
  marker.set("face_models", nullptr);
  marker.set("face_models_note",
             "Face models cannot be generated meaningfully; identities need the real antelopev2 "
             "files.");
  return marker;
}

}  // namespace

DemoPackResult writeDemoPack(const std::string& dir, const DemoPackSpec& specIn) {
  DemoPackSpec spec = specIn;
  fs::makeDirs(dir);
  PackWriter w(dir, spec.seed);
  // In this order: every weights file draws from one random stream.
  writeTokenizers(w, spec);
  writeSdxl(w, spec);
  writeClipVision(w, spec);
  writeHyperLora(w, spec);
  writeExtras(w, spec, dir);
  w.jsonFile(kDemoPackMarker,
             packMarker(spec));  // written last: its presence means the pack is whole
  w.result.root = dir;
  return w.result;
}

}  // namespace hl
