// The xinsir union/ProMax ControlNet format against diffusers' ControlNetUnionModel: a tiny
// random model with the released key names (tests/data/controlnet_union, written by
// scripts/make-union-reference.py), one control image on a batch of two different rows (the
// fusion transformer attends across the batch) and two fused images with their own scales.
// Loaded from its folder and from the weights file alone (config inferred).
#include <ATen/ops/cat.h>

#include <cstdio>
#include <map>

#include "check.h"
#include "golden.h"
#include "safetensors/safetensors.h"
#include "sdxl/controlnet.h"
#include "tensor/tensor_io.h"
#include "util/json.h"

using namespace hl;

namespace {

const std::string kDir = HL_TEST_DATA "/controlnet_union";

struct Reference {
  std::shared_ptr<st::File> file = st::File::open(kDir + "/cases.safetensors");
  at::Tensor get(const std::string& name) const { return st::view(file, name).clone(); }
};

UnetConfig ownUnet() {
  return ControlNetConfig::fromJson(json::parseFile(kDir + "/config.json")).unet;
}

ControlNet load(const std::string& path) {
  const Place p = golden::testPlace(Component::ControlNet);
  return ControlNet::load(path, ownUnet(), p.dtype, p.device);
}

UnetInputs inputs(const Reference& ref) {
  return {ref.get("input.sample"), ref.get("input.timestep"),
          ref.get("input.encoder_hidden_states"), ref.get("input.text_embeds"),
          ref.get("input.time_ids")};
}

std::vector<ControlImage> images(const Reference& ref, const std::string& c) {
  const at::Tensor types = ref.get(c + ".control_types"), scales = ref.get(c + ".scales");
  std::vector<ControlImage> out;
  for (int64_t i = 0; i < types.numel(); ++i)
    out.push_back({controlImageTensor(ref.get("input.image" + std::to_string(i) + "_hwc_uint8")),
                   int(types[i].item<int64_t>()), scales[i].item<double>()});
  return out;
}

void runCases(const ControlNet& net) {
  const Reference ref;
  for (const std::string c : {"single", "fused"}) {
    test::Scope scope(c);
    std::map<std::string, at::Tensor> taps;
    const nn::Tap tap = [&](const std::string& n, const at::Tensor& v) { taps[n] = v; };
    const ControlResiduals r = net.forward(inputs(ref), images(ref, c), tap);
    golden::Comparator cmp("module");
    for (size_t j = 0; j < r.down.size(); ++j) {
      const std::string n = "output.down_block_res_samples." + std::to_string(j);
      cmp.compare(n, r.down[j], ref.get(c + "." + n));
    }
    HL_CHECK_EQ(int64_t(r.down.size()), net.config().numResiduals());
    cmp.compare("output.mid_block_res_sample", r.mid, ref.get(c + ".output.mid_block_res_sample"));
    for (const char* n : {"control_add_embedding", "transformer_layes"})
      cmp.compare(n, taps.at(n), ref.get(c + ".intermediate." + n));
    HL_CHECK_MSG(cmp.ok(), cmp.report());
    if (const golden::Comparison* w = cmp.worst())
      std::printf("  %s: worst %s max|diff| %.3g\n", c.c_str(), w->name.c_str(), w->maxDiff);
  }
}

}  // namespace

HL_TEST(unionFromFolder) {
  const ControlNet net = load(kDir);
  HL_CHECK(net.config().isUnion());
  HL_CHECK_EQ(net.config().unionModel.numControlTypes, int64_t(8));
  HL_CHECK_EQ(net.config().unionModel.layers, int64_t(2));
  runCases(net);
}

HL_TEST(unionFromSingleFileInfersItsConfig) {
  auto f = st::File::open(kDir + "/diffusion_pytorch_model.safetensors");
  const ControlNetConfig inferred = ControlNetConfig::infer(*f, ownUnet());
  const ControlNetConfig own = ControlNetConfig::fromJson(json::parseFile(kDir + "/config.json"));
  HL_CHECK_EQ(json::dump(inferred.toJson()), json::dump(own.toJson()));
  runCases(load(kDir + "/diffusion_pytorch_model.safetensors"));
}

HL_TEST(unionInputErrorsAreSpecific) {
  const ControlNet net = load(kDir);
  const Reference ref;
  std::vector<ControlImage> im = images(ref, "fused");
  im[1].type = -1;
  HL_CHECK_THROWS_WITH("give every control image a control type, or none",
                       net.forward(inputs(ref), im));
  im[1].type = 8;
  HL_CHECK_THROWS_WITH("control type 'type 8' is not one of this model's 8 types",
                       net.forward(inputs(ref), im));
  im = images(ref, "single");
  im[0].image = im[0].image.narrow(2, 0, 32);
  HL_CHECK_THROWS_WITH("the control image must be 64x64 with 3 channels",
                       net.forward(inputs(ref), im));
}

HL_TEST(unionControlTypeNames) {
  HL_CHECK_EQ(unionControlType("canny"), 3);
  HL_CHECK_EQ(unionControlType("mlsd"), 3);
  HL_CHECK_EQ(unionControlType("hed"), 2);
  HL_CHECK_EQ(unionControlType("openpose"), 0);
  HL_CHECK_EQ(unionControlType("inpaint"), 7);
  HL_CHECK_EQ(unionControlType("auto"), -1);
  HL_CHECK_EQ(unionControlType("nonsense"), -1);
  HL_CHECK_EQ(int(unionControlTypeNames().size()), 8);
  for (size_t i = 0; i < unionControlTypeNames().size(); ++i)
    HL_CHECK_EQ(unionControlType(unionControlTypeNames()[i]), int(i));
}
