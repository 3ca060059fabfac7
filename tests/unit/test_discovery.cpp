#include <QTemporaryDir>
#include <QtTest>
#include <filesystem>
#include <fstream>

#include "models/discovery.h"
#include "tensor/safetensors.h"

namespace fs = std::filesystem;

namespace {

void touch(const fs::path& p, const std::string& content = "x") {
  fs::create_directories(p.parent_path());
  std::ofstream(p) << content;
}

// A small valid safetensors file whose single tensor has the given name.
void tensorFile(const fs::path& p, const std::string& tensorName) {
  fs::create_directories(p.parent_path());
  float v[2] = {1, 2};
  hl::st::write(p.string(), {{tensorName, hl::st::DType::F32, {2}, v, 8}});
}

void diffusersFolder(const fs::path& d, bool withVae = true) {
  touch(d / "model_index.json", "{}");
  for (const char* sub : {"unet", "vae", "text_encoder", "text_encoder_2"}) {
    touch(d / sub / "config.json", "{}");
    std::string stem = (std::string(sub) == "unet" || std::string(sub) == "vae")
                           ? "diffusion_pytorch_model" : "model";
    if (std::string(sub) == "vae" && !withVae) continue;
    // The Hub's fp16 variant naming is accepted too.
    touch(d / sub / (stem + (std::string(sub) == "text_encoder_2" ? ".fp16.safetensors" : ".safetensors")));
  }
  touch(d / "tokenizer" / "vocab.json", "{}");
  touch(d / "tokenizer" / "merges.txt", "#version: 0.2\n");
}

void comfyRoot(const fs::path& m, bool faces = true) {
  tensorFile(m / "checkpoints" / "b_realvis.safetensors", "model.diffusion_model.conv_in.weight");
  tensorFile(m / "checkpoints" / "a_sdxl.safetensors", "model.diffusion_model.conv_in.weight");
  tensorFile(m / "loras" / "style.safetensors", "lora_unet_x.lora_down.weight");
  for (const char* v : {"sdxl_hyper_id_lora_v1_edit", "sdxl_hyper_id_lora_v1_fidelity"})
    for (const char* f : {"hyper_lora_modules.json", "hyper_lora_modules.safetensors",
                          "resampler.safetensors", "id_projector.safetensors"})
      touch(m / "hyper_lora" / "hyper_lora" / v / f);
  touch(m / "hyper_lora" / "clip_vit" / "clip_vit_large_14" / "config.json", "{}");
  touch(m / "hyper_lora" / "clip_vit" / "clip_vit_large_14" / "model.safetensors");
  touch(m / "hyper_lora" / "clip_vit" / "clip_vit_large_14" / "vocab.json", "{}");
  touch(m / "hyper_lora" / "clip_vit" / "clip_vit_large_14" / "merges.txt");
  touch(m / "insightface" / "models" / "antelopev2" / "scrfd_10g_bnkps.onnx");
  if (faces) {
    touch(m / "insightface" / "models" / "antelopev2" / "2d106det.onnx");
    touch(m / "insightface" / "models" / "antelopev2" / "glintr100.onnx");
  }
}

}  // namespace

class TestDiscovery : public QObject {
  Q_OBJECT
  QTemporaryDir tmp_;
  fs::path root(const char* name) { return fs::path(tmp_.path().toStdString()) / name; }

 private slots:
  void diffusersFolderFound() {
    fs::path d = root("sdxl-diffusers");
    diffusersFolder(d);
    hl::ModelSet s = hl::discoverModels(d.string());
    QCOMPARE(int(s.sdxlFormat), int(hl::SdxlFormat::DiffusersFolder));
    QCOMPARE(s.sdxlPath, d.string());
    QVERIFY(s.canGenerate());
    QCOMPARE(s.tokenizerVocab, (d / "tokenizer" / "vocab.json").string());
    // Only the SDXL part is given: the identity parts are reported missing, not invented.
    QVERIFY(!s.canMakeIdentity());
    QVERIFY(!s.complete());
    QVERIFY(!s.status(hl::kCompHyperLora)->found);
  }

  void diffusersFolderMissingFile() {
    fs::path d = root("sdxl-novae");
    diffusersFolder(d, false);
    hl::ModelSet s = hl::discoverModels(d.string());
    QCOMPARE(int(s.sdxlFormat), int(hl::SdxlFormat::None));
    const auto* st = s.status(hl::kCompSdxl);
    QVERIFY(!st->found);
    QVERIFY2(QString::fromStdString(st->detail).contains("vae/diffusion_pytorch_model.safetensors"),
             st->detail.c_str());
    QVERIFY(QString::fromStdString(s.report()).contains("[missing] SDXL checkpoint"));
  }

  void singleFileFound() {
    fs::path f = root("single/model.safetensors");
    tensorFile(f, "model.diffusion_model.input_blocks.0.0.weight");
    hl::ModelSet s = hl::discoverModels(f.string());
    QCOMPARE(int(s.sdxlFormat), int(hl::SdxlFormat::SingleFile));
    QCOMPARE(s.sdxlPath, f.string());
    // No tokenizer next to a bare single file: say so, and where it was looked for.
    const auto* tok = s.status(hl::kCompTokenizer);
    QVERIFY(!tok->found);
    QVERIFY(!s.canGenerate());
    QVERIFY(QString::fromStdString(s.report()).contains("vocab.json"));
  }

