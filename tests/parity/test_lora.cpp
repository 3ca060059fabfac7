// Kind `kohya_lora_merge`: merge the kohya LoRA into the UNet, compare merged weights and the UNet
// output; also with single-file weights, with the other naming scheme, and exact restore.
#include <ATen/ops/equal.h>
#include <ATen/ops/full.h>
#include <ATen/ops/zeros.h>

#include <map>

#include "check.h"
#include "golden.h"
#include "lora/lora.h"
#include "sdxl/single_file.h"
#include "sdxl_cases.h"
#include "util/error.h"

using namespace hl;

namespace {

void checkCase(const golden::GoldenSet& g, const golden::Case& c, Unet& unet, const LoraFile& lora,
               const std::string& label, bool runtime = false) {
  const json::Value& e = *c.entry;
  LoraTargets targets(unet.config(), nullptr, nullptr);
  WeightPatcher patcher(&unet.weights(), runtime);
  LoraApplyReport rep =
      applyLora(lora, e.at("strength").asDouble(), targets, &patcher, nullptr, nullptr);
  HL_CHECK_MSG(
      rep.unmatched.empty(),
      (label + ": unmatched " + (rep.unmatched.empty() ? std::string() : rep.unmatched.front()))
          .c_str());
  HL_CHECK_EQ(int64_t(rep.applied), e.at("num_layers").asInt());
  golden::Comparator cmp = golden::runUnetCase(g, c, unet);
  for (const auto& name : c.intermediates) {
    const std::string prefix = "intermediate.merged.";
    if (name.rfind(prefix, 0) != 0) continue;
    const std::string weight = name.substr(prefix.size());
    // At run time the linear weights keep their bits and carry the LoRA as terms instead.
    if (runtime && unet.weights().lowRank(weight)) continue;
    cmp.compare(name, unet.weights().get(weight), g.tensor(c, name));
  }
  HL_CHECK_MSG(cmp.ok(), (label + ":\n" + cmp.report()).c_str());
  hl::test::infof("%s: %s", label.c_str(), cmp.report().c_str());
  patcher.restore();
}

}  // namespace

HL_TEST(mergeAndRestore) {
  const golden::GoldenSet& g = golden::set();
  auto cases = g.casesOfKind("kohya_lora_merge");
  HL_CHECK(!cases.empty());
  for (const golden::Case* c : cases) {
    const json::Value& e = *c->entry;
    Unet unet = Unet::load(g.path(e.at("config").asString()), g.path(e.at("weights").asString()),
                           golden::testPlace(Component::Unet).dtype,
                           golden::testPlace(Component::Unet).device);
    Unet fresh = Unet::load(g.path(e.at("config").asString()), g.path(e.at("weights").asString()),
                            golden::testPlace(Component::Unet).dtype,
                            golden::testPlace(Component::Unet).device);
    LoraFile lora = LoraFile::load(g.path(e.at("lora").asString()));
    checkCase(g, *c, unet, lora, c->name);
    // After restore every weight is bit-identical to a fresh load.
    for (const auto& [name, t] : fresh.weights().all())
      HL_CHECK_MSG(at::equal(unet.weights().get(name), t), name.c_str());
    // Merging twice after a restore gives the same result (no drift).
    checkCase(g, *c, unet, lora, c->name + " (second merge)");

    // The same LoRA under the other naming scheme merges identically.
    const bool ldm = e.at("lora_naming").asString() == "ldm";
    std::vector<std::pair<std::string, at::Tensor>> renamed;
    LoraTargets targets(unet.config(), nullptr, nullptr);
    for (const auto& l : lora.layers) {
      const LoraTargets::Target* t = targets.find(l.module);
      HL_CHECK(t);
      // The original names one scheme; rename into the other.
      const std::string target = ldm ? t->weight : diffusersUnetToLdm(t->weight, unet.config());
      const std::string path = target.substr(0, target.size() - 7);
      std::string k = "lora_unet_" + path;
      for (char& ch : k)
        if (ch == '.') ch = '_';
      HL_CHECK_MSG(k != l.module, k.c_str());
      renamed.push_back({k + ".lora_down.weight", l.down});
      renamed.push_back({k + ".lora_up.weight", l.up});
      if (l.alpha > 0) renamed.push_back({k + ".alpha", at::full({}, l.alpha, at::kFloat)});
    }
    checkCase(g, *c, unet, LoraFile::fromTensors("renamed", renamed), c->name + " (other naming)");

    // With the single-file checkpoint's UNet.
    for (const golden::Case* sf : g.casesOfKind("single_file")) {
      bool rerun = false;
      for (const auto& n : sf->entry->at("rerun_cases").elements())
        rerun |= n.asString() == c->name;
      if (!rerun) continue;
      SingleFileModel m = loadSingleFile(g.path(sf->entry->at("weights").asString()),
                                         golden::testPlace(Component::Unet).dtype,
                                         golden::testPlace(Component::Unet).device,
                                         g.path(sf->entry->at("equivalent_folder").asString()));
      Unet sfUnet(m.unetConfig, m.unet);
      checkCase(g, *c, sfUnet, lora, c->name + " (single-file weights)");
    }
  }
}

