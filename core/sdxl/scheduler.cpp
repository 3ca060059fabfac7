#include "sdxl/scheduler.h"

#include <algorithm>
#include <cmath>

#include "sdxl/ops.h"
#include "util/error.h"

namespace hl {
namespace {

struct SamplerRow {
  SamplerKind kind;
  const char* name;
  const char* label;
};
constexpr SamplerRow kSamplers[] = {
    {SamplerKind::Euler, "euler", "Euler"},
    {SamplerKind::EulerKarras, "euler_karras", "Euler Karras"},
    {SamplerKind::EulerAncestral, "euler_ancestral", "Euler a"},
    {SamplerKind::DpmPP2M, "dpmpp_2m", "DPM++ 2M"},
    {SamplerKind::DpmPP2MKarras, "dpmpp_2m_karras", "DPM++ 2M Karras"},
    {SamplerKind::Ddim, "ddim", "DDIM"},
};

// Karras et al. (2022) spacing between the largest and smallest sigma, rho = 7.
std::vector<double> karras(double sigmaMax, double sigmaMin, int n) {
  const double rho = 7.0, maxInv = std::pow(sigmaMax, 1.0 / rho), minInv = std::pow(sigmaMin, 1.0 / rho);
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

}  // namespace

SamplerKind parseSamplerKind(const std::string& name) {
  for (const auto& r : kSamplers)
    if (name == r.name || name == r.label) return r.kind;
  std::string known;
  for (const auto& r : kSamplers) known += std::string(known.empty() ? "" : ", ") + r.name;
  throw Error("unknown sampler \"" + name + "\" (expected one of " + known + ")");
}
const char* samplerName(SamplerKind k) {
  for (const auto& r : kSamplers)
    if (r.kind == k) return r.name;
  return "?";
}
const char* samplerLabel(SamplerKind k) {
  for (const auto& r : kSamplers)
    if (r.kind == k) return r.label;
  return "?";
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
  if (c.predictionType != "epsilon")
    throw Error("scheduler: prediction_type \"" + c.predictionType + "\" is not supported (epsilon only)");
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
      beta = float(config.betaStart + (config.betaEnd - config.betaStart) * double(i) / double(n - 1));
    }
    acp *= (1.0f - beta);
    alphasCumprod_.push_back(acp);
    trainSigmas_.push_back(std::sqrt((1.0f - acp) / acp));
  }
}

bool Sampler::integerTimesteps() const {
  return kind_ == SamplerKind::DpmPP2M || kind_ == SamplerKind::DpmPP2MKarras || kind_ == SamplerKind::Ddim;
}

