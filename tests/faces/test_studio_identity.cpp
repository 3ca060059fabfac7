// The studio session with identities, headless (no Qt): photos -> identity, generate, slider
// moves that re-merge only the ID-LoRA's weights (nothing reloaded, no face or CLIP work), the
// A <-> B mix, the Base-LoRA, a user LoRA beside the identity, export, and everything removed
// again with the weights restored bit for bit. Demo pack + the fetched test-only face models.
#include <ATen/ATen.h>

#include <algorithm>
#include <filesystem>

#include "check.h"
#include "face_data.h"
#include "models/configs.h"
#include "models/demo_pack.h"
#include "sdxl/pipeline.h"
#include "studio/session.h"
#include "tensor/tensor_io.h"
#include "test_photos.h"

using namespace hl;
using namespace hl::studio;

namespace {

test::TempDir tmp_;
std::string data_, pack_, userLora_;
std::vector<std::string> userWeights_;
StudioSession* session_ = nullptr;

ModelChoice choice() {
  ModelChoice c;
  c.root = pack_;
  c.facesDir = data_;
  c.placement.device = "cpu";
  c.placement.precision = Precision::Float32;
  return c;
}

GenerationSettings settings() {
  GenerationSettings s;
  s.prompt = "a portrait";
  s.width = s.height = 64;
  s.steps = 2;
  s.seed = 3;
  s.identity.nameA = "Grace";
  s.identity.photosA = {data_ + "/grace_hopper.jpg"};
  return s;
}

// A user LoRA on the transformer blocks' feed-forward output layers: weights the ID-LoRA (which
// targets the attention projections) never touches.
void writeUserLora(const nn::Weights& unet, const UnetConfig& cfg) {
  st::NamedTensors t;
  at::manual_seed(4);
  for (const auto& m : unetAttentionModules(cfg)) {
    if (m.path.substr(m.path.size() - 6) != ".attn1") continue;
    const std::string block = m.path.substr(0, m.path.size() - 6) + ".ff.net.2";
    const at::Tensor& w = unet.get(block + ".weight");
    const std::string k = kohyaName(block);
    t.emplace_back(k + ".lora_down.weight", at::randn({2, w.size(1)}) * 0.1);
    t.emplace_back(k + ".lora_up.weight", at::randn({w.size(0), 2}) * 0.1);
    userWeights_.push_back(block + ".weight");
  }
  st::writeTensors(userLora_, t);
}

}  // namespace

HL_SETUP() {
  data_ = test::requireFaceData();
  pack_ = tmp_.path() + "/pack";
  writeDemoPack(pack_);
  static StudioSession session;
  session_ = &session;
  session.open(choice());
  userLora_ = tmp_.path() + "/user.safetensors";
  writeUserLora(session.pipeline().unet().weights(), session.pipeline().unet().config());
}

HL_TEST(identityFromPhotos) {
  StudioSession& s = *session_;
  const IdentityState& a =
      s.setIdentity(0, {data_ + "/grace_hopper.jpg", data_ + "/astronaut.png"});
  HL_CHECK(a.ready);
  HL_CHECK_EQ(a.prepared.size(), size_t(2));
  HL_CHECK(a.prepared[0].used && a.prepared[1].used);
  HL_CHECK(a.prepared[0].box[2] > 20);
  HL_CHECK_EQ(a.face.size(), size_t(512));
  HL_CHECK_EQ(s.stats().identityBuilds, 1);
  HL_CHECK(s.faces()->testOnly());
  // The same photos again: nothing is recomputed.
  s.setIdentity(0, {data_ + "/grace_hopper.jpg", data_ + "/astronaut.png"});
  HL_CHECK_EQ(s.stats().identityBuilds, 1);
  // A photo without a face: the state says why, nothing throws.
  const IdentityState& b = s.setIdentity(1, {data_ + "/no-such-photo.jpg"});
  HL_CHECK(!b.ready);
  HL_CHECK(test::contains(b.error, "no usable face"));
  HL_CHECK(test::contains(b.prepared.at(0).message, "not found"));
}

