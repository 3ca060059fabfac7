#include "studio/identity_networks.h"

#include <ATen/ops/cat.h>
#include <ATen/ops/from_blob.h>

#include "util/error.h"

namespace hl::studio {

IdentityNetworks::IdentityNetworks(const ModelSet& set, const Placement& placement) {
  if (set.hyperLoraDir.empty() || set.clipVisionDir.empty())
    throw Error("identities need the HyperLoRA and CLIP ViT-L/14 models:\n" + set.report());
  const Place& clip = placement.of(Component::ClipVision);
  const Place& res = placement.of(Component::Resampler);
  clip_ =
      std::make_unique<ClipVision>(ClipVision::load(set.clipVisionDir, clip.dtype, clip.device));
  hyper_ = HyperLora::load(set.hyperLoraDir, clip_->config().hiddenSize, res.dtype, res.device,
                           placement.of(Component::LoraSynthesis).device);
  processor_ = set.clipProcessorConfig.empty()
                   ? ClipProcessorConfig()
                   : ClipProcessorConfig::fromJson(set.clipProcessorConfig);
}

IdentityNetworks::IdentityNetworks(std::unique_ptr<ClipVision> clip, std::unique_ptr<HyperLora> hyper,
                                   ClipProcessorConfig processor)
    : clip_(std::move(clip)), hyper_(std::move(hyper)), processor_(processor) {}

IdentityTokensPair IdentityNetworks::build(const std::vector<PreparedPhoto>& photos,
                                           const CancelToken* cancel) const {
  std::vector<at::Tensor> pixels, basePixels, embeds;
  for (const PreparedPhoto& p : photos) {
    if (!p.used) continue;
    pixels.push_back(clipPreprocess(p.clipCrop, processor_));
    if (hyper_->hasBaseLora()) basePixels.push_back(clipPreprocess(p.baseCrop, processor_));
    embeds.push_back(at::from_blob(const_cast<float*>(p.embedding.data()),
                                   {1, 1, int64_t(p.embedding.size())}, at::kFloat)
                         .clone());
  }
  if (pixels.empty()) throw Error("no usable face in any reference photo:\n" + photoReport(photos));
  if (cancel) cancel->throwIfCancelled();
  return build(at::cat(pixels, 0), at::cat(embeds, 0),
               basePixels.empty() ? at::Tensor() : at::cat(basePixels, 0));
}

IdentityTokensPair IdentityNetworks::build(const at::Tensor& pixels, const at::Tensor& arcface,
                                           const at::Tensor& basePixels) const {
  IdentityTokensPair out;
  out.id = hyper_->generateId(clip_->penultimate(pixels), arcface);
  if (basePixels.defined() && hyper_->hasBaseLora())
    out.base = hyper_->generateBase(clip_->penultimate(basePixels));
  return out;
}

}  // namespace hl::studio
