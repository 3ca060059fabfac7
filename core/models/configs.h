// Model configurations as diffusers/transformers write them in config.json, read and written
// faithfully (every size comes from here, never from constants).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "util/json.h"

namespace hl {

struct UnetConfig {
  int64_t inChannels = 4, outChannels = 4;
  std::vector<int64_t> blockOutChannels{320, 640, 1280};
  std::vector<std::string> downBlockTypes{"DownBlock2D", "CrossAttnDownBlock2D",
                                          "CrossAttnDownBlock2D"};
  std::vector<std::string> upBlockTypes{"CrossAttnUpBlock2D", "CrossAttnUpBlock2D", "UpBlock2D"};
  std::string midBlockType = "UNetMidBlock2DCrossAttn";
  int64_t layersPerBlock = 2;
  std::vector<int64_t> transformerLayersPerBlock{1, 2, 10};  // per level
  std::vector<int64_t> attentionHeads{5, 10, 20};            // diffusers' attention_head_dim
  int64_t crossAttentionDim = 2048;
  int64_t addTimeEmbedDim = 256;
  int64_t projectionClassEmbeddingsInputDim = 2816;
  int64_t normNumGroups = 32;
  double normEps = 1e-5;
  bool useLinearProjection = true;
  bool flipSinToCos = true;
  int64_t freqShift = 0;
  int64_t sampleSize = 128;

  int64_t timeEmbedDim() const { return blockOutChannels.front() * 4; }
  bool levelHasAttention(size_t level) const;
  static UnetConfig fromJson(const json::Value& v);
  static UnetConfig sdxlBase();
  json::Value toJson() const;
};

struct VaeConfig {
  int64_t inChannels = 3, outChannels = 3, latentChannels = 4;
  std::vector<int64_t> blockOutChannels{128, 256, 512, 512};
  int64_t layersPerBlock = 2;
  int64_t normNumGroups = 32;
  double scalingFactor = 0.13025;
  bool useQuantConv = true, usePostQuantConv = true, midBlockAddAttention = true;
  bool forceUpcast = true;
  int64_t sampleSize = 1024;

  static VaeConfig fromJson(const json::Value& v);
  json::Value toJson() const;
};

struct ClipTextConfig {
  int64_t vocabSize = 49408;
  int64_t hiddenSize = 768, intermediateSize = 3072, numHeads = 12, numLayers = 12;
  int64_t maxPositionEmbeddings = 77;
  int64_t projectionDim = 768;
  std::string hiddenAct = "quick_gelu";
  double layerNormEps = 1e-5;
  bool withProjection = false;  // CLIPTextModelWithProjection (text_encoder_2)
  int64_t eosTokenId = 2;       // 2 selects transformers' legacy argmax pooling

  static ClipTextConfig fromJson(const json::Value& v);
  json::Value toJson() const;
};

struct ClipVisionConfig {
  int64_t hiddenSize = 1024, intermediateSize = 4096, numHeads = 16, numLayers = 24;
  int64_t imageSize = 224, patchSize = 14, numChannels = 3;
  int64_t projectionDim = 768;
  std::string hiddenAct = "quick_gelu";
  double layerNormEps = 1e-5;

  int64_t numPositions() const {
    return (imageSize / patchSize) * (imageSize / patchSize) + 1;
  }
  static ClipVisionConfig fromJson(const json::Value& v);
  json::Value toJson() const;
};

// One entry of hyper_lora_modules.json, in file order.
struct HyperLoraModuleEntry {
  std::string name;               // "lora_unet_down_blocks_1_attentions_0_transformer_blocks_0_attn1"
  int64_t hiddenSize = 0;
  int64_t crossAttentionDim = 0;  // 0 for self-attention (null in the file)
};

struct HyperLoraConfig {
  int64_t resamplerDim = 1024, dimHead = 64, heads = 12, depth = 4, ffMult = 4;
  int64_t idEmbedDim = 512, numIdTokens = 16, hyperDim = 128, loraRank = 8;
  int64_t clipHiddenSize = 1024;  // resampler embedding_dim
  bool hasBaseLora = false;

  // The released models ship no config file: these are the values of the official loader.
  static HyperLoraConfig released() { return {}; }
  static HyperLoraConfig fromJson(const json::Value& v, int64_t clipHiddenSize);
  json::Value toJson() const;
};

std::vector<HyperLoraModuleEntry> parseHyperLoraModules(const json::Value& v,
                                                       const std::string& source);
json::Value hyperLoraModulesToJson(const std::vector<HyperLoraModuleEntry>& modules);

// The attention modules of a UNet in diffusers' unet.attn_processors order
// (down blocks, then up blocks, then the mid block), each attn1 then attn2, as module paths.
struct UnetAttentionModule {
  std::string path;  // "down_blocks.1.attentions.0.transformer_blocks.0.attn1"
  int64_t hiddenSize = 0;
  int64_t crossAttentionDim = 0;  // 0 for attn1
};
std::vector<UnetAttentionModule> unetAttentionModules(const UnetConfig& c);

// The LDM/SGM path of a diffusers attention-module path ("down_blocks.1.attentions.0..." ->
// "input_blocks.4.1..."), as single-file checkpoints name them. Empty if it is not one.
std::string diffusersToLdmPath(const std::string& path, const UnetConfig& c);

// kohya LoRA module names ("lora_unet_<path with _>") in either naming style, for the UNet's
// attention modules.
std::string kohyaName(const std::string& path);
// Returns the index into `modules` of a kohya name in diffusers or LDM style, or -1.
int findAttentionModule(const std::vector<UnetAttentionModule>& modules, const UnetConfig& c,
                        const std::string& kohya);

}  // namespace hl