  void singleFileNotSdxl() {
    fs::path f = root("notsdxl/model.safetensors");
    tensorFile(f, "encoder.weight");
    hl::ModelSet s = hl::discoverModels(f.string());
    QCOMPARE(int(s.sdxlFormat), int(hl::SdxlFormat::None));
    QVERIFY(QString::fromStdString(s.status(hl::kCompSdxl)->detail)
                .contains("not an SDXL single-file checkpoint"));
    fs::path g = root("garbage.safetensors");
    touch(g, "not a safetensors file at all");
    QVERIFY(!hl::discoverModels(g.string()).status(hl::kCompSdxl)->found);
    QVERIFY(!hl::discoverModels(root("nowhere.safetensors").string()).status(hl::kCompSdxl)->found);
  }

  void comfyRootComplete() {
    fs::path m = root("comfy/models");
    comfyRoot(m);
    hl::ModelSet s = hl::discoverModels(m.string());
    QVERIFY2(s.complete(), s.report().c_str());
    QVERIFY(s.canGenerate());
    QVERIFY(s.canMakeIdentity());
    QCOMPARE(int(s.sdxlFormat), int(hl::SdxlFormat::SingleFile));
    QCOMPARE(fs::path(s.sdxlPath).filename().string(), std::string("a_sdxl.safetensors"));
    QCOMPARE(s.checkpointAlternatives.size(), size_t(1));
    QCOMPARE(s.hyperLoraVariant, std::string("sdxl_hyper_id_lora_v1_fidelity"));  // preferred
    QCOMPARE(s.hyperLoraVariants.size(), size_t(2));
    QVERIFY(!s.hyperLoraHasBase);
    QVERIFY(QString::fromStdString(s.status(hl::kCompHyperLora)->detail).contains("no Base-LoRA"));
    QCOMPARE(s.loras.size(), size_t(1));
    QCOMPARE(fs::path(s.tokenizerVocab).parent_path().filename().string(),
             std::string("clip_vit_large_14"));
    // The ComfyUI installation folder (parent of models/) works as well.
    hl::ModelSet s2 = hl::discoverModels(root("comfy").string());
    QVERIFY(s2.complete());
  }

  void comfyRootPreferences() {
    fs::path m = root("comfy/models");
    comfyRoot(m);
    hl::DiscoveryOptions o;
    o.preferredCheckpoint = "b_realvis.safetensors";
    o.preferredVariant = "sdxl_hyper_id_lora_v1_edit";
    hl::ModelSet s = hl::discoverModels(m.string(), o);
    QCOMPARE(fs::path(s.sdxlPath).filename().string(), std::string("b_realvis.safetensors"));
    QCOMPARE(s.hyperLoraVariant, std::string("sdxl_hyper_id_lora_v1_edit"));
  }

  void comfyTokenizerBesideModels() {
    fs::path c = root("comfy2");
    comfyRoot(c / "models");
    fs::remove(c / "models" / "hyper_lora" / "clip_vit" / "clip_vit_large_14" / "vocab.json");
    touch(c / "comfy" / "sd1_tokenizer" / "vocab.json", "{}");
    touch(c / "comfy" / "sd1_tokenizer" / "merges.txt");
    hl::ModelSet s = hl::discoverModels((c / "models").string());
    QCOMPARE(s.tokenizerVocab, (c / "comfy" / "sd1_tokenizer" / "vocab.json").string());
  }

  void comfyMissingFaceModels() {
    fs::path m = root("comfy3/models");
    comfyRoot(m, false);
    hl::ModelSet s = hl::discoverModels(m.string());
    QVERIFY(!s.canMakeIdentity());
    QVERIFY(s.canGenerate());
    const auto* f = s.status(hl::kCompFaces);
    QVERIFY(!f->found);
    QVERIFY2(QString::fromStdString(f->detail).contains("missing 2d106det.onnx, glintr100.onnx"),
             f->detail.c_str());
    const QString report = QString::fromStdString(s.report());
    QVERIFY(report.contains("looked in: " + QString::fromStdString((m / "insightface" / "models" / "antelopev2").string())));
    QVERIFY(report.contains("antelopev2 pack"));  // where to get it
  }

  void explicitOverrides() {
    fs::path m = root("comfy4/models");
    comfyRoot(m);
    fs::path d = root("elsewhere/sdxl");
    diffusersFolder(d);
    hl::DiscoveryOptions o;
    o.sdxl = d.string();
    o.tokenizer = (d / "tokenizer").string();
    o.hyperLora = (m / "hyper_lora" / "hyper_lora" / "sdxl_hyper_id_lora_v1_edit").string();
    hl::ModelSet s = hl::discoverModels(m.string(), o);
    QCOMPARE(s.sdxlPath, d.string());
    QCOMPARE(int(s.sdxlFormat), int(hl::SdxlFormat::DiffusersFolder));
    QCOMPARE(s.hyperLoraVariant, std::string("sdxl_hyper_id_lora_v1_edit"));
    QCOMPARE(s.tokenizerVocab, (d / "tokenizer" / "vocab.json").string());
  }

  void emptyFolderReportsEverything() {
    fs::path e = root("empty");
    fs::create_directories(e);
    hl::ModelSet s = hl::discoverModels(e.string());
    QVERIFY(!s.canGenerate());
    for (const auto& c : s.components) QVERIFY2(!c.found, c.component.c_str());
    const QString report = QString::fromStdString(s.report());
    for (const char* c : {hl::kCompSdxl, hl::kCompTokenizer, hl::kCompHyperLora,
                          hl::kCompClipVision, hl::kCompFaces})
      QVERIFY2(report.contains(QString("[missing] ") + c), qPrintable(report));
    QVERIFY(report.contains("models/checkpoints/"));
    QVERIFY(report.contains("clip-vit-large-patch14"));
  }
};

QTEST_APPLESS_MAIN(TestDiscovery)
#include "test_discovery.moc"
