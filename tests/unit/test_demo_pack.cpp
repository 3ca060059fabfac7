#include <QTemporaryDir>
#include <QtTest>
#include <filesystem>
#include <fstream>

#include "models/bpe_vocab.h"
#include "models/configs.h"
#include "models/demo_pack.h"
#include "models/discovery.h"
#include "models/model_check.h"
#include "models/weight_specs.h"
#include "tensor/safetensors.h"
#include "util/error.h"
#include "util/fs.h"
#include "util/json.h"

namespace fs = std::filesystem;

class TestDemoPack : public QObject {
  Q_OBJECT
  QTemporaryDir tmp_;
  std::string pack_;

 private slots:
  void initTestCase() {
    pack_ = (tmp_.path() + "/pack").toStdString();
    hl::DemoPackResult r = hl::writeDemoPack(pack_);
    QVERIFY(r.files.size() > 20);
    QVERIFY(r.bytes > 100000);
    QVERIFY(hl::isDemoPack(pack_));
  }

  void rediscoveredAsDemo() {
    hl::ModelSet s = hl::discoverModels(pack_);
    QVERIFY(s.isDemo);
    QVERIFY2(s.canGenerate(), s.report().c_str());
    QCOMPARE(int(s.sdxlFormat), int(hl::SdxlFormat::DiffusersFolder));
    QCOMPARE(s.hyperLoraVariant, std::string(hl::kDemoHyperLoraVariant));
    QVERIFY(s.hyperLoraHasBase);
    QVERIFY(!s.clipVisionDir.empty());
    QVERIFY(!s.clipProcessorConfig.empty());
    // No face models, and the report says why.
    QVERIFY(!s.canMakeIdentity());
    const auto* faces = s.status(hl::kCompFaces);
    QVERIFY(!faces->found);
    QVERIFY2(QString::fromStdString(faces->detail).contains("demo pack cannot contain face models"),
             faces->detail.c_str());
    QVERIFY(QString::fromStdString(s.report()).startsWith("Demo model pack: random weights, images are noise."));
  }

  void everyFileLoadsAndMatchesItsConfig() {
    hl::ModelSet s = hl::discoverModels(pack_);
    hl::ModelSetCheck c = hl::verifyModelSet(s);
    QVERIFY2(c.ok(), c.report().c_str());
    QStringList components;
    for (const auto& f : c.files) components << QString::fromStdString(f.component);
    for (const char* want : {"UNet", "VAE", "text_encoder", "text_encoder_2", "CLIP tokenizer",
                             "CLIP vision", "HyperLoRA module list", "HyperLoRA bases",
                             "HyperLoRA resampler", "HyperLoRA id projector",
                             "HyperLoRA base resampler"})
      QVERIFY2(components.contains(want), want);
    for (const auto& f : c.files)
      if (f.path.size() > 12 && f.path.substr(f.path.size() - 12) == ".safetensors")
        QVERIFY2(f.tensors > 0, f.path.c_str());
  }

  void configsAreConsistent() {
    const std::string sdxl = pack_ + "/" + hl::kDemoSdxlFolder;
    auto unet = hl::UnetConfig::fromJson(hl::json::parseFile(sdxl + "/unet/config.json"));
    auto te1 = hl::ClipTextConfig::fromJson(hl::json::parseFile(sdxl + "/text_encoder/config.json"));
    auto te2 = hl::ClipTextConfig::fromJson(hl::json::parseFile(sdxl + "/text_encoder_2/config.json"));
    QVERIFY(!te1.withProjection);
    QVERIFY(te2.withProjection);
    QVERIFY(te1.hiddenSize != te2.hiddenSize);
    QCOMPARE(unet.crossAttentionDim, te1.hiddenSize + te2.hiddenSize);
    QCOMPARE(unet.projectionClassEmbeddingsInputDim, 6 * unet.addTimeEmbedDim + te2.projectionDim);
    hl::BpeVocab v = hl::loadBpeVocab(sdxl + "/tokenizer/vocab.json", sdxl + "/tokenizer/merges.txt");
    QCOMPARE(v.size(), te1.vocabSize);
    QCOMPARE(v.bosId, v.size() - 2);
    QCOMPARE(v.eosId, v.size() - 1);
    QVERIFY(v.merges.size() > 100);
    // The HyperLoRA module list follows the UNet's attention modules, in attn_processors order.
    auto modules = hl::parseHyperLoraModules(
        hl::json::parseFile(pack_ + "/hyper_lora/hyper_lora/" + hl::kDemoHyperLoraVariant +
                            "/hyper_lora_modules.json"), "modules");
    auto attn = hl::unetAttentionModules(unet);
    QCOMPARE(modules.size(), attn.size());
    QCOMPARE(modules.front().name, std::string("lora_unet_down_blocks_1_attentions_0_transformer_blocks_0_attn1"));
    QCOMPARE(modules.back().name, std::string("lora_unet_mid_block_attentions_0_transformer_blocks_1_attn2"));
  }

