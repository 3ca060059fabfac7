// The weight layouts the project derives from configs must equal the reference files exactly
// (every name and shape), and the reference folders must be discovered and fully validated.
#include <set>

#include "check.h"
#include "golden.h"
#include "models/configs.h"
#include "models/discovery.h"
#include "models/model_check.h"
#include "models/weight_specs.h"
#include "safetensors/safetensors.h"
#include "util/json.h"

using namespace hl;

namespace {

void expectExact(const std::string& path, const WeightSpecs& specs,
                 const std::vector<std::string>& ignore = {}) {
  auto f = st::File::open(path);
  WeightCheck c = checkWeights(*f, specs, ignore);
  HL_CHECK_MSG(c.ok(), c.describe("reference", path).c_str());
}

}  // namespace

golden::GoldenSet g_;
std::string comp(const char* component, const char* key) {
  return g_.path(g_.manifest().at("components").at(component).at(key).asString());
}

HL_SETUP() {
  g_ = golden::set();
}

HL_TEST(sdxlComponents) {
  auto unet = UnetConfig::fromJson(json::parseFile(comp("sdxl", "unet_config")));
  expectExact(comp("sdxl", "unet"), unetWeightSpecs(unet));
  auto vae = VaeConfig::fromJson(json::parseFile(comp("sdxl", "vae_config")));
  expectExact(comp("sdxl", "vae"), vaeWeightSpecs(vae));
  for (const char* te : {"text_encoder", "text_encoder_2"}) {
    auto cfg = ClipTextConfig::fromJson(
        json::parseFile(comp("sdxl", (std::string(te) + "_config").c_str())));
    expectExact(comp("sdxl", te), clipTextWeightSpecs(cfg), {"text_model.embeddings.position_ids"});
  }
}

HL_TEST(clipVision) {
  auto cfg = ClipVisionConfig::fromJson(json::parseFile(comp("clip_vision", "config")));
  expectExact(comp("clip_vision", "weights"), clipVisionWeightSpecs(cfg));
}

HL_TEST(hyperLoraParts) {
  auto clip = ClipVisionConfig::fromJson(json::parseFile(comp("clip_vision", "config")));
  auto cfg =
      HyperLoraConfig::fromJson(json::parseFile(comp("hyperlora", "config")), clip.hiddenSize);
  const std::string listPath = comp("hyperlora", "module_list");
  auto modules = parseHyperLoraModules(json::parseFile(listPath), listPath);
  expectExact(comp("hyperlora", "bases"), hyperLoraBasisSpecs(cfg, modules));
  expectExact(comp("hyperlora", "resampler"),
              resamplerWeightSpecs(cfg, int64_t(modules.size()), 2));
  expectExact(comp("hyperlora", "id_projector"), idProjectorWeightSpecs(cfg));
  if (cfg.hasBaseLora)
    expectExact(comp("hyperlora", "base_resampler"),
                resamplerWeightSpecs(cfg, int64_t(modules.size()), 1));
}

HL_TEST(attentionModulesMatchTheModuleList) {
  auto unet = UnetConfig::fromJson(json::parseFile(comp("sdxl", "unet_config")));
  std::vector<UnetAttentionModule> attn = unetAttentionModules(unet);
  const std::string listPath = comp("hyperlora", "module_list");
  auto modules = parseHyperLoraModules(json::parseFile(listPath), listPath);
  HL_CHECK_EQ(modules.size(), attn.size());
  // Every listed module (diffusers or LDM naming) maps onto one UNet attention module, once,
  // with the same widths.
  std::vector<std::string> mapped;
  std::set<int> used;
  for (const auto& m : modules) {
    int k = findAttentionModule(attn, unet, m.name);
    HL_CHECK_MSG(k >= 0, m.name.c_str());
    HL_CHECK_MSG(used.insert(k).second, m.name.c_str());
    HL_CHECK_EQ(m.hiddenSize, attn[size_t(k)].hiddenSize);
    HL_CHECK_EQ(m.crossAttentionDim, attn[size_t(k)].crossAttentionDim);
    mapped.push_back(attn[size_t(k)].path);
  }
  const json::Value hlCfg = json::parseFile(comp("hyperlora", "config"));
  if (const json::Value* paths = hlCfg.find("diffusers_paths_in_json_order")) {
    std::vector<std::string> listed;
    for (const auto& p : paths->elements()) listed.push_back(p.asString());
    HL_CHECK_EQ(mapped, listed);
  }
  // In diffusers order the file order is exactly unet.attn_processors order.
  if (hlCfg.stringOr("module_order", "").rfind("diffusers", 0) == 0)
    for (size_t i = 0; i < attn.size(); ++i) HL_CHECK_EQ(mapped[i], attn[i].path);
}

HL_TEST(referenceFoldersDiscoveredAndValidated) {
  DiscoveryOptions o;
  o.sdxl = g_.path(g_.manifest().at("components").at("sdxl").at("folder").asString());
  o.tokenizer = g_.path("tokenizer");
  o.clipVision = g_.path(g_.manifest().at("components").at("clip_vision").at("folder").asString());
  o.hyperLora = g_.path(g_.manifest().at("components").at("hyperlora").at("folder").asString());
  ModelSet s = discoverModels("", o);
  HL_CHECK_EQ(int(s.sdxlFormat), int(SdxlFormat::DiffusersFolder));
  HL_CHECK(s.canGenerate());
  ModelSetCheck c = verifyModelSet(s);
  HL_CHECK_MSG(c.ok(), c.report().c_str());
  HL_CHECK(c.files.size() >= 9);
}

HL_TEST(singleFileDiscovered) {
  ModelSet s = discoverModels(comp("single_file", "weights"));
  HL_CHECK_EQ(int(s.sdxlFormat), int(SdxlFormat::SingleFile));
  ModelSetCheck c = verifyModelSet(s);
  HL_CHECK_MSG(c.ok(), c.report().c_str());
}
