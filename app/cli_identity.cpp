// hyperlora-cli make-lora, and the identity part of generate: reference photos -> ID-LoRA.
#include "cli_identity.h"

#include <cstdio>

#include "clip/clip_image.h"
#include "clip/clip_vision.h"
#include "identity/identity_engine.h"
#include "runtime/runtime.h"
#include "util/error.h"
#include "util/version.h"
#include "vision/antelopev2.h"

namespace hl::cli {

bool parseIdentityOption(const std::vector<std::string>& args, size_t& i, IdentityOptions& o) {
  const std::string& a = args[i];
  auto value = [&]() -> std::string {
    if (i + 1 >= args.size()) throw Error(a + " needs a value");
    return args[++i];
  };
  if (a == "--ref") o.refs.push_back(value());
  else if (a == "--ref-b") o.refsB.push_back(value());
  else if (a == "--mix") o.mix = std::stod(value());
  else if (a == "--faces") o.faces = value();
  else return false;
  return true;
}

BuiltIdentity buildIdentity(const ModelSet& setIn, const IdentityOptions& o) {
  ModelSet set = setIn;
  const std::string facesDir = !o.faces.empty() ? o.faces : set.faceModelsDir;
  if (set.hyperLoraDir.empty() || set.clipVisionDir.empty())
    throw Error("identities need the HyperLoRA and CLIP ViT-L/14 models:\n" + set.report());
  if (facesDir.empty())
    throw Error("identities need face models (insightface antelopev2); none were found:\n" + set.report());
  ScopedTimer total("identity");
  bool testOnly = false;
  faces::FaceModels models = faces::loadFaceModels(facesDir, &testOnly);
  if (testOnly)
    std::fprintf(stderr, "faces: TEST-ONLY models from %s (not ArcFace: identities are not meaningful)\n",
                 facesDir.c_str());
  else
    std::fprintf(stderr, "faces: antelopev2 from %s\n", facesDir.c_str());
  const at::ScalarType dt = at::kFloat;
  ClipVision clip = ClipVision::load(set.clipVisionDir, dt, at::kCPU);
  BuiltIdentity out;
  out.hyper = HyperLora::load(set.hyperLoraDir, clip.config().hiddenSize, dt, at::kCPU);
  const ClipProcessorConfig proc = set.clipProcessorConfig.empty() ? ClipProcessorConfig()
                                                                  : ClipProcessorConfig::fromJson(set.clipProcessorConfig);
  identity::IdentityEngine engine({models.detector.get(), models.landmarker.get(), models.embedder.get()},
                                  &clip, out.hyper.get(), proc);
  identity::IdentityResult a = engine.build(o.refs);
  std::fputs(a.report().c_str(), stderr);
  out.a = a.tokens;
  out.base = a.baseTokens;
  out.tokens = a.tokens.tokens;
  if (!o.refsB.empty()) {
    identity::IdentityResult b = engine.build(o.refsB);
    std::fputs(b.report().c_str(), stderr);
    out.b = b.tokens;
    // Mixing the pre-normalisation means keeps the mix on the unit sphere HyperLoRA trained on.
    out.tokens = HyperLora::interpolate(out.a, out.b, o.mix, InterpolationMode::MixRawThenNormalize);
    std::fprintf(stderr, "identity mix: %.2f of B\n", o.mix);
  }
  std::fprintf(stderr, "identity from %d of %zu photo(s) in %.2f s\n", a.used(), o.refs.size(), total.seconds());
  return out;
}

int makeLora(const std::vector<std::string>& args) {
  IdentityOptions id;
  std::string models, out;
  for (size_t i = 0; i < args.size(); ++i) {
    if (parseIdentityOption(args, i, id)) continue;
    if (args[i] == "--models" && i + 1 < args.size()) models = args[++i];
    else if (args[i] == "--out" && i + 1 < args.size()) out = args[++i];
    else throw Error("unknown option \"" + args[i] + "\" for make-lora");
  }
  if (models.empty() || out.empty() || !id.any())
    throw Error("make-lora needs --models DIR, at least one --ref PHOTO and --out FILE.safetensors");
  BuiltIdentity b = buildIdentity(discoverModels(models), id);
  const st::NamedTensors lora = b.hyper->makeLora(b.tokens);
  HyperLora::exportLora(out, lora, {{"ss_network_module", "networks.lora"},
                                    {"ss_network_dim", std::to_string(b.hyper->config().loraRank)},
                                    {"ss_network_alpha", std::to_string(b.hyper->config().loraRank / 2.0)},
                                    {"generator", std::string("HyperLoRA Studio ") + HYPERLORA_VERSION}});
  std::fprintf(stderr, "wrote %zu tensors (%zu modules) to %s\n", lora.size(), lora.size() / 12, out.c_str());
  std::printf("%s\n", out.c_str());
  return 0;
}

}  // namespace hl::cli
