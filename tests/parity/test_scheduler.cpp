// Every `scheduler` case: timesteps, sigmas, noise scale and the whole trajectory of a sampling
// loop driven by the reference's fake model, with every random draw taken from the case.
#include <ATen/TensorOperators.h>
#include <ATen/ops/cos.h>
#include <ATen/ops/full.h>
#include <ATen/ops/tanh.h>
#include <ATen/ops/tensor.h>

#include <cstdio>

#include "check.h"
#include "golden.h"
#include "sdxl/scheduler.h"
#include "util/error.h"

using namespace hl;

namespace {

std::string stepName(int i, const char* what) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "step.%02d.%s", i, what);
  return buf;
}

SamplerKind samplerOf(const golden::Case& c) {
  const std::string name = c.entry->at("scheduler").asString();
  try {
    return parseSamplerKind(name);
  } catch (const Error&) {
    throw golden::NotImplemented("sampler \"" + name + "\" (" +
                                 c.entry->at("scheduler_class").asString() +
                                 ") is not implemented yet");
  }
}

void runSchedulerCase(const golden::GoldenSet& g, const golden::Case& c) {
  const json::Value& e = *c.entry;
  const SamplerKind kind = samplerOf(c);
  SchedulerConfig cfg =
      SchedulerConfig::fromJson(json::parseFile(g.path(e.at("scheduler_config").asString())));
  Sampler s(kind, cfg);
  const int steps = int(e.at("steps").asInt());
  s.setTimesteps(steps);
  golden::Comparator cmp(c.tolerance, at::kFloat);  // the loop runs in fp32 on any device
  at::Tensor refTs = g.tensor(c, "output.timesteps");
  cmp.compare("output.timesteps", at::tensor(s.timesteps(), at::kDouble).to(refTs.scalar_type()),
              refTs);
  if (refTs.scalar_type() == at::kLong) HL_CHECK(s.integerTimesteps());
  if (g.hasTensor(c, "output.sigmas"))
    cmp.compare("output.sigmas", at::tensor(s.sigmas(), at::kFloat), g.tensor(c, "output.sigmas"));
  cmp.compare("output.init_noise_sigma", at::full({}, s.initNoiseSigma(), at::kFloat),
              g.tensor(c, "output.init_noise_sigma"));
  cmp.compare("output.alphas_cumprod", at::tensor(s.alphasCumprod(), at::kFloat),
              g.tensor(c, "output.alphas_cumprod"));
  const json::Value& fm = e.at("fake_model");
  const double a = fm.at("a").asDouble(), b = fm.at("b").asDouble(), cc = fm.at("c").asDouble(),
               d = fm.at("d").asDouble();
  const at::Device dev = golden::testDevice();
  at::Tensor x = (g.tensor(c, "input.latents") * s.initNoiseSigma()).to(dev);
  cmp.compare("intermediate.x_init", x, g.tensor(c, "intermediate.x_init"));
  std::vector<float> up, down;
  int draw = 0;
  for (int i = 0; i < s.evaluations(); ++i) {
    at::Tensor xin = s.scaleModelInput(x, i);
    cmp.compare(stepName(i, "scaled_input"), xin, g.tensor(c, stepName(i, "scaled_input")));
    const double t = double(float(s.timesteps()[size_t(i)]));
    at::Tensor eps = at::tanh(xin * b) * a + std::cos(float(t / d)) * cc;
    at::Tensor noise;
    if (s.drawsNoise(i)) {
      char nn[24];
      std::snprintf(nn, sizeof nn, "input.noise.%02d", draw++);
      noise = g.tensor(c, nn).to(dev);
    }
    if (kind == SamplerKind::EulerAncestral) {
      up.push_back(float(s.sigmaUp(i)));
      down.push_back(float(s.sigmaDown(i)));
    }
    x = s.step(eps, i, x, noise);
    cmp.compare(stepName(i, "prev_sample"), x, g.tensor(c, stepName(i, "prev_sample")));
    if (g.hasTensor(c, stepName(i, "denoised")))
      cmp.compare(stepName(i, "denoised"), s.lastDenoised(), g.tensor(c, stepName(i, "denoised")));
  }
  cmp.compare("output.final_sample", x, g.tensor(c, "output.final_sample"));
  if (kind == SamplerKind::EulerAncestral) {
    cmp.compare("output.sigma_up", at::tensor(up, at::kFloat), g.tensor(c, "output.sigma_up"));
    cmp.compare("output.sigma_down", at::tensor(down, at::kFloat),
                g.tensor(c, "output.sigma_down"));
  }
  if (g.hasTensor(c, "output.final_alpha_cumprod"))
    cmp.compare("output.final_alpha_cumprod", at::full({}, s.finalAlphaCumprod(), at::kFloat),
                g.tensor(c, "output.final_alpha_cumprod"));
  golden::expectOk(c, cmp);
}

}  // namespace

HL_TEST(everySchedulerCase) {
  golden::forEachCase("scheduler", runSchedulerCase);
}
