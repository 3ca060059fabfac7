// The xinsir union/ProMax ControlNet format against diffusers' ControlNetUnionModel: a tiny
// random model with the released key names (its config and the reference in
// tests/data/controlnet_union, written by scripts/make-union-reference.py; the weights are
// drawn here from their names as the script drew them), one control image on a batch of two
// different rows (the fusion transformer attends across the batch) and two fused images with their
// own scales. Loaded from its folder and from the weights file alone (config inferred).
#include <ATen/ops/cat.h>

#include <cmath>
#include <cstdio>
#include <map>

#include "check.h"
#include "golden.h"
#include "safetensors/safetensors.h"
#include "sdxl/controlnet.h"
#include "tensor/tensor_io.h"
#include "util/fs.h"
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

// The reference model's weights, made here as scripts/make-union-reference.py made them: each
// tensor from its own name (splitmix64 seeded by FNV-1a of the name, Box-Muller normals);
// matrices and convolutions scaled by 1/sqrt(fan in), 1-d weights 1 + 0.1 n, biases 0.1 n.
std::vector<float> draws(const std::string& name, uint64_t n) {
  uint64_t h = 0xCBF29CE484222325ull;
  for (unsigned char b : name) h = (h ^ b) * 0x100000001B3ull;
  auto uniform = [&h] {
    uint64_t z = (h += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return (double((z ^ (z >> 31)) >> 11) + 0.5) * (1.0 / 9007199254740992.0);
  };
  std::vector<float> out(n);
  for (float& v : out) {
    const double u1 = uniform(), u2 = uniform();
    v = float(std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2));
  }
  return out;
}

const std::string& modelDir() {
  static const test::TempDir dir;
  static const bool written = [] {
    const test::TempDir& d = dir;
    const std::string config = json::dump(json::parseFile(kDir + "/config.json"), 2);
    fs::writeAtomic(d.path() + "/config.json", config);
    std::vector<std::vector<float>> data;
    std::vector<st::WriteEntry> entries;
    for (const auto& spec :
         controlNetWeightSpecs(ControlNetConfig::fromJson(json::parse(config)))) {
      uint64_t numel = 1;
      for (int64_t d : spec.shape) numel *= uint64_t(d);
      std::vector<float> v = draws(spec.name, numel);
      const bool matrix = spec.shape.size() > 1;
      const bool weight =
          spec.name.size() > 7 && spec.name.rfind(".weight") == spec.name.size() - 7;
      const double scale = spec.name == "task_embedding" ? 1.0
                           : matrix ? 1.0 / std::sqrt(double(numel / uint64_t(spec.shape[0])))
                                    : 0.1;
      for (float& x : v) x = float((!matrix && weight ? 1.0 : 0.0) + double(x) * scale);
      data.push_back(std::move(v));
      entries.push_back({spec.name, st::DType::F32, spec.shape, data.back().data(),
                         data.back().size() * sizeof(float)});
    }
    st::write(d.path() + "/diffusion_pytorch_model.safetensors", entries, {});
    return true;
  }();
  (void)written;
  return dir.path();
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
  const ControlNet net = load(modelDir());
  HL_CHECK(net.config().isUnion());
  HL_CHECK_EQ(net.config().unionModel.numControlTypes, int64_t(8));
  HL_CHECK_EQ(net.config().unionModel.layers, int64_t(2));
  runCases(net);
}

HL_TEST(unionFromSingleFileInfersItsConfig) {
  const std::string file = modelDir() + "/diffusion_pytorch_model.safetensors";
  auto f = st::File::open(file);
  const ControlNetConfig inferred = ControlNetConfig::infer(*f, ownUnet());
  const ControlNetConfig own = ControlNetConfig::fromJson(json::parseFile(kDir + "/config.json"));
  HL_CHECK_EQ(json::dump(inferred.toJson()), json::dump(own.toJson()));
  runCases(load(file));
}

HL_TEST(unionInputErrorsAreSpecific) {
  const ControlNet net = load(modelDir());
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
