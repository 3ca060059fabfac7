// One generation as diffusers' SDXL pipelines run it: text to image, img2img and inpainting
// (4- and 9-channel UNets), each with any number of ControlNets, CFG with optional rescale, and
// any sampler; every random draw either comes from the request or from the seeded generator.
#include <ATen/CPUGeneratorImpl.h>
#include <ATen/ops/full.h>
#include <ATen/ops/randn.h>
#include <ATen/ops/tensor.h>
#include <c10/util/Exception.h>

#include <cstdio>
#include <sstream>
#include <utility>

#include "nn/ops.h"
#include "runtime/device_memory.h"
#include "safetensors/safetensors.h"
#include "sdxl/memory_estimate.h"
#include "sdxl/pipeline.h"
#include "sdxl/steps_in_flight.h"
#include "util/error.h"

namespace hl {
namespace {

void record(const nn::Tap& tap, const std::string& name, const at::Tensor& v) {
  if (tap) tap(name, v);
}

std::string stepName(int i, const char* what) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "step.%02d.%s", i, what);
  return buf;
}

at::Tensor drawOr(const at::Tensor& given, at::IntArrayRef shape, at::Generator& gen) {
  return given.defined() ? given.to(at::kFloat) : at::randn(shape, gen, at::kFloat);
}

// F.interpolate(mask, size) in the default "nearest" mode: source index floor(dst * in / out).
at::Tensor nearestResize(const at::Tensor& m, int64_t h, int64_t w) {
  const int64_t H = m.size(2), W = m.size(3);
  std::vector<int64_t> rows, cols;
  for (int64_t y = 0; y < h; ++y)
    rows.push_back(std::min(H - 1, int64_t(double(y) * (double(H) / h))));
  for (int64_t x = 0; x < w; ++x)
    cols.push_back(std::min(W - 1, int64_t(double(x) * (double(W) / w))));
  return m.index_select(2, at::tensor(rows, at::kLong))
      .index_select(3, at::tensor(cols, at::kLong));
}

}  // namespace

struct SdxlPipeline::Conditioning {
  at::Tensor context, pooled, timeIds;
};

SdxlPipeline::Conditioning SdxlPipeline::condition(const GenerateRequest& r, bool cfg,
                                                   int64_t height, int64_t width,
                                                   const nn::Tap& tap) const {
  PromptEmbeds pos = encodePrompt(r.prompt, r.promptSyntax);
  PromptEmbeds neg;
  if (r.zeroNegative && forceZerosForEmptyPrompt_) {
    neg.context = at::zeros_like(pos.context);
    neg.pooled = at::zeros_like(pos.pooled);
  } else if (cfg) {
    neg = encodePrompt(r.negativePrompt, r.promptSyntax);
  }
  // Equal context lengths for the CFG batch: pad the shorter with empty-prompt chunks.
  if (cfg && neg.context.size(1) != pos.context.size(1)) {
    PromptEmbeds empty = encodePrompt("");
    auto pad = [&](at::Tensor& t, int64_t to) {
      std::vector<at::Tensor> parts{t};
      for (int64_t l = t.size(1); l < to; l += empty.context.size(1))
        parts.push_back(r.zeroNegative ? at::zeros_like(empty.context) : empty.context);
      t = at::cat(parts, 1);
    };
    const int64_t L = std::max(pos.context.size(1), neg.context.size(1));
    pad(pos.context, L);
    pad(neg.context, L);
  }
  record(tap, "prompt_embeds", pos.context);
  record(tap, "pooled_prompt_embeds", pos.pooled);
  if (cfg) {
    record(tap, "negative_prompt_embeds", neg.context);
    record(tap, "negative_pooled_prompt_embeds", neg.pooled);
  }
  const double ow = r.originalWidth ? r.originalWidth : width,
               oh = r.originalHeight ? r.originalHeight : height;
  const double tw = r.targetWidth ? r.targetWidth : width,
               th = r.targetHeight ? r.targetHeight : height;
  at::Tensor ids = at::tensor(std::vector<float>{float(oh), float(ow), float(r.cropTop),
                                                 float(r.cropLeft), float(th), float(tw)})
                       .view({1, 6});
  record(tap, "add_time_ids", ids);
  if (cfg) record(tap, "negative_add_time_ids", ids);
  const at::Device dev = placement_.mainDevice();
  const at::ScalarType dt = unet_->weights().get("conv_in.weight").scalar_type();
  Conditioning c;
  c.context = (cfg ? at::cat({neg.context, pos.context}, 0) : pos.context).to(dev, dt);
  c.pooled = (cfg ? at::cat({neg.pooled, pos.pooled}, 0) : pos.pooled).to(dev, dt);
  c.timeIds = (cfg ? at::cat({ids, ids}, 0) : ids).to(dev, dt);
  return c;
}

