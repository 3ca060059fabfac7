#include "ui/engine_worker.h"

#include <QMutexLocker>
#include <cstring>

#include "util/error.h"

namespace hl {
namespace ui {

QImage toQImage(const RgbImage& img) {
  if (img.empty()) return {};
  QImage q(img.width, img.height, QImage::Format_RGB888);
  for (int y = 0; y < img.height; ++y)
    std::memcpy(q.scanLine(y), img.pixels.data() + size_t(y) * img.width * 3, size_t(img.width) * 3);
  return q;
}

EngineWorker::EngineWorker(QObject* parent) : QThread(parent) {
  qRegisterMetaType<hl::ui::GenerationOutcome>();
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
      if (!pipeline_ || loadedRoot_ != job.modelRoot) {
        pipeline_.reset();
        loadedSet_ = discoverModels(job.modelRoot.toStdString());
        if (!loadedSet_.canGenerate()) throw Error("no usable SDXL model set:\n" + loadedSet_.report());
        ComputeConfig compute = chooseCompute("auto", Precision::Auto);
        applyThreads(compute);
        pipeline_ = SdxlPipeline::load(loadedSet_, compute);
        loadedRoot_ = job.modelRoot;
        loads_.fetchAndAddOrdered(1);
      }
      const quint64 id = job.id;
      GenerateResult r = pipeline_->generate(job.request, [&](const Progress& p) {
        if (p.stage == "denoise")
          emit progress(id, p.step, p.total, p.stepSeconds, toQImage(p.preview));
      }, &cancel_);
      GenerationOutcome out;
      out.id = id;
      out.request = job.request;
      out.request.initialLatents = at::Tensor();  // plain data across threads
      out.image = toQImage(r.rgb);
      out.seconds = r.seconds;
      out.modelName = QString::fromStdString(pipeline_->modelName());
      out.demo = loadedSet_.isDemo;
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