  void deterministic() {
    const std::string other = (tmp_.path() + "/pack2").toStdString();
    hl::writeDemoPack(other);
    for (const char* rel : {"/diffusers/sdxl-demo/unet/diffusion_pytorch_model.safetensors",
                            "/diffusers/sdxl-demo/tokenizer/merges.txt",
                            "/hyper_lora/hyper_lora/sdxl_hyper_id_lora_demo/hyper_lora_modules.safetensors"})
      QVERIFY2(hl::fs::readText(pack_ + rel) == hl::fs::readText(other + rel), rel);
  }

  void damageIsReportedPrecisely() {
    const std::string bad = (tmp_.path() + "/pack-bad").toStdString();
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
    QVERIFY(!c.ok());
    int errors = 0;
    for (const auto& f : c.files) {
      if (f.ok) continue;
      ++errors;
      const QString msg = QString::fromStdString(f.message);
      if (f.component == "UNet") {
        QVERIFY2(msg.contains(QString::fromStdString(unet)) && msg.contains("past the data section"),
                 qPrintable(msg));
      } else {
        QCOMPARE(f.component, std::string("text_encoder"));
        QVERIFY2(msg.contains("text_model.embeddings.token_embedding.weight: expected [") &&
                     msg.contains("40]"), qPrintable(msg));
      }
    }
    QCOMPARE(errors, 2);
  }

  void bpeTrainerAndByteTable() {
    const auto& b2u = hl::byteToUnicode();
    QCOMPARE(b2u.size(), size_t(256));
    QCOMPARE(QString::fromStdString(b2u['a']), QString("a"));
    QCOMPARE(QString::fromStdString(b2u[' ']), QString::fromUtf8("\xc4\xa0"));  // U+0120
    QCOMPARE(QString::fromStdString(b2u[0]), QString::fromUtf8("\xc4\x80"));    // U+0100
    hl::BpeVocab v = hl::trainBpeVocab("low lower lowest low low", 10);
    QCOMPARE(v.merges.front(), std::make_pair(std::string("l"), std::string("o")));
    QVERIFY(v.tokenToId.count("low</w>"));
    QCOMPARE(v.idToToken[0], std::string("!"));  // CLIP's order: "!" is id 0
    QCOMPARE(v.idToToken[256], std::string("!</w>"));
    QCOMPARE(v.tokenToId.at("a"), int64_t('a' - '!'));
    // Written and read back through the validating loader.
    QTemporaryDir d;
    const std::string vj = (d.path() + "/vocab.json").toStdString(), mt = (d.path() + "/merges.txt").toStdString();
    hl::fs::writeAtomic(vj, hl::bpeVocabJson(v));
    hl::fs::writeAtomic(mt, hl::bpeMergesText(v));
    hl::BpeVocab back = hl::loadBpeVocab(vj, mt);
    QCOMPARE(back.idToToken, v.idToToken);
    QCOMPARE(back.merges, v.merges);
    // A merge whose result is not in the vocabulary is refused with its line number.
    hl::fs::writeAtomic(mt, "#version: 0.2\nl o\nq z\n");
    try {
      hl::loadBpeVocab(vj, mt);
      QFAIL("accepted a bad merges file");
    } catch (const hl::Error& e) {
      QVERIFY2(QString(e.what()).contains("line 3"), e.what());
    }
  }
};

QTEST_APPLESS_MAIN(TestDemoPack)
#include "test_demo_pack.moc"