// latent_dist.sample() * scaling_factor: mean + std * noise, the noise drawn when not given.
at::Tensor SdxlPipeline::encodeImage(const at::Tensor& image, const at::Tensor& noise,
                                     at::Generator& gen) const {
  const LatentDistribution d = vae_->encode(image);
  const at::Tensor mean = d.mean.to(at::kCPU, at::kFloat), std = d.std.to(at::kCPU, at::kFloat);
  return (mean + std * drawOr(noise, mean.sizes(), gen)) * vae_->config().scalingFactor;
}

namespace {

// What to change after running out of memory: the next memory mode, then a smaller size.
std::string outOfMemoryAdvice(const Placement& p, int64_t width, int64_t height) {
  std::ostringstream s;
  const c10::Device dev = p.mainDevice();
  s << "out of " << (dev.is_cuda() ? "GPU" : "host") << " memory on " << dev.str() << " generating "
    << width << "x" << height << " (memory mode " << memoryModeName(p.memory) << ")";
  const std::string now = describeDeviceMemory(dev);
  if (!now.empty()) s << "; now " << now;
  if (p.memory == MemoryMode::Resident)
    s << ". Try the memory mode offload-text or sequential, or a smaller size";
  else if (p.memory == MemoryMode::OffloadText)
    s << ". Try the memory mode sequential, or a smaller size";
  else
    s << ". Try a smaller size" << (dev.is_cuda() ? ", or the CPU" : "");
  return s.str();
}

// Width and height of the image a request makes: the init latents' or image's, else the asked size.
std::pair<int64_t, int64_t> outputSize(const GenerateRequest& r) {
  if (r.initLatents.defined()) return {r.initLatents.size(3) * 8, r.initLatents.size(2) * 8};
  if (r.initImage.defined()) return {r.initImage.size(3), r.initImage.size(2)};
  return {r.width, r.height};
}

std::string shapeOf(const at::Tensor& t) {
  return st::shapeString(t.sizes().vec());
}

// The request's image tensors, before anything reads them: each must have the layout the header
// states, and sizes that agree, or the error names the tensor and the shape it needs.
void checkRequestTensors(const GenerateRequest& r, int64_t lc) {
  const at::Tensor &image = r.initImage, &latents = r.initLatents, &mask = r.mask;
  if (image.defined() && (image.dim() != 4 || image.size(0) != 1 || image.size(1) != 3))
    throw Error("init image: expected [1, 3, H, W], got " + shapeOf(image));
  if (latents.defined() && (latents.dim() != 4 || latents.size(0) != 1 || latents.size(1) != lc))
    throw Error("init latents: expected [1, " + std::to_string(lc) + ", H/8, W/8], got " +
                shapeOf(latents));
  if (image.defined() && latents.defined() &&
      (image.size(2) != latents.size(2) * 8 || image.size(3) != latents.size(3) * 8))
    throw Error("init image " + shapeOf(image) + " and init latents " + shapeOf(latents) +
                " are not of one size (the latents are 1/8 of the image)");
  const at::Tensor& noise = r.initialLatents;  // text-to-image's starting noise, when given
  if (noise.defined() && !image.defined() && !latents.defined()) {
    const auto [width, height] = outputSize(r);
    checkImageSize(width, height);
    if (noise.dim() != 4 || noise.size(0) != 1 || noise.size(1) != lc ||
        noise.size(2) * 8 != height || noise.size(3) * 8 != width)
      throw Error("initial latents: expected [1, " + std::to_string(lc) + ", " +
                  std::to_string(height / 8) + ", " + std::to_string(width / 8) + "], got " +
                  shapeOf(noise));
  }
  if (!mask.defined()) return;
  if (!image.defined())
    throw Error("a mask needs an init image: inpainting repaints part of an image");
  if (mask.dim() != 4 || mask.size(0) != 1 || mask.size(1) != 1 || mask.size(2) != image.size(2) ||
      mask.size(3) != image.size(3))
    throw Error("mask: expected [1, 1, " + std::to_string(image.size(2)) + ", " +
                std::to_string(image.size(3)) + "] (the init image's size), got " + shapeOf(mask));
}

// Large images (in the sequential mode, all but small ones) are decoded in tiles to bound memory:
// the latent tile side, or 0 for one pass.
int64_t decodeTileFor(const Placement& p, int64_t lh, int64_t lw) {
  const int64_t tiledAbove = p.memory == MemoryMode::Sequential ? 64 * 64 : 128 * 128;
  return lh * lw > tiledAbove ? 96 : 0;
}

// One ControlNet call per step: a union model's consecutive inputs with the same window fuse.
struct ControlCall {
  const ControlNet* net = nullptr;
  std::vector<ControlImage> images;
  double start = 0.0, end = 1.0;
};

std::vector<ControlCall> controlCalls(const std::vector<ControlInput>& controls, at::Device dev) {
  std::vector<ControlCall> calls;
  for (const ControlInput& c : controls) {
    ControlImage image{c.image.to(dev), c.type, c.scale};
    ControlCall* last = calls.empty() ? nullptr : &calls.back();
    if (last && last->net == c.net && c.net->config().isUnion() && c.type >= 0 &&
        last->images.back().type >= 0 && last->start == c.start && last->end == c.end) {
      last->images.push_back(std::move(image));
      continue;
    }
    calls.push_back({c.net, {std::move(image)}, c.start, c.end});
  }
  return calls;
}

bool isOutOfMemory(const c10::Error& e) {
  const std::string m = e.what_without_backtrace();
  return m.find("out of memory") != std::string::npos ||
         m.find("not enough memory") != std::string::npos;
}

}  // namespace

