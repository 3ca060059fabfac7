#include <filesystem>
#include <fstream>

#include "check.h"
#include "models/discovery.h"
#include "safetensors/safetensors.h"

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
                           ? "diffusion_pytorch_model"
                           : "model";
    if (std::string(sub) == "vae" && !withVae) continue;
    // The Hub's fp16 variant naming is accepted too.
    touch(d / sub /
          (stem + (std::string(sub) == "text_encoder_2" ? ".fp16.safetensors" : ".safetensors")));
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

hl::test::TempDir tmp_;
fs::path root(const char* name) {
  return fs::path(tmp_.path()) / name;
}

HL_TEST(diffusersFolderFound) {
  fs::path d = root("sdxl-diffusers");
  diffusersFolder(d);
  hl::ModelSet s = hl::discoverModels(d.string());
  HL_CHECK_EQ(int(s.sdxlFormat), int(hl::SdxlFormat::DiffusersFolder));
  HL_CHECK_EQ(s.sdxlPath, d.string());
  HL_CHECK(s.canGenerate());
  HL_CHECK_EQ(s.tokenizerVocab, (d / "tokenizer" / "vocab.json").string());
  // Only the SDXL part is given: the identity parts are reported missing, not invented.
  HL_CHECK(!s.canMakeIdentity());
  HL_CHECK(!s.complete());
  HL_CHECK(!s.status(hl::kCompHyperLora)->found);
}

HL_TEST(diffusersFolderMissingFile) {
  fs::path d = root("sdxl-novae");
  diffusersFolder(d, false);
  hl::ModelSet s = hl::discoverModels(d.string());
  HL_CHECK_EQ(int(s.sdxlFormat), int(hl::SdxlFormat::None));
  const auto* st = s.status(hl::kCompSdxl);
  HL_CHECK(!st->found);
  HL_CHECK_MSG(hl::test::contains(st->detail, "vae/diffusion_pytorch_model.safetensors"),
               st->detail.c_str());
  HL_CHECK(hl::test::contains(s.report(), "[missing] SDXL checkpoint"));
}

HL_TEST(singleFileFound) {
  fs::path f = root("single/model.safetensors");
  tensorFile(f, "model.diffusion_model.input_blocks.0.0.weight");
  hl::ModelSet s = hl::discoverModels(f.string());
  HL_CHECK_EQ(int(s.sdxlFormat), int(hl::SdxlFormat::SingleFile));
  HL_CHECK_EQ(s.sdxlPath, f.string());
  // No tokenizer next to a bare single file: say so, and where it was looked for.
  const auto* tok = s.status(hl::kCompTokenizer);
  HL_CHECK(!tok->found);
  HL_CHECK(!s.canGenerate());
  HL_CHECK(hl::test::contains(s.report(), "vocab.json"));
}

HL_TEST(singleFileNotSdxl) {
  fs::path f = root("notsdxl/model.safetensors");
  tensorFile(f, "encoder.weight");
  hl::ModelSet s = hl::discoverModels(f.string());
  HL_CHECK_EQ(int(s.sdxlFormat), int(hl::SdxlFormat::None));
  HL_CHECK(
      hl::test::contains(s.status(hl::kCompSdxl)->detail, "not an SDXL single-file checkpoint"));
  fs::path g = root("garbage.safetensors");
  touch(g, "not a safetensors file at all");
  HL_CHECK(!hl::discoverModels(g.string()).status(hl::kCompSdxl)->found);
  HL_CHECK(!hl::discoverModels(root("nowhere.safetensors").string()).status(hl::kCompSdxl)->found);
}

HL_TEST(comfyRootComplete) {
  fs::path m = root("comfy/models");
  comfyRoot(m);
  hl::ModelSet s = hl::discoverModels(m.string());
  HL_CHECK_MSG(s.complete(), s.report().c_str());
  HL_CHECK(s.canGenerate());
  HL_CHECK(s.canMakeIdentity());
  HL_CHECK_EQ(int(s.sdxlFormat), int(hl::SdxlFormat::SingleFile));
  HL_CHECK_EQ(fs::path(s.sdxlPath).filename().string(), std::string("a_sdxl.safetensors"));
  HL_CHECK_EQ(s.checkpointAlternatives.size(), size_t(1));
  HL_CHECK_EQ(s.hyperLoraVariant, std::string("sdxl_hyper_id_lora_v1_fidelity"));  // preferred
  HL_CHECK_EQ(s.hyperLoraVariants.size(), size_t(2));
  HL_CHECK(!s.hyperLoraHasBase);
  HL_CHECK(hl::test::contains(s.status(hl::kCompHyperLora)->detail, "no Base-LoRA"));
  HL_CHECK_EQ(s.loras.size(), size_t(1));
  HL_CHECK_EQ(fs::path(s.tokenizerVocab).parent_path().filename().string(),
              std::string("clip_vit_large_14"));
  // The ComfyUI installation folder (parent of models/) works as well.
  hl::ModelSet s2 = hl::discoverModels(root("comfy").string());
  HL_CHECK(s2.complete());
  HL_CHECK(s.unsupported.empty());
}

