#include "ui/engine_worker.h"

#include <QMutexLocker>
#include <QSettings>
#include <cstring>

#include "util/error.h"

namespace hl {
namespace ui {

QImage toQImage(const RgbImage& img) {
  if (img.empty()) return {};
  QImage q(img.width, img.height, QImage::Format_RGB888);
  for (int y = 0; y < img.height; ++y)
    std::memcpy(q.scanLine(y), img.pixels.data() + size_t(y) * img.width * 3,
                size_t(img.width) * 3);
  return q;
}

RgbImage fromQImage(const QImage& image) {
  const QImage rgb = image.convertToFormat(QImage::Format_RGB888);
  RgbImage img;
  img.width = rgb.width();
  img.height = rgb.height();
  for (int y = 0; y < rgb.height(); ++y)
    img.pixels.insert(img.pixels.end(), rgb.constScanLine(y),
                      rgb.constScanLine(y) + rgb.width() * 3);
  return img;
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
  e.placement = s.value("engine/placement").toString();
  e.memory = s.value("engine/memory", "resident").toString();
  e.loraApply = s.value("engine/loraApply", "auto").toString();
  e.cudaGraphs = s.value("engine/cudaGraphs", true).toBool();
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
  s.setValue("engine/placement", placement);
  s.setValue("engine/memory", memory);
  s.setValue("engine/loraApply", loraApply);
  s.setValue("engine/cudaGraphs", cudaGraphs);
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

studio::ModelChoice EngineSettings::choice(const QString& root) const {
  studio::ModelChoice c;
  c.root = root.toStdString();
  c.options = options();
  // An explicit faces folder is used as given (it may hold the test-only models discovery does
  // not count as antelopev2).
  c.facesDir = faces.toStdString();
  c.placement.device = device.toStdString();
  c.placement.precision = parsePrecision(precision.toStdString());
  try {
    c.placement.memory = parseMemoryMode(memory.toStdString());
  } catch (const Error&) {
    // An unknown saved mode: resident, as the dialog shows it.
  }
  try {
    c.placement.lora = parseLoraApply(loraApply.toStdString());
  } catch (const Error&) {
    // Likewise: automatic.
  }
  c.placement.cudaGraphs = cudaGraphs;
  try {
    c.placement.overrides = PlacementRequest::parseOverrides(placement.toStdString());
  } catch (const Error&) {
    // The settings dialog refuses a text it cannot read; an old one is ignored here.
  }
  return c;
}

bool EngineSettings::operator==(const EngineSettings& o) const {
  return sdxl == o.sdxl && hyperLora == o.hyperLora && clipVision == o.clipVision &&
         faces == o.faces && tokenizer == o.tokenizer && checkpoint == o.checkpoint &&
         variant == o.variant && device == o.device && precision == o.precision &&
         placement == o.placement && memory == o.memory && loraApply == o.loraApply &&
         cudaGraphs == o.cudaGraphs;
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

namespace {

QVector<PhotoAnalysis> toAnalysis(const std::vector<studio::PreparedPhoto>& photos) {
  QVector<PhotoAnalysis> out;
  for (const auto& p : photos) {
    PhotoAnalysis a;
    a.path = QString::fromStdString(p.source);
    a.message = QString::fromStdString(p.message);
    a.used = p.used;
    a.facesFound = p.facesFound;
    a.imageSize = QSize(p.imageWidth, p.imageHeight);
    if (p.box[2] > 0) a.box = QRectF(p.box[0], p.box[1], p.box[2], p.box[3]);
    for (const auto& k : p.keypoints) a.keypoints << QPointF(k[0], k[1]);
    for (const auto& k : p.landmarks) a.landmarks << QPointF(k[0], k[1]);
    a.crop = toQImage(p.clipCrop);
    out << a;
  }
  return out;
}

}  // namespace

void EngineWorker::syncStats() {
  const studio::SessionStats& s = session_.stats();
  loads_.storeRelease(s.modelLoads);
  identityBuilds_.storeRelease(s.identityBuilds);
  merges_.storeRelease(s.stackChanges);
}

void EngineWorker::emitEnergy(const studio::IdentityRecord& identity) {
  QStringList blocks;
  QVector<double> energy;
  for (const auto& [block, e] : session_.identityEnergy(identity)) {
    blocks << QString::fromStdString(block);
    energy << e;
  }
  syntheses_ = session_.stats().loraSyntheses;
  emit identityEnergy(blocks, energy);
}

// A gallery changed: the face stack, CLIP and the resampler for each slot whose photos differ.
void EngineWorker::prepare(const GenerationJob& job) {
  const studio::IdentityRecord& id = job.settings.identity;
  std::string report;
  for (int slot = 0; slot < 2; ++slot) {
    const std::vector<std::string>& photos = slot == 0 ? id.photosA : id.photosB;
    const bool changed = session_.identity(slot).photos != photos;
    const studio::IdentityState& s =
        session_.setIdentity(slot, photos, &cancel_,
                             [&](const Progress& p) { emit photoProgress(slot, p.step, p.total); });
    if (changed && !photos.empty()) emit photosAnalysed(slot, toAnalysis(s.prepared));
    report += studio::photoReport(s.prepared);
  }
  emit identityReport(QString::fromStdString(report));
  const studio::IdentityState &a = session_.identity(0), &b = session_.identity(1);
  if (!a.ready) throw Error(a.error);
  if (id.mixed() && !b.ready) throw Error(b.error);
  emitEnergy(id);
  syncStats();
  emit prepared(job.id);
}

void EngineWorker::runJob(const GenerationJob& job) {
  session_.open(job.models);
  if (job.prepareOnly) return prepare(job);
  if (!job.exportLoraPath.isEmpty()) {
    session_.exportIdentityLora(job.settings.identity, job.exportLoraPath.toStdString());
    syncStats();
    emit exported(job.id, job.exportLoraPath);
    return;
  }
  const quint64 id = job.id;
  const studio::Generation g = session_.generate(
      job.settings,
      [&](const Progress& p) {
        if (p.stage == "denoise")
          emit progress(id, p.step, p.total, p.stepSeconds, toQImage(p.preview));
      },
      &cancel_);
  if (job.settings.identity.active() && session_.stats().loraSyntheses != syntheses_)
    emitEnergy(job.settings.identity);
  GenerationOutcome out;
  out.id = id;
  out.record = g.record;
  out.image = toQImage(g.image);
  out.sweepId = job.sweepId;
  out.sweepKind = job.sweepKind;
  out.sweepValue = job.sweepValue;
  if (job.measureFaces && job.settings.identity.active()) {
    const studio::FaceSimilarity s = session_.compareFaces(g.image);
    out.facesFound = s.facesFound;
    out.similarityA = s.a;
    out.similarityB = s.b;
  }
  syncStats();
  emit finished(out);
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
      runJob(job);
    } catch (const Cancelled&) {
      syncStats();
      emit cancelled(job.id);
    } catch (const std::exception& e) {
      syncStats();
      emit failed(job.id, QString::fromUtf8(e.what()));
    }
  }
}

}  // namespace ui
}  // namespace hl