GenerateResult SdxlPipeline::generate(const GenerateRequest& r, const ProgressCallback& progress,
                                      const CancelToken* cancel, const nn::Tap& tap) {
  // Streamed copies leave the device with the request, whatever way it ends.
  auto release = [&] {
    releaseStreams();
    for (const ControlInput& c : r.controls)
      if (c.net) c.net->weights().releaseStream();
  };
  try {
    GenerateResult out = generateImpl(r, progress, cancel, tap);
    release();
    return out;
  } catch (const c10::Error& e) {
    release();
    if (!dynamic_cast<const c10::OutOfMemoryError*>(&e) && !isOutOfMemory(e)) throw;
    releaseCachedDeviceMemory();  // after the streams: their blocks go back too
    const auto [w, h] = outputSize(r);
    throw OutOfMemory(outOfMemoryAdvice(placement_, w, h));
  } catch (...) {
    release();
    throw;
  }
}

void checkImageSize(int64_t width, int64_t height) {
  if (width % 8 || height % 8 || width < 8 || height < 8)
    throw Error("image size " + std::to_string(width) + "x" + std::to_string(height) +
                " must be a multiple of 8");
}

int stepsRerun(int steps, double strength) {
  return std::min(int(double(steps) * strength), steps);  // truncating, as diffusers counts
}

