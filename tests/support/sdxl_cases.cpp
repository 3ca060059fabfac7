#include "sdxl_cases.h"

#include <ATen/TensorOperators.h>

#include <cstdio>
#include <map>

#include "util/error.h"

namespace hl::golden {
namespace {

using Seen = std::map<std::string, at::Tensor>;

void compareSeen(Comparator& cmp, const GoldenSet& g, const Case& c, const std::vector<std::string>& names,
                 const Seen& seen) {
  for (const auto& name : names) {
    if (name.rfind("intermediate.merged.", 0) == 0) continue;  // checked by the LoRA tests
    auto it = seen.find(name);
    if (it == seen.end())
      throw Error(c.name + ": " + name + " was not recorded by the engine");
    cmp.compare(name, it->second, g.tensor(c, name));
  }
}

}  // namespace

Comparator runTextEncoderCase(const GoldenSet& g, const Case& c, const ClipTextEncoder& enc) {
  const json::Value& e = *c.entry;
  ClipTextOutput out = enc.forward(g.tensor(c, "input.input_ids"));
  Comparator cmp(c.tolerance);
  const int64_t n = e.at("num_hidden_states").asInt();
  if (int64_t(out.hiddenStates.size()) != n)
    throw Error(c.name + ": " + std::to_string(out.hiddenStates.size()) + " hidden states, expected " + std::to_string(n));
  for (int64_t i = 0; i < n; ++i) {
    const std::string name = "output.hidden_states." + std::to_string(i);
    cmp.compare(name, out.hiddenStates[size_t(i)], g.tensor(c, name));
  }
  cmp.compare("output.last_hidden_state", out.lastHiddenState, g.tensor(c, "output.last_hidden_state"));
  const std::string pooledName = e.at("pooled_output").asString();
  cmp.compare(pooledName, enc.config().withProjection ? out.textEmbeds : out.pooled, g.tensor(c, pooledName));
  return cmp;
}

Comparator runUnetCase(const GoldenSet& g, const Case& c, const Unet& unet) {
  UnetInputs in{g.tensor(c, "input.sample"), g.tensor(c, "input.timestep"),
                g.tensor(c, "input.encoder_hidden_states"), g.tensor(c, "input.text_embeds"),
                g.tensor(c, "input.time_ids")};
  Seen seen;
  at::Tensor out = unet.forward(in, [&](const std::string& p, const at::Tensor& v) {
    seen["intermediate." + p] = v;
  });
  Comparator cmp(c.tolerance);
  cmp.compare("output.sample", out, g.tensor(c, "output.sample"));
  compareSeen(cmp, g, c, c.intermediates, seen);
  return cmp;
}

namespace {
UnetInputs unetInputs(const GoldenSet& g, const Case& c) {
  return {g.tensor(c, "input.sample"), g.tensor(c, "input.timestep"),
          g.tensor(c, "input.encoder_hidden_states"), g.tensor(c, "input.text_embeds"),
          g.tensor(c, "input.time_ids")};
}
}  // namespace

Comparator runControlNetCase(const GoldenSet& g, const Case& c, const ControlNet& net) {
  Seen seen;
  const double scale = g.tensor(c, "input.conditioning_scale").item<double>();
  ControlResiduals r = net.forward(unetInputs(g, c), controlImageTensor(g.tensor(c, "input.controlnet_cond_hwc_uint8")),
                                   scale, [&](const std::string& p, const at::Tensor& v) {
                                     seen["intermediate." + p] = v;
                                   });
  Comparator cmp(c.tolerance);
  const int64_t n = c.entry->at("num_down_block_res_samples").asInt();
  if (int64_t(r.down.size()) != n)
    throw Error(c.name + ": " + std::to_string(r.down.size()) + " residuals, expected " + std::to_string(n));
  for (size_t i = 0; i < r.down.size(); ++i) {
    const std::string name = "output.down_block_res_samples." + std::to_string(i);
    cmp.compare(name, r.down[i], g.tensor(c, name));
  }
  cmp.compare("output.mid_block_res_sample", r.mid, g.tensor(c, "output.mid_block_res_sample"));
  compareSeen(cmp, g, c, c.intermediates, seen);
  return cmp;
}

Comparator runUnetControlNetCase(const GoldenSet& g, const Case& c, const Unet& unet) {
  ControlResiduals r;
  for (size_t i = 0;; ++i) {
    const std::string name = "input.down_block_res_samples." + std::to_string(i);
    if (!g.hasTensor(c, name)) break;
    r.down.push_back(g.tensor(c, name));
  }
  r.mid = g.tensor(c, "input.mid_block_res_sample");
  Seen seen;
  at::Tensor out = unet.forward(unetInputs(g, c), [&](const std::string& p, const at::Tensor& v) {
    seen["intermediate." + p] = v;
  }, &r);
  Comparator cmp(c.tolerance);
  cmp.compare("output.sample", out, g.tensor(c, "output.sample"));
  compareSeen(cmp, g, c, c.intermediates, seen);
  return cmp;
}

Comparator runVaeCase(const GoldenSet& g, const Case& c, const Vae& vae) {
  Seen seen;
  auto tap = [&](const std::string& p, const at::Tensor& v) { seen["intermediate." + p] = v; };
  Comparator cmp(c.tolerance);
  if (c.kind == "vae_encode") {
    LatentDistribution d = vae.encode(g.tensor(c, "input.image"), tap);
    cmp.compare("output.mean", d.mean, g.tensor(c, "output.mean"));
    cmp.compare("output.logvar", d.logvar, g.tensor(c, "output.logvar"));
    cmp.compare("output.std", d.std, g.tensor(c, "output.std"));
  } else {
    cmp.compare("output.image", vae.decode(g.tensor(c, "input.latent"), tap), g.tensor(c, "output.image"));
  }
  compareSeen(cmp, g, c, c.intermediates, seen);
  return cmp;
}

GenerateRequest pipelineRequest(const GoldenSet& g, const Case& c, const ControlNet* controlnet) {
  const json::Value& e = *c.entry;
  GenerateRequest r;
  r.prompt = e.at("prompt").asString();
  r.promptSyntax = PromptSyntax::Literal;  // diffusers reads parentheses as text
  r.zeroNegative = e.at("negative_prompt").isNull();
  if (!r.zeroNegative) r.negativePrompt = e.at("negative_prompt").asString();
  r.width = int(e.at("width").asInt());
  r.height = int(e.at("height").asInt());
  r.steps = int(e.at("steps").asInt());
  r.guidanceScale = e.at("guidance_scale").asDouble();
  r.guidanceRescale = e.at("guidance_rescale").asDouble();
  r.sampler = parseSamplerKind(e.at("scheduler").asString());
  r.originalHeight = int(e.at("original_size").at(0).asInt());
  r.originalWidth = int(e.at("original_size").at(1).asInt());
  r.cropTop = int(e.at("crops_coords_top_left").at(0).asInt());
  r.cropLeft = int(e.at("crops_coords_top_left").at(1).asInt());
  r.targetHeight = int(e.at("target_size").at(0).asInt());
  r.targetWidth = int(e.at("target_size").at(1).asInt());
  if (g.hasTensor(c, "input.latents")) r.initialLatents = g.tensor(c, "input.latents");
  for (int i = 0; i < 2 * r.steps; ++i) {
    char n[32];
    std::snprintf(n, sizeof n, "input.noise.%02d", i);
    if (g.hasTensor(c, n)) r.ancestralNoise.push_back(g.tensor(c, n));
  }
  // img2img and inpainting: the image (u8 -> [-1, 1]), the mask (u8 / 255), strength, draws.
  if (g.hasTensor(c, "input.image_hwc_uint8")) {
    r.initImage = g.tensor(c, "input.image_hwc_uint8").permute({2, 0, 1}).unsqueeze(0).to(at::kFloat) / 255.0 * 2.0 - 1.0;
    r.strength = e.at("strength").asDouble();
    r.vaeSampleNoise = g.tensor(c, "input.vae_sample_noise");
    r.addedNoise = g.tensor(c, "input.added_noise");
  }
  if (g.hasTensor(c, "input.mask_hw_uint8")) {
    r.mask = g.tensor(c, "input.mask_hw_uint8").unsqueeze(0).unsqueeze(0).to(at::kFloat) / 255.0;
    r.maskedImageVaeSampleNoise = g.tensor(c, "input.masked_image_vae_sample_noise");
  }
  if (controlnet) {
    ControlInput ci;
    ci.net = controlnet;
    ci.image = controlImageTensor(g.tensor(c, "input.control_image_hwc_uint8"));
    ci.scale = e.at("controlnet_conditioning_scale").asDouble();
    ci.start = e.at("control_guidance_start").asDouble();
    ci.end = e.at("control_guidance_end").asDouble();
    r.controls.push_back(ci);
  }
  return r;
}

Comparator runPipelineCase(const GoldenSet& g, const Case& c, SdxlPipeline& p,
                           const ControlNet* controlnet) {
  const GenerateRequest r = pipelineRequest(g, c, controlnet);
  Seen seen;
  GenerateResult out = p.generate(r, {}, nullptr, [&](const std::string& name, const at::Tensor& v) {
    seen[name.rfind("step.", 0) == 0 ? name : "intermediate." + name] = v;
  });
  seen["output.image"] = out.image;
  Comparator cmp(c.tolerance);
  compareSeen(cmp, g, c, c.expected(), seen);
  return cmp;
}

}  // namespace hl::golden