HL_TEST(comfyRootListsPicklesAsNotRead) {
  fs::path m = root("comfy-pickles/models");
  comfyRoot(m);
  touch(m / "checkpoints" / "old_sd15.ckpt", std::string("\x80\x02}q\x00.", 6));
  touch(m / "loras" / "style.pt", std::string("PK\x03\x04rest", 8));
  touch(m / "loras" / "mislabelled.safetensors", "<html><body>404</body></html>");
  hl::ModelSet s = hl::discoverModels(m.string());
  HL_CHECK_MSG(s.complete(), s.report().c_str());  // the safetensors files are still used
  HL_CHECK_EQ(s.unsupported.size(), size_t(3));
  const std::string r = s.report();
  HL_CHECK_MSG(hl::test::contains(r, "[not read] " + (m / "checkpoints" / "old_sd15.ckpt").string() +
                                          ": a Python pickle"), r);
  HL_CHECK_MSG(hl::test::contains(r, "style.pt: a PyTorch checkpoint"), r);
  HL_CHECK_MSG(hl::test::contains(r, "mislabelled.safetensors: a web page"), r);
  HL_CHECK(hl::test::contains(r, "never opens them"));
  // Given explicitly, the pickle is refused with the same words.
  hl::DiscoveryOptions o;
  o.sdxl = (m / "checkpoints" / "old_sd15.ckpt").string();
  hl::ModelSet e = hl::discoverModels(m.string(), o);
  HL_CHECK(!e.canGenerate());
  HL_CHECK_MSG(hl::test::contains(e.status(hl::kCompSdxl)->detail, "old_sd15.ckpt is a Python pickle"),
               e.report().c_str());
}

HL_TEST(comfyRootPreferences) {
  fs::path m = root("comfy/models");
  comfyRoot(m);
  hl::DiscoveryOptions o;
  o.preferredCheckpoint = "b_realvis.safetensors";
  o.preferredVariant = "sdxl_hyper_id_lora_v1_edit";
  hl::ModelSet s = hl::discoverModels(m.string(), o);
  HL_CHECK_EQ(fs::path(s.sdxlPath).filename().string(), std::string("b_realvis.safetensors"));
  HL_CHECK_EQ(s.hyperLoraVariant, std::string("sdxl_hyper_id_lora_v1_edit"));
}

HL_TEST(comfyTokenizerBesideModels) {
  fs::path c = root("comfy2");
  comfyRoot(c / "models");
  fs::remove(c / "models" / "hyper_lora" / "clip_vit" / "clip_vit_large_14" / "vocab.json");
  touch(c / "comfy" / "sd1_tokenizer" / "vocab.json", "{}");
  touch(c / "comfy" / "sd1_tokenizer" / "merges.txt");
  hl::ModelSet s = hl::discoverModels((c / "models").string());
  HL_CHECK_EQ(s.tokenizerVocab, (c / "comfy" / "sd1_tokenizer" / "vocab.json").string());
}

HL_TEST(comfyMissingFaceModels) {
  fs::path m = root("comfy3/models");
  comfyRoot(m, false);
  hl::ModelSet s = hl::discoverModels(m.string());
  HL_CHECK(!s.canMakeIdentity());
  HL_CHECK(s.canGenerate());
  const auto* f = s.status(hl::kCompFaces);
  HL_CHECK(!f->found);
  HL_CHECK_MSG(hl::test::contains(f->detail, "missing 2d106det.onnx, glintr100.onnx"),
               f->detail.c_str());
  const std::string report = std::string(s.report());
  HL_CHECK(hl::test::contains(
      report, "looked in: " + std::string((m / "insightface" / "models" / "antelopev2").string())));
  HL_CHECK(hl::test::contains(report, "antelopev2 pack"));  // where to get it
}

HL_TEST(explicitOverrides) {
  fs::path m = root("comfy4/models");
  comfyRoot(m);
  fs::path d = root("elsewhere/sdxl");
  diffusersFolder(d);
  hl::DiscoveryOptions o;
  o.sdxl = d.string();
  o.tokenizer = (d / "tokenizer").string();
  o.hyperLora = (m / "hyper_lora" / "hyper_lora" / "sdxl_hyper_id_lora_v1_edit").string();
  hl::ModelSet s = hl::discoverModels(m.string(), o);
  HL_CHECK_EQ(s.sdxlPath, d.string());
  HL_CHECK_EQ(int(s.sdxlFormat), int(hl::SdxlFormat::DiffusersFolder));
  HL_CHECK_EQ(s.hyperLoraVariant, std::string("sdxl_hyper_id_lora_v1_edit"));
  HL_CHECK_EQ(s.tokenizerVocab, (d / "tokenizer" / "vocab.json").string());
}

HL_TEST(emptyFolderReportsEverything) {
  fs::path e = root("empty");
  fs::create_directories(e);
  hl::ModelSet s = hl::discoverModels(e.string());
  HL_CHECK(!s.canGenerate());
  for (const auto& c : s.components) HL_CHECK_MSG(!c.found, c.component.c_str());
  const std::string report = std::string(s.report());
  for (const char* c :
       {hl::kCompSdxl, hl::kCompTokenizer, hl::kCompHyperLora, hl::kCompClipVision, hl::kCompFaces})
    HL_CHECK_MSG(hl::test::contains(report, std::string("[missing] ") + c), std::string(report));
  HL_CHECK(hl::test::contains(report, "models/checkpoints/"));
  HL_CHECK(hl::test::contains(report, "clip-vit-large-patch14"));
}