void checkSampling(int steps, bool img2img, double strength) {
  if (steps < 1 || steps > 1000) throw Error("steps must be between 1 and 1000");
  if (img2img && !(strength > 0.0 && strength <= 1.0))  // NaN too
    throw Error("strength must be above 0 and at most 1");
  if (img2img && stepsRerun(steps, strength) < 1) {
    char text[120];
    std::snprintf(text, sizeof text,
                  "strength %g of %d steps leaves no step to run: raise the strength or the steps",
                  strength, steps);
    throw Error(text);
  }
}

bool SdxlPipeline::nineChannelUnet() const {
  return unet_->config().inChannels == 2 * vae_->config().latentChannels + 1;
}

namespace {

// A 9-channel inpainting UNet always takes a mask and a masked image. Without a mask everything is
// repainted, as A1111 and ComfyUI run such checkpoints for text-to-image and img2img: mask all
// ones, so the masked image is black whatever the image; text-to-image starts from pure noise
// (strength 1, the request's initial latents as that noise).
GenerateRequest withFullMask(const GenerateRequest& r, int64_t width, int64_t height) {
  GenerateRequest full = r;
  full.mask = at::ones({1, 1, height, width});
  if (!r.initImage.defined() && !r.initLatents.defined()) {
    full.initImage = at::zeros({1, 3, height, width});
    full.strength = 1.0;
    full.addedNoise = r.initialLatents;
  } else if (!r.initImage.defined()) {
    full.initImage = at::zeros({1, 3, height, width});  // only for the masked image
  }
  return full;
}

// The residuals of the ControlNets active at executed step k, summed; empty when none is.
ControlResiduals runControlNets(const std::vector<ControlCall>& calls, const UnetInputs& in, int k,
                                int executed, const nn::Tap& tap) {
  ControlResiduals residuals;
  for (size_t c = 0; c < calls.size(); ++c) {
    const ControlCall& ci = calls[c];
    // diffusers' controlnet_keep: off before `start` and after `end` (fractions of the steps).
    const bool keep = !(double(k) / executed < ci.start || double(k + 1) / executed > ci.end);
    if (!keep) continue;  // its residuals would be exactly zero
    ControlResiduals one = ci.net->forward(in, ci.images);
    if (k == 0 && c == 0) {
      for (size_t j = 0; j < one.down.size(); ++j)
        record(tap, "controlnet_call0.down_block_res_samples." + std::to_string(j), one.down[j]);
      record(tap, "controlnet_call0.mid_block_res_sample", one.mid);
    }
    residuals.add(one);
  }
  return residuals;
}

// The first UNet call's inputs and output, as the reference cases hold them.
void recordFirstUnetCall(const nn::Tap& tap, const UnetInputs& in, const at::Tensor& eps) {
  record(tap, "unet_call0.sample", in.sample);
  record(tap, "unet_call0.timestep", in.timestep);
  record(tap, "unet_call0.encoder_hidden_states", in.encoderHiddenStates);
  record(tap, "unet_call0.text_embeds", in.textEmbeds);
  record(tap, "unet_call0.time_ids", in.timeIds);
  record(tap, "unet_call0.output", eps);
}

// Classifier-free guidance of the [negative, positive] batch, rescaled to the text branch's
// standard deviation (unbiased, over C, H, W) when the request asks.
at::Tensor guide(const at::Tensor& eps, const GenerateRequest& r) {
  auto parts = eps.chunk(2, 0);
  at::Tensor guided = parts[0] + (parts[1] - parts[0]) * r.guidanceScale;
  if (r.guidanceRescale > 0.0) {
    at::Tensor stdText = at::std(parts[1], {1, 2, 3}, /*unbiased=*/true, /*keepdim=*/true);
    at::Tensor stdCfg = at::std(guided, {1, 2, 3}, true, true);
    guided = guided * (stdText / stdCfg) * r.guidanceRescale + guided * (1.0 - r.guidanceRescale);
  }
  return guided;
}

}  // namespace

// What sampling starts from: noise, or for img2img and inpainting the image's latents noised to
// the first executed step, with what the inpainting loop needs. On the CPU, in fp32.
struct SdxlPipeline::StartLatents {
  at::Tensor latents;
  at::Tensor imageLatents, added;              // img2img and inpainting
  at::Tensor maskLatents, maskedImageLatents;  // inpainting
};

