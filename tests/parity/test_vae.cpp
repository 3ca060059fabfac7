// Every `vae_encode` / `vae_decode` case, the legacy attention names, and tiled decoding.
#include <ATen/TensorOperators.h>
#include <ATen/core/Generator.h>
#include <ATen/ops/equal.h>
#include <ATen/ops/randn.h>
#include <torch/csrc/api/include/torch/utils.h>

#include <map>

#include "check.h"
#include "golden.h"
#include "sdxl_cases.h"
#include "tensor/tensor_io.h"

using namespace hl;

void runCases(const std::string& kind,
              const std::function<std::string(const std::string&)>& weightsFor) {
  const golden::GoldenSet& g = golden::set();
  auto cases = g.casesOfKind(kind);
  HL_CHECK(!cases.empty());
  for (const golden::Case* c : cases) {
    const json::Value& e = *c->entry;
    Vae vae = Vae::load(g.path(e.at("config").asString()),
                        weightsFor(g.path(e.at("weights").asString())), golden::testPlace(Component::Vae).dtype, golden::testPlace(Component::Vae).device);
    HL_CHECK_EQ(vae.config().scalingFactor, e.at("scaling_factor").asDouble());
    golden::Comparator cmp = golden::runVaeCase(g, *c, vae);
    HL_CHECK_MSG(cmp.ok(), (c->name + ":\n" + cmp.report()).c_str());
    hl::test::infof("%s: %s", c->name.c_str(), cmp.report().c_str());
  }
}

HL_TEST(encodeCases) {
  runCases("vae_encode", [](const std::string& p) { return p; });
}
HL_TEST(decodeCases) {
  runCases("vae_decode", [](const std::string& p) { return p; });
}

// The same weights saved under the old query/key/value/proj_attn names load identically.
HL_TEST(legacyAttentionNames) {
  hl::test::TempDir tmp;
  const std::string legacy = tmp.path() + "/legacy.safetensors";
  runCases("vae_decode", [&](const std::string& p) {
    auto f = st::File::open(p);
    st::NamedTensors out;
    for (const auto& t : f->tensors()) {
      std::string n = t.name;
      for (auto [from, to] : {std::pair<std::string, std::string>{".to_q.", ".query."},
                              {".to_k.", ".key."},
                              {".to_v.", ".value."},
                              {".to_out.0.", ".proj_attn."}}) {
        size_t pos = n.find(from);
        if (pos != std::string::npos) n = n.substr(0, pos) + to + n.substr(pos + from.size());
      }
      out.emplace_back(n, st::view(f, t));
    }
    st::writeTensors(legacy, out);
    return legacy;
  });
}

HL_TEST(tiledDecodeMatchesUntiled) {
  const golden::GoldenSet& g = golden::set();
  const golden::Case& c = *g.casesOfKind("vae_decode").front();
  const json::Value& e = *c.entry;
  Vae vae = Vae::load(g.path(e.at("config").asString()), g.path(e.at("weights").asString()),
                      golden::testPlace(Component::Vae).dtype, golden::testPlace(Component::Vae).device);
  at::manual_seed(7);
  at::Tensor z = at::randn({1, vae.config().latentChannels, 24, 40});
  at::Tensor full = vae.decode(z);
  // One tile covering everything is exactly the untiled decoder.
  HL_CHECK(at::equal(vae.decodeTiled(z, 64, 8), full));
  // Real tiles: GroupNorm statistics are per tile, so results differ slightly; the blend keeps
  // the difference small everywhere and there are no seams.
  at::Tensor tiled = vae.decodeTiled(z, 16, 6);
  HL_CHECK_EQ(tiled.sizes(), full.sizes());
  const double range = (full.max() - full.min()).item<double>();
  const double meanErr = (tiled - full).abs().mean().item<double>() / range;
  hl::test::infof("tiled vs untiled: mean |diff| = %.4f of the value range", meanErr);
  HL_CHECK_MSG(meanErr < 0.05, std::to_string(meanErr));
}
