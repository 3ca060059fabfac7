#include "ui/engine_worker.h"

#include <QMutexLocker>
#include <QSettings>
#include <cstring>

#include "clip/clip_image.h"
#include "clip/clip_vision.h"
#include "hyperlora/hyper_lora.h"
#include "identity/identity_engine.h"
#include "util/error.h"
#include "util/version.h"
#include "vision/antelopev2.h"
#include "vision/image.h"


namespace hl {
namespace ui {

QImage toQImage(const RgbImage& img) {
  if (img.empty()) return {};
  QImage q(img.width, img.height, QImage::Format_RGB888);
  for (int y = 0; y < img.height; ++y)
    std::memcpy(q.scanLine(y), img.pixels.data() + size_t(y) * img.width * 3, size_t(img.width) * 3);
  return q;
}

EngineSettings EngineSettings::load() {
  QSettings s;
  EngineSettings e;
  e.sdxl = s.value("models/sdxl").toString();
  e.hyperLora = s.value("models/hyperlora").toString();
  e.clipVision = s.value("models/clipVision").toString();
  e.faces = s.value("models/faces").toString();
  e.tokenizer = s.value("models/tokenizer").toString();
  e.checkpoint = s.value("models/checkpoint").toString();
  e.variant = s.value("models/variant").toString();
  e.device = s.value("engine/device", "auto").toString();
  e.precision = s.value("engine/precision", "auto").toString();
  return e;
}

void EngineSettings::save() const {
  QSettings s;
  s.setValue("models/sdxl", sdxl);
  s.setValue("models/hyperlora", hyperLora);
  s.setValue("models/clipVision", clipVision);
  s.setValue("models/faces", faces);
  s.setValue("models/tokenizer", tokenizer);
  s.setValue("models/checkpoint", checkpoint);
  s.setValue("models/variant", variant);
  s.setValue("engine/device", device);
  s.setValue("engine/precision", precision);
}

DiscoveryOptions EngineSettings::options() const {
  DiscoveryOptions o;
  o.sdxl = sdxl.toStdString();
  o.hyperLora = hyperLora.toStdString();
  o.clipVision = clipVision.toStdString();
  o.faceModels = faces.toStdString();
  o.tokenizer = tokenizer.toStdString();
  o.preferredCheckpoint = checkpoint.toStdString();
  o.preferredVariant = variant.toStdString();
  return o;
}

bool EngineSettings::operator==(const EngineSettings& o) const {
  return sdxl == o.sdxl && hyperLora == o.hyperLora && clipVision == o.clipVision && faces == o.faces &&
         tokenizer == o.tokenizer && checkpoint == o.checkpoint && variant == o.variant && device == o.device &&
         precision == o.precision;
}

EngineWorker::EngineWorker(QObject* parent) : QThread(parent) {
  qRegisterMetaType<hl::ui::GenerationOutcome>();
  qRegisterMetaType<QVector<hl::ui::PhotoAnalysis>>();
}

EngineWorker::~EngineWorker() {
  {
    QMutexLocker lock(&mutex_);
    quit_ = true;
    cancel_.cancel();
    wake_.wakeOne();
  }
  wait();
}

quint64 EngineWorker::submit(GenerationJob job) {
  QMutexLocker lock(&mutex_);
  job.id = nextId_++;
  pending_ = std::move(job);
  hasJob_ = true;
  if (!isRunning()) start(LowPriority);
  wake_.wakeOne();
  return pending_.id;
}

void EngineWorker::cancel() {
  QMutexLocker lock(&mutex_);
  hasJob_ = false;
  cancel_.cancel();
}

// Everything an identity needs, kept between jobs so a slider move only re-merges.
struct EngineWorker::IdentityCache {
  QString root, facesDir;
  faces::FaceModels faces;
  std::unique_ptr<ClipVision> clip;
  std::unique_ptr<HyperLora> hyper;
  ClipProcessorConfig processor;
  QStringList photosA, photosB;
  identity::IdentityResult a, b;
  std::vector<float> faceA, faceB;  // mean ArcFace embeddings, for measuring outputs
  LoraFile id, base;
  st::NamedTensors idTensors;  // the ID-LoRA as synthesised, for export
  double mix = -1;
  bool merged = false;  // what is merged into the UNet now, to skip a merge that changes nothing
  double mergedStrength = 0;
  bool mergedBase = false;
};

static QVector<PhotoAnalysis> toAnalysis(const std::vector<identity::ReferenceResult>& refs) {
  QVector<PhotoAnalysis> out;
  for (const auto& r : refs) {
    PhotoAnalysis a;
    a.path = QString::fromStdString(r.source);
    a.message = QString::fromStdString(r.message);
    a.used = r.used;
    a.facesFound = r.facesFound;
    a.imageSize = QSize(r.imageWidth, r.imageHeight);
    if (r.faceUsed >= 0) {
      a.box = QRectF(r.face.box.x, r.face.box.y, r.face.box.width, r.face.box.height);
      if (r.face.hasKps)
        for (const auto& p : r.face.kps) a.keypoints << QPointF(p.x, p.y);
      for (const auto& p : r.face.landmarks) a.landmarks << QPointF(p.x, p.y);
    }
    a.crop = toQImage(r.clipCrop);
    out << a;
  }
  return out;
}

void EngineWorker::applyIdentity(const GenerationJob& job, GenerateRequest& request, bool merge) {
  const IdentitySettings& s = job.identity;
  if (!s.active()) {
    if (merge && pipeline_->patchedWeights() > 0) {
      pipeline_->setLoras({});
      merges_.fetchAndAddOrdered(1);
    }
    if (merge && identity_) identity_->merged = false;
    return;
  }
  auto& c = identity_;
  // An explicit faces folder is used as given (it may hold the test-only models discovery does
  // not count as antelopev2); otherwise what discovery found.
  const QString faces = !job.engine.faces.isEmpty() ? job.engine.faces : QString::fromStdString(loadedSet_.faceModelsDir);
  if (!c || c->root != job.modelRoot || c->facesDir != faces) {
    c = std::make_shared<IdentityCache>();
    c->root = job.modelRoot;
    c->facesDir = faces;
    if (loadedSet_.hyperLoraDir.empty() || loadedSet_.clipVisionDir.empty())
      throw Error("identities need the HyperLoRA and CLIP ViT-L/14 models (see the Models tab)");
    if (faces.isEmpty())
      throw Error("identities need face models (insightface antelopev2); see the Models tab for where to put them");
    c->faces = faces::loadFaceModels(faces.toStdString());
    c->clip = std::make_unique<ClipVision>(ClipVision::load(loadedSet_.clipVisionDir, at::kFloat, at::kCPU));
    c->hyper = HyperLora::load(loadedSet_.hyperLoraDir, c->clip->config().hiddenSize, at::kFloat, at::kCPU);
    c->processor = loadedSet_.clipProcessorConfig.empty() ? ClipProcessorConfig()
                                                         : ClipProcessorConfig::fromJson(loadedSet_.clipProcessorConfig);
  }
  identity::IdentityEngine engine({c->faces.detector.get(), c->faces.landmarker.get(), c->faces.embedder.get()},
                                  c->clip.get(), c->hyper.get(), c->processor);
  auto paths = [](const QStringList& l) {
    std::vector<std::string> v;
    for (const auto& p : l) v.push_back(p.toStdString());
    return v;
  };
  // Each changed gallery: the face stack per photo (reported at once, so the panel can show
  // boxes and crops even when no photo is usable), then CLIP + the resampler.
  auto buildSlot = [&](int slot, const QStringList& photos) {
    std::vector<identity::ReferenceResult> refs = engine.analyse(paths(photos), &cancel_, [&](const Progress& p) {
      emit photoProgress(slot, p.step, p.total);
    });
    emit photosAnalysed(slot, toAnalysis(refs));
    identityBuilds_.fetchAndAddOrdered(1);
    return engine.build(std::move(refs), &cancel_);
  };
  bool rebuilt = false;
  if (c->photosA != s.photosA) {
    c->photosA.clear();  // stays invalid if the build throws
    c->a = buildSlot(0, s.photosA);
    c->photosA = s.photosA;
    c->faceA = c->a.meanEmbedding();
    rebuilt = true;
  }
  if (c->photosB != s.photosB) {
    c->photosB.clear();
    if (!s.photosB.isEmpty()) c->b = buildSlot(1, s.photosB);
    c->photosB = s.photosB;
    c->faceB = s.photosB.isEmpty() ? std::vector<float>() : c->b.meanEmbedding();
    rebuilt = true;
  }
  if (rebuilt)
    emit identityReport(QString::fromStdString(c->a.report() + (s.photosB.isEmpty() ? std::string() : c->b.report())));
  const double mix = s.photosB.isEmpty() ? 0.0 : s.mix;
  const bool loraChanged = rebuilt || mix != c->mix;
  if (loraChanged) {
    // Mixing the pre-normalisation means keeps the mix on the unit sphere.
    const at::Tensor tokens = s.photosB.isEmpty()
                                  ? c->a.tokens.tokens
                                  : HyperLora::interpolate(c->a.tokens, c->b.tokens, mix, InterpolationMode::MixRawThenNormalize);
    c->idTensors = c->hyper->makeLora(tokens);
    c->id = LoraFile::fromTensors("identity", c->idTensors);
    if (c->hyper->hasBaseLora() && c->a.baseTokens.tokens.defined())
      c->base = LoraFile::fromTensors("identity-base", c->hyper->makeLora(c->a.baseTokens.tokens, true));
    c->mix = mix;
    QStringList blocks;
    QVector<double> energy;
    for (const auto& [block, e] : unetBlockEnergy(c->id)) {
      blocks << QString::fromStdString(block);
      energy << e;
    }
    emit identityEnergy(blocks, energy);
  }
  if (!merge) return;
  const bool base = s.baseLora && c->hyper->hasBaseLora();
  if (loraChanged || !c->merged || c->mergedStrength != s.strength || c->mergedBase != base) {
    std::vector<std::pair<const LoraFile*, double>> stack{{&c->id, s.strength}};
    if (base) stack.emplace_back(&c->base, s.strength);
    pipeline_->setLoras(stack);  // one pass over the touched weights, from their pristine copies
    merges_.fetchAndAddOrdered(1);
    c->merged = true;
    c->mergedStrength = s.strength;
    c->mergedBase = base;
  }
  if (s.trigger) request.prompt = "fcsks fxhks fhyks, " + request.prompt;
}

void EngineWorker::measureFaces(const RgbImage& image, GenerationOutcome& out) {
  if (!identity_ || identity_->faceA.empty()) return;
  const IdentityCache& c = *identity_;
  const cv::Mat bgr = toBgr(image);
  const identity::FaceStack stack{c.faces.detector.get(), c.faces.landmarker.get(), c.faces.embedder.get()};
  const identity::FaceMatch a = identity::matchFace(bgr, stack, c.faceA);
  out.facesFound = a.facesFound;
  out.similarityA = a.similarity;
  if (!c.faceB.empty() && !a.embedding.empty()) out.similarityB = faces::cosine(a.embedding, c.faceB);
}

void EngineWorker::run() {
  for (;;) {
    GenerationJob job;
    {
      QMutexLocker lock(&mutex_);
      while (!hasJob_ && !quit_) wake_.wait(&mutex_);
      if (quit_) return;
      job = std::move(pending_);
      hasJob_ = false;
      cancel_.reset();
    }
    emit started(job.id);
    try {
      if (!pipeline_ || loadedRoot_ != job.modelRoot || loadedEngine_ != job.engine) {
        pipeline_.reset();
        identity_.reset();
        loadedSet_ = discoverModels(job.modelRoot.toStdString(), job.engine.options());
        if (!loadedSet_.canGenerate()) throw Error("no usable SDXL model set:\n" + loadedSet_.report());
        ComputeConfig compute = chooseCompute(job.engine.device.toStdString(),
                                              parsePrecision(job.engine.precision.toStdString()));
        applyThreads(compute);
        pipeline_ = SdxlPipeline::load(loadedSet_, compute);
        loadedRoot_ = job.modelRoot;
        loadedEngine_ = job.engine;
        loads_.fetchAndAddOrdered(1);
      }
      const quint64 id = job.id;
      GenerateRequest request = job.request;
      applyIdentity(job, request, !job.prepareOnly);
      if (job.prepareOnly) {
        emit prepared(id);
        continue;
      }
      if (!job.exportLoraPath.isEmpty()) {
        if (!identity_ || !job.identity.active()) throw Error("there is no identity to export: add photos to identity A");
        const int rank = identity_->hyper->config().loraRank;
        HyperLora::exportLora(job.exportLoraPath.toStdString(), identity_->idTensors,
                              {{"ss_network_module", "networks.lora"},
                               {"ss_network_dim", std::to_string(rank)},
                               {"ss_network_alpha", std::to_string(rank / 2.0)},
                               {"generator", std::string("HyperLoRA Studio ") + HYPERLORA_VERSION}});
        emit exported(id, job.exportLoraPath);
        continue;
      }
      GenerateResult r = pipeline_->generate(request, [&](const Progress& p) {
        if (p.stage == "denoise")
          emit progress(id, p.step, p.total, p.stepSeconds, toQImage(p.preview));
      }, &cancel_);
      GenerationOutcome out;
      out.id = id;
      out.request = job.request;
      out.identity = job.identity;
      out.request.initialLatents = at::Tensor();  // plain data across threads
      out.image = toQImage(r.rgb);
      out.seconds = r.seconds;
      out.modelName = QString::fromStdString(pipeline_->modelName());
      out.demo = loadedSet_.isDemo;
      out.sweepId = job.sweepId;
      out.sweepKind = job.sweepKind;
      out.sweepValue = job.sweepValue;
      if (job.measureFaces && job.identity.active()) measureFaces(r.rgb, out);
      emit finished(out);
    } catch (const Cancelled&) {
      emit cancelled(job.id);
    } catch (const std::exception& e) {
      emit failed(job.id, QString::fromUtf8(e.what()));
    }
  }
}

}  // namespace ui
}  // namespace hl