SdxlPipeline::StartLatents SdxlPipeline::startLatents(const GenerateRequest& r,
                                                      const Sampler& sampler, int first, int64_t lh,
                                                      int64_t lw, at::Generator& gen,
                                                      const nn::Tap& tap) const {
  const bool fromLatents = r.initLatents.defined();
  const bool inpaint = r.initImage.defined() && r.mask.defined();
  // The image; with initial latents only, a stand-in for the masked image (see withFullMask).
  const at::Tensor pixels = r.initImage.defined() ? r.initImage.to(at::kFloat) : at::Tensor();
  const int64_t lc = vae_->config().latentChannels;
  StartLatents s;
  if (!r.initImage.defined() && !fromLatents) {
    s.latents = drawOr(r.initialLatents, {1, lc, lh, lw}, gen) * sampler.initNoiseSigma();
    return s;
  }
  // A 9-channel UNet starting from pure noise never reads the image's latents: not encoded.
  const bool pureNoise = inpaint && r.strength >= 1.0;
  if (fromLatents)
    s.imageLatents = r.initLatents.to(at::kCPU, at::kFloat);
  else if (!(pureNoise && nineChannelUnet()))
    s.imageLatents = encodeImage(pixels, r.vaeSampleNoise, gen);
  if (s.imageLatents.defined()) record(tap, "image_latents", s.imageLatents);
  const std::vector<int64_t> shape =
      s.imageLatents.defined() ? s.imageLatents.sizes().vec() : std::vector<int64_t>{1, lc, lh, lw};
  s.added = drawOr(r.addedNoise, shape, gen);
  s.latents = pureNoise ? s.added * sampler.initNoiseSigma()
                        : sampler.addNoise(s.imageLatents, s.added, first);
  record(tap, "latents_init", s.latents);
  if (inpaint) {
    const at::Tensor mask = (r.mask.to(at::kFloat) >= 0.5).to(at::kFloat);
    record(tap, "mask", mask);
    s.maskedImageLatents =
        encodeImage(pixels * (mask < 0.5).to(at::kFloat), r.maskedImageVaeSampleNoise, gen);
    record(tap, "masked_image_latents", s.maskedImageLatents);
    s.maskLatents = nearestResize(mask, lh, lw);
    record(tap, "mask_latents", s.maskLatents);
  }
  return s;
}