void Sampler::setTimesteps(int steps) {
  if (steps < 1 || steps > config_.numTrainTimesteps)
    throw Error("sampler: steps must be between 1 and " + std::to_string(config_.numTrainTimesteps));
  if (config_.timestepSpacing != "leading")
    throw Error("sampler: timestep_spacing \"" + config_.timestepSpacing + "\" is not supported");
  const int64_t N = config_.numTrainTimesteps;
  timesteps_.clear();
  sigmas_.clear();
  modelOutputs_.clear();
  lowerOrderNums_ = 0;
  std::vector<float> logSigmas;
  for (float s : trainSigmas_) logSigmas.push_back(std::log(s));

  const bool dpm = kind_ == SamplerKind::DpmPP2M || kind_ == SamplerKind::DpmPP2MKarras;
  if (dpm) {
    // DPMSolverMultistepScheduler's own "leading" rule: steps + 1 points, the last dropped.
    const int64_t ratio = N / (steps + 1);
    for (int i = steps; i >= 1; --i) timesteps_.push_back(double(int64_t(i) * ratio + config_.stepsOffset));
  } else {
    const int64_t ratio = N / steps;
    for (int i = steps - 1; i >= 0; --i) timesteps_.push_back(double(int64_t(i) * ratio + config_.stepsOffset));
  }
  if (kind_ == SamplerKind::Ddim) return;

  std::vector<double> sig;
  if (kind_ == SamplerKind::DpmPP2MKarras) {
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
}

double Sampler::initNoiseSigma() const {
  if (kind_ == SamplerKind::Ddim || kind_ == SamplerKind::DpmPP2M || kind_ == SamplerKind::DpmPP2MKarras)
    return 1.0;
  const double m = *std::max_element(sigmas_.begin(), sigmas_.end());
  return double(float(std::sqrt(double(float(m * m)) + 1.0)));
}

at::Tensor Sampler::scaleModelInput(const at::Tensor& x, int step) const {
  if (kind_ == SamplerKind::Euler || kind_ == SamplerKind::EulerKarras ||
      kind_ == SamplerKind::EulerAncestral) {
    const float s = sigmas_[size_t(step)];
    return x / std::sqrt(s * s + 1.0f);
  }
  return x;
}

double Sampler::sigmaUp(int step) const {
  const double from = sigmas_[size_t(step)], to = sigmas_[size_t(step) + 1];
  return std::sqrt(to * to * (from * from - to * to) / (from * from));
}
double Sampler::sigmaDown(int step) const {
  const double to = sigmas_[size_t(step) + 1], up = sigmaUp(step);
  return std::sqrt(std::max(0.0, to * to - up * up));
}

at::Tensor Sampler::step(const at::Tensor& eps, int i, const at::Tensor& xIn, const at::Tensor& noise) {
  const at::Tensor x = xIn.to(at::kFloat);
  const at::Tensor e = eps.to(at::kFloat);
  switch (kind_) {
    case SamplerKind::Euler:
    case SamplerKind::EulerKarras: {
      const double sigma = sigmas_[size_t(i)], next = sigmas_[size_t(i) + 1];
      // derivative = (x - x0) / sigma = eps
      return x + e * (next - sigma);
    }
    case SamplerKind::EulerAncestral: {
      const double sigma = sigmas_[size_t(i)];
      at::Tensor prev = x + e * (sigmaDown(i) - sigma);
      if (!noise.defined()) throw Error("Euler ancestral needs noise for every step");
      return prev + noise.to(at::kFloat) * sigmaUp(i);
    }
    case SamplerKind::Ddim: {
      const int64_t t = int64_t(timesteps_[size_t(i)]);
      const int64_t prevT = t - config_.numTrainTimesteps / int64_t(timesteps_.size());
      const double a = alphasCumprod_[size_t(t)];
      const double aPrev = prevT >= 0 ? double(alphasCumprod_[size_t(prevT)])
                                      : (config_.setAlphaToOne ? 1.0 : double(alphasCumprod_[0]));
      at::Tensor x0 = (x - e * std::sqrt(1.0 - a)) / std::sqrt(a);
      return x0 * std::sqrt(aPrev) + e * std::sqrt(1.0 - aPrev);
    }
    case SamplerKind::DpmPP2M:
    case SamplerKind::DpmPP2MKarras: {
      auto alphaSigma = [](double s) {
        const double alpha = 1.0 / std::sqrt(s * s + 1.0);
        return std::make_pair(alpha, s * alpha);
      };
      auto lambda = [](const std::pair<double, double>& as) {
        return std::log(as.first) - std::log(as.second);
      };
      const auto s0 = alphaSigma(sigmas_[size_t(i)]);
      const at::Tensor x0 = (x - e * s0.second) / s0.first;  // dpmsolver++ predicts x0
      modelOutputs_.push_back(x0);
      if (modelOutputs_.size() > 2) modelOutputs_.erase(modelOutputs_.begin());
      const int n = steps();
      // lower_order_final: the last step is first order (final sigma is zero); with fewer than
      // 15 steps the one before it is second order.
      const bool lowerFinal = i == n - 1;
      const auto st = alphaSigma(sigmas_[size_t(i) + 1]);
      at::Tensor out;
      if (lowerOrderNums_ < 1 || lowerFinal) {
        if (st.second == 0.0) {
          out = x0.clone();  // lambda_t = +inf: the update lands on x0 exactly
        } else {
          const double h = lambda(st) - lambda(s0);
          out = x * (st.second / s0.second) - x0 * (st.first * (std::exp(-h) - 1.0));
        }
      } else {
        const auto s1 = alphaSigma(sigmas_[size_t(i) - 1]);
        const double h = lambda(st) - lambda(s0), h0 = lambda(s0) - lambda(s1);
        const double r0 = h0 / h;
        const at::Tensor& m0 = modelOutputs_[1];
        const at::Tensor& m1 = modelOutputs_[0];
        const at::Tensor d1 = (m0 - m1) * (1.0 / r0);
        const double c = st.first * (std::exp(-h) - 1.0);
        out = x * (st.second / s0.second) - m0 * c - d1 * (0.5 * c);
      }
      if (lowerOrderNums_ < 2) ++lowerOrderNums_;
      return out;
    }
  }
  throw Error("sampler: unknown kind");
}

}  // namespace hl
