// The samplers artists pick, with diffusers' exact timestep spacing and update rules for the
// SDXL scheduler config: Euler (leading, Karras, trailing), Euler ancestral, Heun, DPM++ 2M
// (plain, Karras, SDE Karras), UniPC, DDIM (leading, trailing) and LCM.
#pragma once

#include <ATen/core/Tensor.h>

#include <string>
#include <vector>

#include "util/json.h"

namespace hl {

enum class SamplerKind {
  Euler,
  EulerKarras,
  EulerAncestral,
  DpmPP2M,
  DpmPP2MKarras,
  Ddim,
  Heun,
  DpmPP2MSdeKarras,
  UniPC,
  Lcm,
  EulerTrailing,
  DdimTrailing,
};

// Names: "euler", "euler_karras", "euler_ancestral", "dpmpp_2m", "dpmpp_2m_karras", "ddim",
// "heun", "dpmpp_2m_sde_karras", "unipc", "lcm", "euler_trailing", "ddim_trailing". The parser
// also takes the labels and A1111's "Sampler" (+ "Schedule type") spellings.
SamplerKind parseSamplerKind(const std::string& name);
const char* samplerName(SamplerKind k);
const char* samplerLabel(SamplerKind k);  // as menus show it: "Euler a", "DPM++ 2M Karras", ...
// A1111's "Sampler" and "Schedule type" fields ("DPM++ 2M" + "Karras", "Euler" + "SGM Uniform").
const char* samplerA1111(SamplerKind k);
const char* scheduleA1111(SamplerKind k);
// From A1111's fields; throws hl::Error naming both when they do not describe a known sampler.
SamplerKind samplerFromA1111(const std::string& sampler, const std::string& schedule);
std::vector<SamplerKind> allSamplers();

struct SchedulerConfig {
  int64_t numTrainTimesteps = 1000;
  double betaStart = 0.00085, betaEnd = 0.012;
  std::string betaSchedule = "scaled_linear";
  int64_t stepsOffset = 1;
  std::string timestepSpacing = "leading";
  std::string predictionType = "epsilon";
  bool setAlphaToOne = false;
  int64_t originalInferenceSteps = 50;  // LCM's distillation schedule
  double timestepScaling = 10.0;        // LCM's boundary condition
  static SchedulerConfig fromJson(const json::Value& v);
  static SchedulerConfig sdxl() { return {}; }
};

class Sampler {
 public:
  Sampler(SamplerKind kind, const SchedulerConfig& config);

  void setTimesteps(int steps);
  int steps() const { return steps_; }  // as asked; Heun evaluates the model 2 * steps - 1 times
  int evaluations() const { return int(timesteps_.size()); }
  const std::vector<double>& timesteps() const { return timesteps_; }  // one per evaluation
  const std::vector<float>& sigmas() const { return sigmas_; }         // empty for DDIM and LCM
  const std::vector<float>& alphasCumprod() const { return alphasCumprod_; }
  double initNoiseSigma() const;
  double finalAlphaCumprod() const;
  bool integerTimesteps() const;  // DPM++, UniPC, DDIM and LCM use int64 timesteps
  SamplerKind kind() const { return kind_; }
  // Whether evaluation i consumes a fresh standard-normal draw in step().
  bool drawsNoise(int evaluation) const;

  at::Tensor scaleModelInput(const at::Tensor& x, int evaluation) const;
  // x after evaluation i from x and the model's epsilon; `noise` when drawsNoise(i). Keeps the
  // multistep history: call in order after setTimesteps.
  at::Tensor step(const at::Tensor& modelOutput, int evaluation, const at::Tensor& x,
                  const at::Tensor& noise = at::Tensor());
  // LCM's boundary-condition estimate of x0 from the last step().
  const at::Tensor& lastDenoised() const { return denoised_; }
  // The sigma where evaluation i starts (img2img noises to it) and the index of the first
  // evaluation of a truncated schedule that starts at step `startStep` (img2img).
  double sigmaAt(int evaluation) const { return sigmas_.at(size_t(evaluation)); }
  int firstEvaluationOfStep(int startStep) const;
  // Noises clean latents to the timestep of evaluation i as diffusers' add_noise does.
  at::Tensor addNoise(const at::Tensor& x0, const at::Tensor& noise, int evaluation) const;
  // Euler ancestral's per-step noise scales.
  double sigmaUp(int step) const;
  double sigmaDown(int step) const;

 private:
  at::Tensor stepEuler(const at::Tensor& e, int i, const at::Tensor& x, const at::Tensor& noise);
  at::Tensor stepHeun(const at::Tensor& e, int i, const at::Tensor& x);
  at::Tensor stepDdim(const at::Tensor& e, int i, const at::Tensor& x);
  at::Tensor stepDpm(const at::Tensor& e, int i, const at::Tensor& x, const at::Tensor& noise);
  at::Tensor stepUniPC(const at::Tensor& e, int i, const at::Tensor& x);
  at::Tensor stepLcm(const at::Tensor& e, int i, const at::Tensor& x, const at::Tensor& noise);
  at::Tensor uniPredict(const at::Tensor& x, int i, int order) const;
  at::Tensor uniCorrect(const at::Tensor& modelT, const at::Tensor& last, int i, int order) const;
  void leadingOrTrailing(int steps, bool dpmRule);

  SamplerKind kind_;
  SchedulerConfig config_;
  int steps_ = 0;
  std::vector<float> alphasCumprod_;
  std::vector<float> trainSigmas_;  // sqrt((1 - acp) / acp), float32 as diffusers keeps them
  std::vector<double> timesteps_;
  std::vector<float> sigmas_;
  std::vector<at::Tensor> modelOutputs_;  // multistep history (x0 predictions), newest last
  int lowerOrderNums_ = 0;
  // Heun's predictor state, UniPC's corrector state, LCM's estimate.
  at::Tensor heunDerivative_, heunSample_;
  double heunDt_ = 0;
  at::Tensor lastSample_;
  int thisOrder_ = 1;
  at::Tensor denoised_;
};

}  // namespace hl