// The same cases with the LoRA applied at run time: the UNet output matches the reference, the
// linear weights are never replaced, and restoring drops every term.
HL_TEST(runtimeLora) {
  const golden::GoldenSet& g = golden::set();
  auto cases = g.casesOfKind("kohya_lora_merge");
  HL_CHECK(!cases.empty());
  for (const golden::Case* c : cases) {
    const json::Value& e = *c->entry;
    Unet unet = Unet::load(g.path(e.at("config").asString()), g.path(e.at("weights").asString()),
                           golden::testPlace(Component::Unet).dtype,
                           golden::testPlace(Component::Unet).device);
    std::map<std::string, const void*> before;
    std::map<std::string, at::Tensor> original;
    for (const auto& [name, t] : unet.weights().all())
      before[name] = t.data_ptr(), original[name] = t.clone();
    const LoraFile lora = LoraFile::load(g.path(e.at("lora").asString()));
    LoraTargets targets(unet.config(), nullptr, nullptr);
    WeightPatcher patcher(&unet.weights(), true);
    const LoraApplyReport rep =
        applyLora(lora, e.at("strength").asDouble(), targets, &patcher, nullptr, nullptr);
    HL_CHECK_EQ(int64_t(rep.applied), e.at("num_layers").asInt());
    size_t linears = 0;
    for (const auto& l : lora.layers)
      if (const LoraTargets::Target* t = targets.find(l.module)) {
        const bool linear = unet.weights().get(t->weight).dim() == 2;
        linears += linear;
        HL_CHECK_MSG((unet.weights().lowRank(t->weight) != nullptr) == linear, t->weight.c_str());
        if (linear)
          HL_CHECK_MSG(unet.weights().get(t->weight).data_ptr() == before[t->weight],
                       t->weight.c_str());
      }
    HL_CHECK(linears > 0);
    HL_CHECK_EQ(unet.weights().lowRankWeights(), linears);
    golden::Comparator cmp = golden::runUnetCase(g, *c, unet);
    HL_CHECK_MSG(cmp.ok(), (c->name + " (run time):\n" + cmp.report()).c_str());
    hl::test::infof("%s (run time): %s", c->name.c_str(), cmp.report().c_str());
    patcher.restore();
    HL_CHECK_EQ(unet.weights().lowRankWeights(), size_t(0));
    // (bf16 weights were packed by the run and made plain again here: compared by value)
    for (const auto& [name, t] : unet.weights().all())
      HL_CHECK_MSG(at::equal(t, original[name]), name.c_str());
    // The checkCase path (merged-weight intermediates of the convolutions) at run time too.
    checkCase(g, *c, unet, lora, c->name + " (run time, again)", true);
  }
}

HL_TEST(reportsUnmatchedModules) {
  const golden::GoldenSet& g = golden::set();
  const golden::Case& c = *g.casesOfKind("kohya_lora_merge").front();
  Unet unet = Unet::load(
      g.path(c.entry->at("config").asString()), g.path(c.entry->at("weights").asString()),
      golden::testPlace(Component::Unet).dtype, golden::testPlace(Component::Unet).device);
  LoraTargets targets(unet.config(), nullptr, nullptr);
  WeightPatcher patcher(&unet.weights());
  LoraFile f = LoraFile::fromTensors(
      "x", {{"lora_unet_nonexistent_layer.lora_down.weight", at::zeros({2, 4})},
            {"lora_unet_nonexistent_layer.lora_up.weight", at::zeros({4, 2})}});
  LoraApplyReport r = applyLora(f, 1.0, targets, &patcher, nullptr, nullptr);
  HL_CHECK_EQ(r.applied, size_t(0));
  HL_CHECK_EQ(r.unmatched, std::vector<std::string>{"lora_unet_nonexistent_layer"});
  HL_CHECK_THROWS(hl::Error,
                  LoraFile::fromTensors("y", {{"a.lora_down.weight", at::zeros({2, 4})}}));
}
