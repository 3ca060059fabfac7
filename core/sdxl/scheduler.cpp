// Sampler names, the scheduler config, and each sampler's timesteps and sigmas exactly as the
// diffusers scheduler class computes them (the update rules are in sampler_step.cpp).
#include "sdxl/scheduler.h"

#include <algorithm>
#include <cmath>

#include "nn/ops.h"
#include "util/error.h"

namespace hl {
namespace {

struct SamplerRow {
  SamplerKind kind;
  const char* name;
  const char* label;
  const char* a1111;     // A1111's sampler
  const char* schedule;  // A1111's schedule type
};
constexpr SamplerRow kSamplers[] = {
    {SamplerKind::Euler, "euler", "Euler", "Euler", "Automatic"},
    {SamplerKind::EulerKarras, "euler_karras", "Euler Karras", "Euler", "Karras"},
    {SamplerKind::EulerTrailing, "euler_trailing", "Euler SGM Uniform", "Euler", "SGM Uniform"},
    {SamplerKind::EulerAncestral, "euler_ancestral", "Euler a", "Euler a", "Automatic"},
    {SamplerKind::Heun, "heun", "Heun", "Heun", "Automatic"},
    {SamplerKind::DpmPP2M, "dpmpp_2m", "DPM++ 2M", "DPM++ 2M", "Automatic"},
    {SamplerKind::DpmPP2MKarras, "dpmpp_2m_karras", "DPM++ 2M Karras", "DPM++ 2M", "Karras"},
    {SamplerKind::DpmPP2MSdeKarras, "dpmpp_2m_sde_karras", "DPM++ 2M SDE Karras", "DPM++ 2M SDE",
     "Karras"},
    {SamplerKind::UniPC, "unipc", "UniPC", "UniPC", "Automatic"},
    {SamplerKind::Ddim, "ddim", "DDIM", "DDIM", "Automatic"},
    {SamplerKind::DdimTrailing, "ddim_trailing", "DDIM Trailing", "DDIM", "SGM Uniform"},
    {SamplerKind::Lcm, "lcm", "LCM", "LCM", "Automatic"},
};

const SamplerRow& row(SamplerKind k) {
  for (const auto& r : kSamplers)
    if (r.kind == k) return r;
  throw Error("sampler: unknown kind");
}

// Karras et al. (2022) spacing between the largest and smallest sigma, rho = 7.
std::vector<double> karras(double sigmaMax, double sigmaMin, int n) {
  const double rho = 7.0, maxInv = std::pow(sigmaMax, 1.0 / rho),
               minInv = std::pow(sigmaMin, 1.0 / rho);
  std::vector<double> out(static_cast<size_t>(n));
  for (int i = 0; i < n; ++i) {
    const double ramp = n == 1 ? 0.0 : double(i) / double(n - 1);
    out[size_t(i)] = std::pow(maxInv + ramp * (minInv - maxInv), rho);
  }
  return out;
}

// The fractional training timestep of a sigma, by linear interpolation in log-sigma.
double sigmaToT(double sigma, const std::vector<float>& logSigmas) {
  const double ls = std::log(std::max(sigma, 1e-10));
  const int n = int(logSigmas.size());
  int low = 0;
  for (int i = 0; i < n; ++i)
    if (ls - double(logSigmas[size_t(i)]) >= 0) low = i;
  low = std::min(low, n - 2);
  const double lo = logSigmas[size_t(low)], hi = logSigmas[size_t(low + 1)];
  const double w = std::clamp((lo - ls) / (lo - hi), 0.0, 1.0);
  return (1.0 - w) * low + w * (low + 1);
}

// Linear interpolation of the training sigmas at (fractional) timestep t.
double interpSigma(const std::vector<float>& s, double t) {
  if (t <= 0) return s.front();
  if (t >= double(s.size() - 1)) return s.back();
  const size_t i = size_t(std::floor(t));
  const double f = t - double(i);
  return double(s[i]) + f * (double(s[i + 1]) - double(s[i]));
}

bool isDpmFamily(SamplerKind k) {
  return k == SamplerKind::DpmPP2M || k == SamplerKind::DpmPP2MKarras ||
         k == SamplerKind::DpmPP2MSdeKarras || k == SamplerKind::UniPC;
}
bool isEulerFamily(SamplerKind k) {
  return k == SamplerKind::Euler || k == SamplerKind::EulerKarras ||
         k == SamplerKind::EulerTrailing || k == SamplerKind::EulerAncestral ||
         k == SamplerKind::Heun;
}
bool isTrailing(SamplerKind k) {
  return k == SamplerKind::EulerTrailing || k == SamplerKind::DdimTrailing;
}

std::string lower(std::string s) {
  for (char& c : s) c = char(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

}  // namespace

SamplerKind parseSamplerKind(const std::string& name) {
  for (const auto& r : kSamplers)
    if (name == r.name || name == r.label) return r.kind;
  // A1111's combined spellings ("DPM++ 2M Karras", "Euler a") and the new "Sampler" field alone.
  for (const auto& r : kSamplers)
    if (lower(name) == lower(r.label) ||
        (lower(name) == lower(r.a1111) && std::string(r.schedule) == "Automatic"))
      return r.kind;
  std::string known;
  for (const auto& r : kSamplers) known += std::string(known.empty() ? "" : ", ") + r.name;
  throw Error("unknown sampler \"" + name + "\" (expected one of " + known + ")");
}
const char* samplerName(SamplerKind k) {
  return row(k).name;
}
const char* samplerLabel(SamplerKind k) {
  return row(k).label;
}
const char* samplerA1111(SamplerKind k) {
  return row(k).a1111;
}
const char* scheduleA1111(SamplerKind k) {
  return row(k).schedule;
}

SamplerKind samplerFromA1111(const std::string& sampler, const std::string& schedule) {
  const std::string sched = schedule.empty() ? "Automatic" : schedule;
  for (const auto& r : kSamplers)
    if (lower(sampler) == lower(r.a1111) && lower(sched) == lower(r.schedule)) return r.kind;
  if (schedule.empty() || lower(schedule) == "automatic") return parseSamplerKind(sampler);
  throw Error("unknown sampler \"" + sampler + "\" with schedule type \"" + schedule + "\"");
}

std::vector<SamplerKind> allSamplers() {
  std::vector<SamplerKind> v;
  for (const auto& r : kSamplers) v.push_back(r.kind);
  return v;
}

SchedulerConfig SchedulerConfig::fromJson(const json::Value& v) {
  SchedulerConfig c;
  c.numTrainTimesteps = v.intOr("num_train_timesteps", c.numTrainTimesteps);
  c.betaStart = v.numberOr("beta_start", c.betaStart);
  c.betaEnd = v.numberOr("beta_end", c.betaEnd);
  c.betaSchedule = v.stringOr("beta_schedule", c.betaSchedule);
  c.stepsOffset = v.intOr("steps_offset", c.stepsOffset);
  c.timestepSpacing = v.stringOr("timestep_spacing", c.timestepSpacing);
  c.predictionType = v.stringOr("prediction_type", c.predictionType);
  c.setAlphaToOne = v.boolOr("set_alpha_to_one", c.setAlphaToOne);
  c.originalInferenceSteps = v.intOr("original_inference_steps", c.originalInferenceSteps);
  c.timestepScaling = v.numberOr("timestep_scaling", c.timestepScaling);
  if (c.predictionType != "epsilon")
    throw Error("scheduler: prediction_type \"" + c.predictionType +
                "\" is not supported (epsilon only)");
  if (c.betaSchedule != "scaled_linear" && c.betaSchedule != "linear")
    throw Error("scheduler: beta_schedule \"" + c.betaSchedule + "\" is not supported");
  return c;
}

Sampler::Sampler(SamplerKind kind, const SchedulerConfig& config) : kind_(kind), config_(config) {
  // Betas in float32 as torch computes them, then the cumulative product in float32.
  const int64_t n = config.numTrainTimesteps;
  float acp = 1.0f;
  for (int64_t i = 0; i < n; ++i) {
    float beta;
    if (config.betaSchedule == "scaled_linear") {
      const float a = float(std::sqrt(config.betaStart)), b = float(std::sqrt(config.betaEnd));
      const float x = n == 1 ? a : float(a + (double(b) - a) * double(i) / double(n - 1));
      beta = x * x;
    } else {
      beta =
          float(config.betaStart + (config.betaEnd - config.betaStart) * double(i) / double(n - 1));
    }
    acp *= (1.0f - beta);
    alphasCumprod_.push_back(acp);
    trainSigmas_.push_back(std::sqrt((1.0f - acp) / acp));
  }
}

bool Sampler::integerTimesteps() const {
  return isDpmFamily(kind_) || kind_ == SamplerKind::Ddim || kind_ == SamplerKind::DdimTrailing ||
         kind_ == SamplerKind::Lcm;
}

bool Sampler::drawsNoise(int i) const {
  switch (kind_) {
    case SamplerKind::EulerAncestral:
    case SamplerKind::DpmPP2MSdeKarras:
      return true;
    case SamplerKind::Lcm:
      return i != evaluations() - 1;
    default:
      return false;
  }
}

// The spacing rules of diffusers' schedulers: "leading" (SDXL's config; DPM-Solver and UniPC
// divide by steps + 1) and "trailing" (round(arange(N, 0, -N / steps)) - 1).
void Sampler::leadingOrTrailing(int steps, bool dpmRule) {
  const int64_t N = config_.numTrainTimesteps;
  if (isTrailing(kind_)) {
    const double ratio = double(N) / steps;
    for (int i = 0; i < steps; ++i) timesteps_.push_back(std::nearbyint(double(N) - i * ratio) - 1);
  } else if (dpmRule) {
    const int64_t ratio = N / (steps + 1);
    for (int i = steps; i >= 1; --i)
      timesteps_.push_back(double(int64_t(i) * ratio + config_.stepsOffset));
  } else {
    const int64_t ratio = N / steps;
    for (int i = steps - 1; i >= 0; --i)
      timesteps_.push_back(double(int64_t(i) * ratio + config_.stepsOffset));
  }
}

void Sampler::setTimesteps(int steps) {
  if (steps < 1 || steps > config_.numTrainTimesteps)
    throw Error("sampler: steps must be between 1 and " +
                std::to_string(config_.numTrainTimesteps));
  const std::string spacing = isTrailing(kind_) ? "trailing" : config_.timestepSpacing;
  if (spacing != "leading" && spacing != "trailing")
    throw Error("sampler: timestep_spacing \"" + spacing + "\" is not supported");
  steps_ = steps;
  timesteps_.clear();
  sigmas_.clear();
  modelOutputs_.clear();
  lowerOrderNums_ = 0;
  heunDerivative_ = heunSample_ = lastSample_ = denoised_ = at::Tensor();
  thisOrder_ = 1;
  std::vector<float> logSigmas;
  for (float s : trainSigmas_) logSigmas.push_back(std::log(s));

  if (kind_ == SamplerKind::Lcm) {
    // The distillation schedule's timesteps k - 1, 2k - 1, ..., N - 1, picked evenly from the top.
    const int64_t orig = config_.originalInferenceSteps, k = config_.numTrainTimesteps / orig;
    if (steps > orig)
      throw Error("LCM: at most " + std::to_string(orig) + " steps (original_inference_steps)");
    for (int i = 0; i < steps; ++i) {
      const int64_t idx = int64_t(std::floor(double(i) * (double(orig) / steps)));  // np.linspace
      timesteps_.push_back(double((orig - idx) * k - 1));
    }
    return;
  }
  leadingOrTrailing(steps, isDpmFamily(kind_));
  if (kind_ == SamplerKind::Ddim || kind_ == SamplerKind::DdimTrailing) return;

  std::vector<double> sig;
  if (kind_ == SamplerKind::DpmPP2MKarras || kind_ == SamplerKind::DpmPP2MSdeKarras) {
    sig = karras(trainSigmas_.back(), trainSigmas_.front(), steps);
    timesteps_.clear();
    for (double s : sig) timesteps_.push_back(std::round(sigmaToT(s, logSigmas)));
  } else {
    for (double t : timesteps_) sig.push_back(interpSigma(trainSigmas_, t));
    if (kind_ == SamplerKind::EulerKarras) {
      sig = karras(sig.front(), sig.back(), steps);
      timesteps_.clear();
      for (double s : sig) timesteps_.push_back(double(float(sigmaToT(s, logSigmas))));
    }
  }
  for (double s : sig) sigmas_.push_back(float(s));
  sigmas_.push_back(0.0f);  // final_sigmas_type "zero"
  if (kind_ == SamplerKind::Heun) {
    // Every inner sigma and timestep twice: an Euler predictor and Heun's corrector.
    std::vector<float> s{sigmas_.front()};
    for (size_t i = 1; i + 1 < sigmas_.size(); ++i) s.insert(s.end(), {sigmas_[i], sigmas_[i]});
    s.push_back(sigmas_.back());
    std::vector<double> t{timesteps_.front()};
    for (size_t i = 1; i < timesteps_.size(); ++i)
      t.insert(t.end(), {timesteps_[i], timesteps_[i]});
    sigmas_ = s;
    timesteps_ = t;
  }
}

double Sampler::initNoiseSigma() const {
  if (!isEulerFamily(kind_)) return 1.0;
  const double m = *std::max_element(sigmas_.begin(), sigmas_.end());
  if (isTrailing(kind_)) return m;  // "trailing" and "linspace" start at sigma_max itself
  return double(float(std::sqrt(double(float(m * m)) + 1.0)));
}

double Sampler::finalAlphaCumprod() const {
  return config_.setAlphaToOne ? 1.0 : double(alphasCumprod_.front());
}

at::Tensor Sampler::scaleModelInput(const at::Tensor& x, int i) const {
  if (!isEulerFamily(kind_)) return x;
  const float s = sigmas_[size_t(i)];
  return x / std::sqrt(s * s + 1.0f);
}

int Sampler::firstEvaluationOfStep(int startStep) const {
  return kind_ == SamplerKind::Heun ? 2 * startStep : startStep;
}

at::Tensor Sampler::addNoise(const at::Tensor& x0, const at::Tensor& noise, int i) const {
  if (isEulerFamily(kind_)) return x0 + noise * double(sigmas_[size_t(i)]);
  if (isDpmFamily(kind_)) {
    const double s = sigmas_[size_t(i)], alpha = 1.0 / std::sqrt(s * s + 1.0);
    return x0 * alpha + noise * (s * alpha);
  }
  const double a = alphasCumprod_[size_t(timesteps_[size_t(i)])];
  return x0 * std::sqrt(a) + noise * std::sqrt(1.0 - a);
}

double Sampler::sigmaUp(int step) const {
  const double from = sigmas_[size_t(step)], to = sigmas_[size_t(step) + 1];
  return std::sqrt(to * to * (from * from - to * to) / (from * from));
}
double Sampler::sigmaDown(int step) const {
  const double to = sigmas_[size_t(step) + 1], up = sigmaUp(step);
  return std::sqrt(std::max(0.0, to * to - up * up));
}

}  // namespace hl
