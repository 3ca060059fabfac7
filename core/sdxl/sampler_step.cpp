// The update rule of each sampler, one evaluation at a time, as the diffusers scheduler classes
// step: Euler (and ancestral), Heun, DDIM, DPM-Solver++ 2M (and its SDE variant), UniPC (bh2,
// order 2, predictor + corrector) and LCM.
#include <cmath>
#include <limits>

#include "nn/ops.h"
#include "sdxl/scheduler.h"
#include "util/error.h"

namespace hl {
namespace {

// A sigma in the VP view: alpha_t = 1 / sqrt(sigma^2 + 1), sigma_t = sigma * alpha_t, and the
// log signal-to-noise ratio lambda (+inf at sigma 0).
struct Vp {
  double alpha, sigma, lambda;
};
Vp vp(double s) {
  const double alpha = 1.0 / std::sqrt(s * s + 1.0), sigma = s * alpha;
  return {
      alpha, sigma,
      sigma == 0.0 ? std::numeric_limits<double>::infinity() : std::log(alpha) - std::log(sigma)};
}

}  // namespace

at::Tensor Sampler::step(const at::Tensor& eps, int i, const at::Tensor& xIn,
                         const at::Tensor& noise) {
  const at::Tensor x = xIn.to(at::kFloat);
  const at::Tensor e = eps.to(at::kFloat);
  if (drawsNoise(i) && !noise.defined())
    throw Error(std::string(samplerLabel(kind_)) + " needs a noise draw at step " +
                std::to_string(i));
  switch (kind_) {
    case SamplerKind::Euler:
    case SamplerKind::EulerKarras:
    case SamplerKind::EulerTrailing:
    case SamplerKind::EulerAncestral:
      return stepEuler(e, i, x, noise);
    case SamplerKind::Heun:
      return stepHeun(e, i, x);
    case SamplerKind::Ddim:
    case SamplerKind::DdimTrailing:
      return stepDdim(e, i, x);
    case SamplerKind::DpmPP2M:
    case SamplerKind::DpmPP2MKarras:
    case SamplerKind::DpmPP2MSdeKarras:
      return stepDpm(e, i, x, noise);
    case SamplerKind::UniPC:
      return stepUniPC(e, i, x);
    case SamplerKind::Lcm:
      return stepLcm(e, i, x, noise);
  }
  throw Error("sampler: unknown kind");
}

at::Tensor Sampler::stepEuler(const at::Tensor& e, int i, const at::Tensor& x,
                              const at::Tensor& noise) {
  const double sigma = sigmas_[size_t(i)];
  if (kind_ == SamplerKind::EulerAncestral)
    return x + e * (sigmaDown(i) - sigma) + noise.to(at::kFloat) * sigmaUp(i);
  const double next = sigmas_[size_t(i) + 1];
  return x + e * (next - sigma);  // derivative (x - x0) / sigma = eps
}

at::Tensor Sampler::stepHeun(const at::Tensor& e, int i, const at::Tensor& x) {
  const bool predictor = !heunSample_.defined();
  if (predictor) {
    // Euler to the next sigma, keeping the derivative, the step and the sample.
    const double sigma = sigmas_[size_t(i)], next = sigmas_[size_t(i) + 1];
    const at::Tensor x0 = x - e * sigma;
    heunDerivative_ = (x - x0) / sigma;
    heunDt_ = next - sigma;
    heunSample_ = x;
    return x + heunDerivative_ * heunDt_;
  }
  // Corrector: the mean of both derivatives, applied from the saved sample.
  const double next = sigmas_[size_t(i)];
  const at::Tensor x0 = x - e * next;
  const at::Tensor derivative = ((x - x0) / next + heunDerivative_) / 2.0;
  at::Tensor out = heunSample_ + derivative * heunDt_;
  heunDerivative_ = heunSample_ = at::Tensor();
  return out;
}

at::Tensor Sampler::stepDdim(const at::Tensor& e, int i, const at::Tensor& x) {
  const int64_t t = int64_t(timesteps_[size_t(i)]);
  const int64_t prevT = t - config_.numTrainTimesteps / int64_t(timesteps_.size());
  const double a = alphasCumprod_[size_t(t)];
  const double aPrev = prevT >= 0 ? double(alphasCumprod_[size_t(prevT)]) : finalAlphaCumprod();
  const at::Tensor x0 = (x - e * std::sqrt(1.0 - a)) / std::sqrt(a);
  return x0 * std::sqrt(aPrev) + e * std::sqrt(1.0 - aPrev);  // eta 0
}

at::Tensor Sampler::stepDpm(const at::Tensor& e, int i, const at::Tensor& x,
                            const at::Tensor& noise) {
  const Vp s0 = vp(sigmas_[size_t(i)]), st = vp(sigmas_[size_t(i) + 1]);
  const at::Tensor x0 = (x - e * s0.sigma) / s0.alpha;  // dpmsolver++ predicts x0
  modelOutputs_.push_back(x0);
  if (modelOutputs_.size() > 2) modelOutputs_.erase(modelOutputs_.begin());
  // lower_order_final with final sigma zero: the last step is first order.
  const bool firstOrder = lowerOrderNums_ < 1 || i == evaluations() - 1;
  if (lowerOrderNums_ < 2) ++lowerOrderNums_;
  const bool sde = kind_ == SamplerKind::DpmPP2MSdeKarras;
  if (st.sigma == 0.0) {
    if (firstOrder) return x0.clone();  // lambda_t = +inf: the update lands on x0 exactly
  }
  const double h = st.lambda - s0.lambda;
  at::Tensor d1;
  if (!firstOrder) {
    const Vp s1 = vp(sigmas_[size_t(i) - 1]);
    const double r0 = (s0.lambda - s1.lambda) / h;
    d1 = (modelOutputs_[1] - modelOutputs_[0]) * (1.0 / r0);
  }
  if (sde) {
    const double decay = std::exp(-h), mix = st.alpha * (1.0 - std::exp(-2.0 * h));
    at::Tensor out = x * (st.sigma / s0.sigma * decay) + x0 * mix;
    if (d1.defined()) out = out + d1 * (0.5 * mix);
    return out + noise.to(at::kFloat) * (st.sigma * std::sqrt(1.0 - std::exp(-2.0 * h)));
  }
  const double c = st.alpha * (std::exp(-h) - 1.0);
  at::Tensor out = x * (st.sigma / s0.sigma) - x0 * c;
  if (d1.defined()) out = out - d1 * (0.5 * c);
  return out;
}

// UniPC's bh2 predictor of order 1 or 2 from the newest x0 predictions.
at::Tensor Sampler::uniPredict(const at::Tensor& x, int i, int order) const {
  const at::Tensor& m0 = modelOutputs_.back();
  const Vp t = vp(sigmas_[size_t(i) + 1]), s0 = vp(sigmas_[size_t(i)]);
  if (t.sigma == 0.0 && order == 1) return m0.clone();
  const double h = t.lambda - s0.lambda, hh = -h, hPhi1 = std::expm1(hh), bH = std::expm1(hh);
  at::Tensor out = x * (t.sigma / s0.sigma) - m0 * (t.alpha * hPhi1);
  if (order == 2) {
    const Vp s1 = vp(sigmas_[size_t(i) - 1]);
    const double rk = (s1.lambda - s0.lambda) / h;
    const at::Tensor d1 = (modelOutputs_[modelOutputs_.size() - 2] - m0) / rk;
    out = out - d1 * (t.alpha * bH * 0.5);  // rhos_p = 0.5 for order 2
  }
  return out;
}

// UniPC's bh2 corrector: refines the sample the last predictor made with this step's model.
at::Tensor Sampler::uniCorrect(const at::Tensor& modelT, const at::Tensor& last, int i,
                               int order) const {
  const at::Tensor& m0 = modelOutputs_.back();
  const Vp t = vp(sigmas_[size_t(i)]), s0 = vp(sigmas_[size_t(i) - 1]);
  const double h = t.lambda - s0.lambda, hh = -h, hPhi1 = std::expm1(hh), bH = std::expm1(hh);
  // b_k = h_phi_k * k! / B_h for k = 1, 2, with h_phi_k the recursion of the reference.
  double hPhiK = hPhi1 / hh - 1.0;
  const double b1 = hPhiK / bH;
  hPhiK = hPhiK / hh - 1.0 / 2.0;
  const double b2 = hPhiK * 2.0 / bH;
  at::Tensor out = last * (t.sigma / s0.sigma) - m0 * (t.alpha * hPhi1);
  const at::Tensor dT = modelT - m0;
  if (order == 1) return out - dT * (t.alpha * bH * 0.5);  // rhos_c = 0.5 for order 1
  const Vp s1 = vp(sigmas_[size_t(i) - 2]);
  const double rk = (s1.lambda - s0.lambda) / h;
  const at::Tensor d1 = (modelOutputs_[modelOutputs_.size() - 2] - m0) / rk;
  // Solve [[1, 1], [rk, 1]] rho = [b1, b2].
  const double rho0 = (b1 - b2) / (1.0 - rk), rho1 = b1 - rho0;
  return out - (d1 * rho0 + dT * rho1) * (t.alpha * bH);
}

at::Tensor Sampler::stepUniPC(const at::Tensor& e, int i, const at::Tensor& xIn) {
  const Vp s = vp(sigmas_[size_t(i)]);
  const at::Tensor converted = (xIn - e * s.sigma) / s.alpha;
  at::Tensor x = xIn;
  if (i > 0 && lastSample_.defined()) x = uniCorrect(converted, lastSample_, i, thisOrder_);
  modelOutputs_.push_back(converted);
  if (modelOutputs_.size() > 2) modelOutputs_.erase(modelOutputs_.begin());
  thisOrder_ = std::min(std::min(2, evaluations() - i), lowerOrderNums_ + 1);  // lower_order_final
  lastSample_ = x;
  at::Tensor out = uniPredict(x, i, thisOrder_);
  if (lowerOrderNums_ < 2) ++lowerOrderNums_;
  return out;
}

at::Tensor Sampler::stepLcm(const at::Tensor& e, int i, const at::Tensor& x,
                            const at::Tensor& noise) {
  const int n = evaluations();
  const int64_t t = int64_t(timesteps_[size_t(i)]);
  const int64_t prevT = i + 1 < n ? int64_t(timesteps_[size_t(i) + 1]) : t;
  const double a = alphasCumprod_[size_t(t)];
  const double aPrev = prevT >= 0 ? double(alphasCumprod_[size_t(prevT)]) : finalAlphaCumprod();
  // Boundary-condition scalings with sigma_data 0.5.
  const double scaled = double(t) * config_.timestepScaling, sd2 = 0.25;
  const double cSkip = sd2 / (scaled * scaled + sd2),
               cOut = scaled / std::sqrt(scaled * scaled + sd2);
  const at::Tensor x0 = (x - e * std::sqrt(1.0 - a)) / std::sqrt(a);
  denoised_ = x0 * cOut + x * cSkip;
  if (i == n - 1) return denoised_;
  return denoised_ * std::sqrt(aPrev) + noise.to(at::kFloat) * std::sqrt(1.0 - aPrev);
}

}  // namespace hl
