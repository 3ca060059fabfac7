#include <algorithm>
#include <filesystem>
#include <fstream>

#include "check.h"
#include "models/configs.h"
#include "models/demo_pack.h"
#include "models/discovery.h"
#include "models/model_check.h"
#include "models/weight_specs.h"
#include "safetensors/safetensors.h"
#include "text/bpe_vocab.h"
#include "util/error.h"
#include "util/fs.h"
#include "util/json.h"

namespace fs = std::filesystem;

hl::test::TempDir tmp_;
std::string pack_;

HL_SETUP() {
  pack_ = tmp_.path() + "/pack";
  hl::DemoPackResult r = hl::writeDemoPack(pack_);
  HL_CHECK(r.files.size() > 20);
  HL_CHECK(r.bytes > 100000);
  HL_CHECK(hl::isDemoPack(pack_));
}

HL_TEST(rediscoveredAsDemo) {
  hl::ModelSet s = hl::discoverModels(pack_);
  HL_CHECK(s.isDemo);
  HL_CHECK_MSG(s.canGenerate(), s.report().c_str());
  HL_CHECK_EQ(int(s.sdxlFormat), int(hl::SdxlFormat::DiffusersFolder));
  HL_CHECK_EQ(s.hyperLoraVariant, std::string(hl::kDemoHyperLoraVariant));
  HL_CHECK(s.hyperLoraHasBase);
  HL_CHECK(!s.clipVisionDir.empty());
  HL_CHECK(!s.clipProcessorConfig.empty());
  // No face models, and the report says why.
  HL_CHECK(!s.canMakeIdentity());
  const auto* faces = s.status(hl::kCompFaces);
  HL_CHECK(!faces->found);
  HL_CHECK_MSG(hl::test::contains(faces->detail, "demo pack cannot contain face models"),
               faces->detail.c_str());
  HL_CHECK((
      std::string(s.report()).rfind("Demo model pack: random weights, images are noise.", 0) == 0));
}

HL_TEST(everyFileLoadsAndMatchesItsConfig) {
  hl::ModelSet s = hl::discoverModels(pack_);
  hl::ModelSetCheck c = hl::verifyModelSet(s);
  HL_CHECK_MSG(c.ok(), c.report().c_str());
  std::vector<std::string> components;
  for (const auto& f : c.files) components.push_back(f.component);
  for (const char* want :
       {"UNet", "VAE", "text_encoder", "text_encoder_2", "CLIP tokenizer", "CLIP vision",
        "HyperLoRA module list", "HyperLoRA bases", "HyperLoRA resampler", "HyperLoRA id projector",
        "HyperLoRA base resampler"})
    HL_CHECK_MSG(std::find(components.begin(), components.end(), want) != components.end(), want);
  for (const auto& f : c.files)
    if (f.path.size() > 12 && f.path.substr(f.path.size() - 12) == ".safetensors")
      HL_CHECK_MSG(f.tensors > 0, f.path.c_str());
}

HL_TEST(configsAreConsistent) {
  const std::string sdxl = pack_ + "/" + hl::kDemoSdxlFolder;
  auto unet = hl::UnetConfig::fromJson(hl::json::parseFile(sdxl + "/unet/config.json"));
  auto te1 = hl::ClipTextConfig::fromJson(hl::json::parseFile(sdxl + "/text_encoder/config.json"));
  auto te2 =
      hl::ClipTextConfig::fromJson(hl::json::parseFile(sdxl + "/text_encoder_2/config.json"));
  HL_CHECK(!te1.withProjection);
  HL_CHECK(te2.withProjection);
  HL_CHECK(te1.hiddenSize != te2.hiddenSize);
  HL_CHECK_EQ(unet.crossAttentionDim, te1.hiddenSize + te2.hiddenSize);
  HL_CHECK_EQ(unet.projectionClassEmbeddingsInputDim, 6 * unet.addTimeEmbedDim + te2.projectionDim);
  hl::BpeVocab v = hl::loadBpeVocab(sdxl + "/tokenizer/vocab.json", sdxl + "/tokenizer/merges.txt");
  HL_CHECK_EQ(v.size(), te1.vocabSize);
  HL_CHECK_EQ(v.bosId, v.size() - 2);
  HL_CHECK_EQ(v.eosId, v.size() - 1);
  HL_CHECK(v.merges.size() > 100);
  // The HyperLoRA module list follows the UNet's attention modules, in attn_processors order.
  auto modules = hl::parseHyperLoraModules(
      hl::json::parseFile(pack_ + "/hyper_lora/hyper_lora/" + hl::kDemoHyperLoraVariant +
                          "/hyper_lora_modules.json"),
      "modules");
  auto attn = hl::unetAttentionModules(unet);
  HL_CHECK_EQ(modules.size(), attn.size());
  HL_CHECK_EQ(modules.front().name,
              std::string("lora_unet_down_blocks_1_attentions_0_transformer_blocks_0_attn1"));
  HL_CHECK_EQ(modules.back().name,
              std::string("lora_unet_mid_block_attentions_0_transformer_blocks_1_attn2"));
}

HL_TEST(deterministic) {
  const std::string other = tmp_.path() + "/pack2";
  hl::writeDemoPack(other);
  for (const char* rel :
       {"/diffusers/sdxl-demo/unet/diffusion_pytorch_model.safetensors",
        "/diffusers/sdxl-demo/tokenizer/merges.txt",
        "/hyper_lora/hyper_lora/sdxl_hyper_id_lora_demo/hyper_lora_modules.safetensors"})
    HL_CHECK_MSG(hl::fs::readText(pack_ + rel) == hl::fs::readText(other + rel), rel);
}

