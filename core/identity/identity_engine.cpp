#include "identity/identity_engine.h"

#include <ATen/ops/cat.h>
#include <ATen/ops/from_blob.h>

#include <limits>
#include <sstream>

#include "util/embedding.h"
#include "util/error.h"
#include "vision/image.h"

namespace hl::identity {

int IdentityResult::used() const {
  int n = 0;
  for (const auto& r : references) n += r.used;
  return n;
}

std::vector<float> IdentityResult::meanEmbedding() const {
  std::vector<const std::vector<float>*> used;
  for (const auto& r : references)
    if (r.used) used.push_back(&r.embedding);
  return unitMean(used);
}

FaceMatch matchFace(const cv::Mat& bgr, const FaceStack& stack,
                    const std::vector<float>& identity) {
  FaceMatch m;
  m.similarity = std::numeric_limits<float>::quiet_NaN();
  const std::vector<faces::Face> found = stack.detector->detect(bgr);
  m.facesFound = int(found.size());
  if (found.empty() || identity.empty()) return m;
  faces::Face f = found[0];
  if (!f.hasKps) stack.landmarker->landmarks(bgr, f);  // detectors without keypoints
  const cv::Mat aligned = faces::alignFace(bgr, f.kps, stack.embedder->inputSize());
  m.embedding = stack.embedder->embed(aligned);
  m.similarity = cosine(m.embedding, identity);
  return m;
}

std::string IdentityResult::report() const {
  std::ostringstream o;
  for (const auto& r : references)
    o << (r.used ? "[used]    " : "[skipped] ") << r.source << ": " << r.message << "\n";
  return o.str();
}

ReferenceResult analysePhoto(const std::string& path, const FaceStack& faces) {
  ReferenceResult r;
  try {
    const cv::Mat bgr = loadImageBgr(path);
    r = prepareReference(bgr, faces, path);
    r.imageWidth = bgr.cols;
    r.imageHeight = bgr.rows;
  } catch (const Error& e) {
    r.source = path;
    r.message = e.what();
    if (r.message.rfind(path + ": ", 0) == 0)
      r.message.erase(0, path.size() + 2);  // the source names it
  }
  return r;
}

IdentityEngine::IdentityEngine(FaceStack faces, const ClipVision* clip, const HyperLora* hyper,
                               ClipProcessorConfig processor)
    : faces_(faces), clip_(clip), hyper_(hyper), processor_(processor) {}

IdentityResult IdentityEngine::build(const std::vector<std::string>& photos,
                                     const CancelToken* cancel,
                                     const ProgressCallback& progress) const {
  return build(analyse(photos, cancel, progress), cancel);
}

std::vector<ReferenceResult> IdentityEngine::analyse(const std::vector<std::string>& photos,
                                                     const CancelToken* cancel,
                                                     const ProgressCallback& progress) const {
  if (photos.empty()) throw Error("no reference photos given");
  std::vector<ReferenceResult> out;
  int step = 0;
  for (const auto& path : photos) {
    if (cancel) cancel->throwIfCancelled();
    out.push_back(analysePhoto(path, faces_));
    if (progress) {
      Progress p;
      p.stage = "faces";
      p.step = ++step;
      p.total = int(photos.size());
      progress(p);
    }
  }
  return out;
}

IdentityResult IdentityEngine::build(std::vector<ReferenceResult> references,
                                     const CancelToken* cancel) const {
  IdentityResult res;
  res.references = std::move(references);
  std::vector<at::Tensor> pixels, basePixels, embeds;
  for (const ReferenceResult& r : res.references) {
    if (!r.used) continue;
    pixels.push_back(clipPreprocess(r.clipCrop, processor_));
    if (hyper_->hasBaseLora()) basePixels.push_back(clipPreprocess(r.baseCrop, processor_));
    embeds.push_back(at::from_blob(const_cast<float*>(r.embedding.data()),
                                   {1, 1, int64_t(r.embedding.size())}, at::kFloat)
                         .clone());
  }
  if (pixels.empty()) throw Error("no usable face in any reference photo:\n" + res.report());
  if (cancel) cancel->throwIfCancelled();
  const at::Tensor clip = clip_->penultimate(at::cat(pixels, 0));
  res.tokens = hyper_->generateId(clip, at::cat(embeds, 0));
  if (!basePixels.empty())
    res.baseTokens = hyper_->generateBase(clip_->penultimate(at::cat(basePixels, 0)));
  return res;
}

}  // namespace hl::identity