namespace {

// What the loop needs to inpaint: a 9-channel UNet takes the mask and the masked image's latents
// as extra input channels; an ordinary UNet's latents are blended with the image's each step.
struct Inpainting {
  bool nineChannel = false, blends = false;
  at::Tensor extra;               // 9-channel: mask + masked image latents, doubled for CFG
  at::Tensor image, added, mask;  // blending: on the device
};

// `image`, `added`, `mask` and `masked` are the start's image latents, their noise, the mask at
// latent size and the masked image's latents.
Inpainting inpaintingFor(const at::Tensor& image, const at::Tensor& added, const at::Tensor& mask,
                         const at::Tensor& masked, int64_t inChannels, int64_t lc, bool cfg,
                         at::Device dev, at::ScalarType dt) {
  Inpainting p;
  p.nineChannel = inChannels == lc * 2 + 1;
  if (!p.nineChannel && inChannels != lc)
    throw Error("this UNet takes " + std::to_string(inChannels) +
                " input channels: neither an ordinary nor a 9-channel inpainting UNet");
  if (p.nineChannel) {
    p.extra = at::cat({mask, masked}, 1).to(dev, dt);
    if (cfg) p.extra = at::cat({p.extra, p.extra}, 0);
    return p;
  }
  p.blends = true;
  p.image = image.to(dev), p.added = added.to(dev);
  p.mask = mask.to(dev);
  return p;
}

// The UNet's noise prediction for executed step k (before guidance). ControlNets take the
// latents alone; a 9-channel UNet also the mask and masked image. The recorded graph replays
// the step when no ControlNet adds residuals.
at::Tensor predictNoise(const Unet& unet, UnetGraph* graph, const UnetInputs& controlIn,
                        const Inpainting& inpainting, const std::vector<ControlCall>& calls, int k,
                        int executed, const nn::Tap& tap) {
  UnetInputs in = controlIn;
  if (inpainting.nineChannel) in.sample = at::cat({controlIn.sample, inpainting.extra}, 1);
  const ControlResiduals residuals = runControlNets(calls, controlIn, k, executed, tap);
  const ControlResiduals* control = residuals.down.empty() ? nullptr : &residuals;
  const at::Tensor eps =
      graph && !control ? graph->forward(unet, in) : unet.forward(in, {}, control);
  if (k == 0) recordFirstUnetCall(tap, in, eps);
  return eps.to(at::kFloat);
}

// The sampler's fresh noise for evaluation i, if it draws any: the request's draws in order,
// then the generator's.
at::Tensor stepNoise(const Sampler& sampler, int i, const GenerateRequest& r, int& draw,
                     const at::Tensor& latents, at::Generator& gen, at::Device dev) {
  if (!sampler.drawsNoise(i)) return at::Tensor();
  const at::Tensor noise = size_t(draw) < r.ancestralNoise.size()
                               ? r.ancestralNoise[size_t(draw)]
                               : at::randn(latents.sizes(), gen, at::kFloat);
  ++draw;
  return toDeviceAsync(noise, dev);
}

// Blending inpainting: outside the mask the latents follow the image, noised to the level of
// the evaluation after i (clean after the last).
at::Tensor keepOutsideMask(const Inpainting& p, const Sampler& sampler, const at::Tensor& latents,
                           int i, int last, int k, const nn::Tap& tap) {
  const at::Tensor known = i + 1 < last ? sampler.addNoise(p.image, p.added, i + 1) : p.image;
  if (i + 1 < last) record(tap, stepName(k, "noised_image_latents"), known);
  return known * (1.0 - p.mask) + latents * p.mask;
}

void report(const ProgressCallback& progress, const std::string& stage, int step, int total,
            double elapsed, double stepSeconds = 0, RgbImage preview = {}) {
  if (!progress) return;
  Progress p;
  p.stage = stage, p.step = step, p.total = total;
  p.elapsedSeconds = elapsed, p.stepSeconds = stepSeconds;
  p.preview = std::move(preview);
  progress(p);
}

}  // namespace

// The activations' estimate against the device's free memory, before anything is allocated.
void SdxlPipeline::requireMemoryFor(const GenerateRequest& r, int64_t width, int64_t height,
                                    at::ScalarType dt, int64_t decodeTile) const {
  const at::Device dev = placement_.mainDevice();
  EstimateInput in;
  in.width = width, in.height = height, in.batch = r.guidanceScale > 1.0 ? 2 : 1;
  in.elementBytes = int64_t(c10::elementSize(dt)), in.controlNets = int64_t(r.controls.size());
  in.decodeTile = decodeTile;
  requireActivationsFit(estimateActivations(unet_->config(), vae_->config(), in), deviceMemory(dev),
                        dev.str(), width, height);
}

void SdxlPipeline::decodeInto(GenerateResult& result, const at::Tensor& latents,
                              int64_t decodeTile) const {
  at::Tensor z = latents / vae_->config().scalingFactor;
  at::Tensor img = decodeTile > 0 ? vae_->decodeTiled(z, decodeTile, 16) : vae_->decode(z);
  result.image =
      (img.to(at::kFloat) / 2.0 + 0.5).clamp(0.0, 1.0).permute({0, 2, 3, 1}).contiguous();
  result.rgb = toRgb(result.image);
}