HL_TEST(damageIsReportedPrecisely) {
  const std::string bad = tmp_.path() + "/pack-bad";
  hl::writeDemoPack(bad);
  const std::string sdxl = bad + "/" + hl::kDemoSdxlFolder;
  // 1. A truncated weight file.
  const std::string unet = sdxl + "/unet/diffusion_pytorch_model.safetensors";
  fs::resize_file(unet, fs::file_size(unet) - 100);
  // 2. A config that no longer matches its weights.
  hl::json::Value cfg = hl::json::parseFile(sdxl + "/text_encoder/config.json");
  cfg.set("hidden_size", int64_t(40));
  hl::fs::writeAtomic(sdxl + "/text_encoder/config.json", hl::json::dump(cfg, 2));
  hl::ModelSetCheck c = hl::verifyModelSet(hl::discoverModels(bad));
  HL_CHECK(!c.ok());
  int errors = 0;
  for (const auto& f : c.files) {
    if (f.ok) continue;
    ++errors;
    const std::string msg = std::string(f.message);
    if (f.component == "UNet") {
      HL_CHECK_MSG(hl::test::contains(msg, std::string(unet)) &&
                       hl::test::contains(msg, "past the data section"),
                   std::string(msg));
    } else {
      HL_CHECK_EQ(f.component, std::string("text_encoder"));
      HL_CHECK_MSG(
          hl::test::contains(msg, "text_model.embeddings.token_embedding.weight: expected [") &&
              hl::test::contains(msg, "40]"),
          std::string(msg));
    }
  }
  HL_CHECK_EQ(errors, 2);
}

// HyperLoRA's shapes follow the CLIP hidden size: with the CLIP config unreadable, a HyperLoRA
// shape mismatch points at the CLIP folder; a file that cannot be read says only that.
HL_TEST(hyperLoraMismatchNamesAMissingClipConfig) {
  const std::string bad = tmp_.path() + "/pack-no-clip";
  hl::writeDemoPack(bad);
  hl::fs::writeAtomic(bad + "/hyper_lora/clip_vit/clip_vit_large_14/config.json", "{bad");
  const std::string variant = bad + "/hyper_lora/hyper_lora/" + hl::kDemoHyperLoraVariant;
  fs::resize_file(variant + "/resampler.safetensors", 1000);
  hl::ModelSetCheck c = hl::verifyModelSet(hl::discoverModels(bad));
  const std::string clipNote = "no readable CLIP ViT config";
  int noted = 0;
  for (const auto& f : c.files) {
    if (f.component == "HyperLoRA resampler") {
      HL_CHECK(!f.ok);
      HL_CHECK_MSG(hl::test::contains(f.message, "runs past the end") &&
                       !hl::test::contains(f.message, clipNote),
                   f.message);
    } else if (f.component == "HyperLoRA id projector" || f.component == "CLIP vision") {
      HL_CHECK(!f.ok);
      noted += hl::test::contains(f.message, clipNote);
    }
  }
  HL_CHECK_EQ(noted, 1);  // the id projector's mismatch; the CLIP entry names its own config
  // With the CLIP config back, the same HyperLoRA files match and nothing is noted.
  hl::fs::writeAtomic(
      bad + "/hyper_lora/clip_vit/clip_vit_large_14/config.json",
      hl::fs::readText(pack_ + "/hyper_lora/clip_vit/clip_vit_large_14/config.json"));
  for (const auto& f : hl::verifyModelSet(hl::discoverModels(bad)).files) {
    HL_CHECK_MSG(!hl::test::contains(f.message, clipNote), f.message);
    if (f.component == "HyperLoRA id projector") HL_CHECK_MSG(f.ok, f.message);
  }
}

HL_TEST(bpeTrainerAndByteTable) {
  const auto& b2u = hl::byteToUnicode();
  HL_CHECK_EQ(b2u.size(), size_t(256));
  HL_CHECK_EQ(std::string(b2u['a']), std::string("a"));
  HL_CHECK_EQ(std::string(b2u[' ']), std::string("\xc4\xa0"));  // U+0120
  HL_CHECK_EQ(std::string(b2u[0]), std::string("\xc4\x80"));    // U+0100
  hl::BpeVocab v = hl::trainBpeVocab("low lower lowest low low", 10);
  HL_CHECK_EQ(v.merges.front(), std::make_pair(std::string("l"), std::string("o")));
  HL_CHECK(v.tokenToId.count("low</w>"));
  HL_CHECK_EQ(v.idToToken[0], std::string("!"));  // CLIP's order: "!" is id 0
  HL_CHECK_EQ(v.idToToken[256], std::string("!</w>"));
  HL_CHECK_EQ(v.tokenToId.at("a"), int64_t('a' - '!'));
  // Written and read back through the validating loader.
  hl::test::TempDir d;
  const std::string vj = d.path() + "/vocab.json", mt = d.path() + "/merges.txt";
  hl::fs::writeAtomic(vj, hl::bpeVocabJson(v));
  hl::fs::writeAtomic(mt, hl::bpeMergesText(v));
  hl::BpeVocab back = hl::loadBpeVocab(vj, mt);
  HL_CHECK_EQ(back.idToToken, v.idToToken);
  HL_CHECK_EQ(back.merges, v.merges);
  // A merge whose result is not in the vocabulary is refused with its line number.
  hl::fs::writeAtomic(mt, "#version: 0.2\nl o\nq z\n");
  try {
    hl::loadBpeVocab(vj, mt);
    HL_FAIL("accepted a bad merges file");
  } catch (const hl::Error& e) {
    HL_CHECK_MSG(hl::test::contains(e.what(), "line 3"), e.what());
  }
}