// Every form of photo people drop: the usable ones all show the face, the others are refused
// each with its own message naming the file, and the identity is built from the rest.
HL_TEST(photosOfEveryKindThroughTheEngine) {
  const std::string dir = tmp_.path() + "/photos";
  std::filesystem::create_directories(dir);
  std::vector<std::string> skipped;
  const auto set = test::writeTestPhotos(dir, data_ + "/grace_hopper.jpg", &skipped);
  for (const auto& sk : skipped) test::skipCase(sk, "not in the set here");
  std::vector<std::string> paths;
  size_t usable = 0;
  for (const auto& p : set) {
    paths.push_back(dir + "/" + p.file);
    usable += p.usable;
  }
  const IdentityState& a = session_->setIdentity(1, paths);
  HL_CHECK(a.ready);
  HL_CHECK_EQ(a.prepared.size(), set.size());
  for (size_t i = 0; i < set.size(); ++i) {
    const auto& r = a.prepared[i];
    HL_CHECK_MSG(r.used == set[i].usable, set[i].file + ": " + r.message);
    HL_CHECK_MSG(test::contains(r.message, set[i].says), set[i].file + ": " + r.message);
    HL_CHECK_MSG(r.message.find(dir) == std::string::npos, "the path is said once: " + r.message);
  }
  HL_CHECK_EQ(size_t(std::count_if(a.prepared.begin(), a.prepared.end(),
                                   [](const auto& r) { return r.used; })),
              usable);
  session_->setIdentity(1, {});
}

HL_TEST(slidersReMergeOnlyTheIdentityWeights) {
  StudioSession& s = *session_;
  nn::Weights& w = s.pipeline().unet().weights();
  std::map<std::string, at::Tensor> original;
  for (const auto& [name, t] : w.all()) original[name] = t.clone();
  const int loads = s.stats().modelLoads;

  GenerationSettings st = settings();
  st.loras = {{userLora_, 0.7}};
  const Generation g = s.generate(st);
  const size_t idWeights = s.stats().lastStack.merged - userWeights_.size();
  HL_CHECK(idWeights > 0);
  HL_CHECK(g.record.settings.promptSent().rfind(kTriggerWords, 0) == 0);
  HL_CHECK(test::contains(g.record.a1111(), "HyperLoRA strength: 0.85"));
  const int builds = s.stats().identityBuilds, syntheses = s.stats().loraSyntheses;

  // A strength move: the ID-LoRA's weights and nothing else.
  st.identity.strength = 0.5;
  StackReport r = s.applyStack(st);
  HL_CHECK_EQ(r.merged, idWeights);
  HL_CHECK_EQ(r.kept, userWeights_.size());
  HL_CHECK_EQ(s.stats().identityBuilds, builds);    // no face stack, CLIP or resampler
  HL_CHECK_EQ(s.stats().loraSyntheses, syntheses);  // the same LoRA, a new scale
  // The same stack again merges nothing.
  HL_CHECK_EQ(s.applyStack(st).merged, size_t(0));

  // An A <-> B mix: one synthesis, the same weights.
  st.identity.nameB = "Astronaut";
  st.identity.photosB = {data_ + "/astronaut.png"};
  st.identity.mix = 0.3;
  r = s.applyStack(st);
  HL_CHECK_EQ(r.merged, idWeights);
  HL_CHECK_EQ(s.stats().loraSyntheses, syntheses + 1);
  HL_CHECK_EQ(s.stats().identityBuilds, builds + 1);  // B's photos, once

  // The Base-LoRA (the demo variant has one) lands on the same attention weights.
  st.identity.baseLora = true;
  r = s.applyStack(st);
  HL_CHECK_EQ(r.merged, idWeights);
  const Generation withBase = s.generate(st);
  HL_CHECK(withBase.record.baseLoraApplied);
  HL_CHECK(test::contains(withBase.record.a1111(), "HyperLoRA Base-LoRA: True"));

  // Export from the cached identity, the official Save LoRA format.
  const std::string out = tmp_.path() + "/id.safetensors";
  s.exportIdentityLora(st.identity, out);
  const LoraFile f = LoraFile::load(out);
  HL_CHECK(!f.layers.empty());
  HL_CHECK_EQ(f.layers[0].down.scalar_type(), at::kHalf);  // fp16, as the official Save LoRA node
  HL_CHECK_EQ(s.stats().identityBuilds, builds + 1);
  HL_CHECK(!s.identityEnergy(st.identity).empty());

  // Everything off: every weight back to its original bits, and still one model load.
  GenerationSettings none = st;
  none.identity = {};
  none.loras.clear();
  r = s.applyStack(none);
  HL_CHECK_EQ(r.restored, idWeights + userWeights_.size());
  for (const auto& [name, t] : w.all()) HL_CHECK_MSG(at::equal(t, original[name]), name);
  HL_CHECK_EQ(s.stats().modelLoads, loads);
}