GenerateResult SdxlPipeline::generateImpl(const GenerateRequest& r,
                                          const ProgressCallback& progress,
                                          const CancelToken* cancel, const nn::Tap& tap) {
  checkRequestTensors(r, vae_->config().latentChannels);
  const auto [width, height] = outputSize(r);
  if (nineChannelUnet() && !r.mask.defined())
    return generateImpl(withFullMask(r, width, height), progress, cancel, tap);
  c10::NoGradGuard noGrad;
  ScopedTimer total("generate");
  GenerateResult result;
  const bool img2img = r.initImage.defined() || r.initLatents.defined();
  const bool inpaint = r.initImage.defined() && r.mask.defined();
  checkImageSize(width, height);
  checkSampling(r.steps, img2img, r.strength);
  const at::Device dev = placement_.mainDevice();
  const at::ScalarType dt = unet_->weights().get("conv_in.weight").scalar_type();
  const int64_t decodeTile = decodeTileFor(placement_, height / 8, width / 8);
  requireMemoryFor(r, width, height, dt, decodeTile);
  if (cancel) cancel->throwIfCancelled();
  report(progress, "encode prompt", 0, r.steps, total.seconds());
  const bool cfg = r.guidanceScale > 1.0;  // CFG 1 skips the negative pass
  const Conditioning cond = condition(r, cfg, height, width, tap);

  Sampler sampler(r.sampler, scheduler_);
  sampler.setTimesteps(r.steps);
  // img2img and inpainting re-run the last `strength` of the schedule (truncating, as diffusers).
  const int tStart = img2img ? r.steps - stepsRerun(r.steps, r.strength) : 0;
  const int first = sampler.firstEvaluationOfStep(tStart), last = sampler.evaluations();
  if (first >= last) throw Error("no step to run");  // checkSampling leaves at least one
  const int64_t lh = height / 8, lw = width / 8, lc = vae_->config().latentChannels;
  at::Generator gen = at::make_generator<at::CPUGeneratorImpl>(r.seed);
  const StartLatents start = startLatents(r, sampler, first, lh, lw, gen, tap);
  at::Tensor latents = start.latents.to(dev);
  const Inpainting inpainting =
      inpaint
          ? inpaintingFor(start.imageLatents, start.added, start.maskLatents,
                          start.maskedImageLatents, unet_->config().inChannels, lc, cfg, dev, dt)
          : Inpainting();
  const std::vector<ControlCall> calls = controlCalls(r.controls, dev);
  int draw = 0;
  const int executed = last - first;
  StepsInFlight inFlight(dev, marks_, bool(progress), [&](const FinishedStep& f) {
    result.stepSeconds.push_back(f.seconds);
    report(progress, "denoise", f.step + 1, executed, total.seconds(), f.seconds, f.preview);
  });
  for (int i = first; i < last; ++i) {
    if (cancel) cancel->throwIfCancelled();
    const int k = i - first;  // index within the executed steps
    const double t = sampler.timesteps()[size_t(i)];
    const at::Tensor x =
        sampler.scaleModelInput(cfg ? at::cat({latents, latents}, 0) : latents, i).to(dt);
    // Made on the device: a host tensor would make every step wait for its upload.
    at::Tensor tt = at::full({1}, float(t), at::TensorOptions().dtype(at::kFloat).device(dev));
    at::Tensor eps =
        predictNoise(*unet_, unetGraph_.get(), {x, tt, cond.context, cond.pooled, cond.timeIds},
                     inpainting, calls, k, executed, tap);
    if (cfg) eps = guide(eps, r);
    latents = sampler.step(eps, i, latents, stepNoise(sampler, i, r, draw, latents, gen, dev));
    if (inpainting.blends) latents = keepOutsideMask(inpainting, sampler, latents, i, last, k, tap);
    record(tap, stepName(k, "timestep"), at::full({}, float(t), at::kFloat));
    record(tap, stepName(k, "latents"), latents);
    inFlight.queued(k, latents);
  }
  inFlight.finish();
  result.latents = latents;
  unet_->weights().releaseStream();  // sequential mode: the UNet's copies make room for the VAE
  if (r.decode) {
    if (cancel) cancel->throwIfCancelled();
    report(progress, "decode", executed, executed, total.seconds());
    decodeInto(result, latents, decodeTile);
  }
  result.seconds = total.seconds();
  return result;
}

}  // namespace hl
