// The long-lived engine thread (Qt's Mandelbrot pattern): the GUI posts requests, the latest
// request wins, a running generation is cancelled cooperatively within one step, and results
// cross back to the GUI thread by value through queued signals.
#pragma once

#include <QImage>
#include <QMutex>
#include <QThread>
#include <QWaitCondition>
#include <memory>

#include "models/discovery.h"
#include "runtime/runtime.h"
#include "sdxl/pipeline.h"

namespace hl {
namespace ui {

struct GenerationJob {
  quint64 id = 0;
  QString modelRoot;          // what discovery was given
  GenerateRequest request;    // prompt, size, sampler, seed...
};

struct GenerationOutcome {
  quint64 id = 0;
  GenerateRequest request;
  QImage image;
  double seconds = 0;
  QString modelName;
  bool demo = false;
};

class EngineWorker : public QThread {
  Q_OBJECT

 public:
  explicit EngineWorker(QObject* parent = nullptr);
  ~EngineWorker() override;

  // Queues `job`, replacing any job not yet started; returns its id.
  quint64 submit(GenerationJob job);
  // Stops the running generation at the next step and drops the pending one.
  void cancel();
  // Model loads so far (the sliders must re-merge, never reload).
  int modelLoads() const { return loads_.loadAcquire(); }

 signals:
  void started(quint64 id);
  void progress(quint64 id, int step, int total, double secondsPerStep, QImage preview);
  void finished(hl::ui::GenerationOutcome outcome);
  void cancelled(quint64 id);
  void failed(quint64 id, QString message);

 protected:
  void run() override;

 private:
  QMutex mutex_;
  QWaitCondition wake_;
  bool hasJob_ = false, quit_ = false;
  GenerationJob pending_;
  quint64 nextId_ = 1;
  CancelToken cancel_;
  QAtomicInt loads_ = 0;
  // Owned by the worker thread only.
  std::unique_ptr<SdxlPipeline> pipeline_;
  QString loadedRoot_;
  ModelSet loadedSet_;
};

QImage toQImage(const RgbImage& img);

}  // namespace ui
}  // namespace hl

Q_DECLARE_METATYPE(hl::ui::GenerationOutcome)
