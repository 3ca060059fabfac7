// Every `scheduler` case: timesteps, sigmas, noise scale and the whole trajectory of a sampling
// loop driven by the reference's fake model (ancestral noise injected from the case).
#include <ATen/TensorOperators.h>
#include <ATen/ops/cos.h>
#include <ATen/ops/full.h>
#include <ATen/ops/tanh.h>
#include <ATen/ops/tensor.h>

#include <QtTest>
#include <cstdio>

#include "golden.h"
#include "sdxl/scheduler.h"

using namespace hl;

class TestScheduler : public QObject {
  Q_OBJECT
  std::string dir_;

 public:
  explicit TestScheduler(std::string dir) : dir_(std::move(dir)) {}

 private slots:
  void everySchedulerCase() {
    golden::GoldenSet g = golden::GoldenSet::load(dir_);
    auto cases = g.casesOfKind("scheduler");
    QVERIFY(!cases.empty());
    for (const golden::Case* c : cases) {
      const json::Value& e = *c->entry;
      SchedulerConfig cfg = SchedulerConfig::fromJson(json::parseFile(g.path(e.at("scheduler_config").asString())));
      Sampler s(parseSamplerKind(e.at("scheduler").asString()), cfg);
      const int steps = int(e.at("steps").asInt());
      s.setTimesteps(steps);
      golden::Comparator cmp(c->tolerance);
      at::Tensor ts = at::tensor(s.timesteps(), at::kDouble);
      at::Tensor refTs = g.tensor(*c, "output.timesteps");
      cmp.compare("output.timesteps", ts.to(refTs.scalar_type()), refTs);
      if (refTs.scalar_type() == at::kLong) QCOMPARE(s.integerTimesteps(), true);
      if (g.hasTensor(*c, "output.sigmas"))
        cmp.compare("output.sigmas", at::tensor(s.sigmas(), at::kFloat), g.tensor(*c, "output.sigmas"));
      cmp.compare("output.init_noise_sigma", at::full({}, s.initNoiseSigma(), at::kFloat),
                  g.tensor(*c, "output.init_noise_sigma"));
      cmp.compare("output.alphas_cumprod", at::tensor(s.alphasCumprod(), at::kFloat),
                  g.tensor(*c, "output.alphas_cumprod"));
      const json::Value& fm = e.at("fake_model");
      const double a = fm.at("a").asDouble(), b = fm.at("b").asDouble(), cc = fm.at("c").asDouble(),
                   d = fm.at("d").asDouble();
      at::Tensor x = g.tensor(*c, "input.latents") * s.initNoiseSigma();
      cmp.compare("intermediate.x_init", x, g.tensor(*c, "intermediate.x_init"));
      std::vector<float> up, down;
      for (int i = 0; i < steps; ++i) {
        char nn[16];
        std::snprintf(nn, sizeof nn, "%02d", i);
        at::Tensor xin = s.scaleModelInput(x, i);
        cmp.compare(std::string("step.") + nn + ".scaled_input", xin, g.tensor(*c, std::string("step.") + nn + ".scaled_input"));
        const double t = double(float(s.timesteps()[size_t(i)]));
        at::Tensor eps = at::tanh(xin * b) * a + std::cos(float(t / d)) * cc;
        at::Tensor noise;
        if (s.isAncestral()) {
          noise = g.tensor(*c, std::string("input.noise.") + nn);
          up.push_back(float(s.sigmaUp(i)));
          down.push_back(float(s.sigmaDown(i)));
        }
        x = s.step(eps, i, x, noise);
        cmp.compare(std::string("step.") + nn + ".prev_sample", x, g.tensor(*c, std::string("step.") + nn + ".prev_sample"));
      }
      cmp.compare("output.final_sample", x, g.tensor(*c, "output.final_sample"));
      if (s.isAncestral()) {
        cmp.compare("output.sigma_up", at::tensor(up, at::kFloat), g.tensor(*c, "output.sigma_up"));
        cmp.compare("output.sigma_down", at::tensor(down, at::kFloat), g.tensor(*c, "output.sigma_down"));
      }
      if (g.hasTensor(*c, "output.final_alpha_cumprod"))
        cmp.compare("output.final_alpha_cumprod",
                    at::full({}, double(s.alphasCumprod().front()), at::kFloat),
                    g.tensor(*c, "output.final_alpha_cumprod"));
      QVERIFY2(cmp.ok(), (c->name + ":\n" + cmp.report()).c_str());
      qInfo("%s: %s", c->name.c_str(), cmp.report().c_str());
    }
  }
};

HL_GOLDEN_TEST_MAIN(TestScheduler)
#include "test_scheduler.moc"
