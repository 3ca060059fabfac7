// The samplers artists pick, with diffusers' exact timestep spacing and update rules for the
// SDXL scheduler config: Euler, Euler Karras, Euler ancestral, DPM++ 2M (Karras), DDIM.
#pragma once

#include <ATen/core/Tensor.h>

#include <string>
#include <vector>

#include "util/json.h"

namespace hl {

enum class SamplerKind { Euler, EulerKarras, EulerAncestral, DpmPP2M, DpmPP2MKarras, Ddim };

// "euler", "euler_karras", "euler_ancestral", "dpmpp_2m", "dpmpp_2m_karras", "ddim".
SamplerKind parseSamplerKind(const std::string& name);
const char* samplerName(SamplerKind k);
const char* samplerLabel(SamplerKind k);  // A1111's names: "Euler a", "DPM++ 2M Karras", ...
std::vector<SamplerKind> allSamplers();

struct SchedulerConfig {
  int64_t numTrainTimesteps = 1000;
  double betaStart = 0.00085, betaEnd = 0.012;
  std::string betaSchedule = "scaled_linear";
  int64_t stepsOffset = 1;
  std::string timestepSpacing = "leading";
  std::string predictionType = "epsilon";
  bool setAlphaToOne = false;
  static SchedulerConfig fromJson(const json::Value& v);
  static SchedulerConfig sdxl() { return {}; }
};

class Sampler {
 public:
  Sampler(SamplerKind kind, const SchedulerConfig& config);

  void setTimesteps(int steps);
  int steps() const { return int(timesteps_.size()); }
  const std::vector<double>& timesteps() const { return timesteps_; }
  const std::vector<float>& sigmas() const { return sigmas_; }  // empty for DDIM
  const std::vector<float>& alphasCumprod() const { return alphasCumprod_; }
  double initNoiseSigma() const;
  bool isAncestral() const { return kind_ == SamplerKind::EulerAncestral; }
  bool integerTimesteps() const;  // DPM++ and DDIM use int64 timesteps
  SamplerKind kind() const { return kind_; }

  at::Tensor scaleModelInput(const at::Tensor& x, int step) const;
  // x_{step+1} from x_step and the model's epsilon. `noise` is used by the ancestral sampler
  // only. Keeps DPM++'s history: call steps in order after setTimesteps.
  at::Tensor step(const at::Tensor& modelOutput, int step, const at::Tensor& x,
                  const at::Tensor& noise = at::Tensor());
  // Euler ancestral's per-step noise scales.
  double sigmaUp(int step) const;
  double sigmaDown(int step) const;

 private:
  SamplerKind kind_;
  SchedulerConfig config_;
  std::vector<float> alphasCumprod_;
  std::vector<float> trainSigmas_;  // sqrt((1 - acp) / acp), float32 as diffusers keeps them
  std::vector<double> timesteps_;
  std::vector<float> sigmas_;
  std::vector<at::Tensor> modelOutputs_;  // DPM++ history (x0 predictions)
  int lowerOrderNums_ = 0;
};

}  // namespace hl
