// MainWindow, part three: jobs - what the panels ask for becomes queued engine jobs, one runs
// at a time, and the worker's answers update the progress, the history and the sweep.
#include <qcustomplot.h>

#include <QComboBox>
#include <QLabel>
#include <QListView>
#include <QProgressBar>
#include <QSignalBlocker>
#include <QStandardPaths>
#include <QStatusBar>
#include <algorithm>
#include <cmath>

#include "ui/control_panel.h"
#include "ui/duration_text.h"
#include "ui/edit_view.h"
#include "ui/generate_panel.h"
#include "ui/history_model.h"
#include "ui/history_store.h"
#include "ui/identity_panel.h"
#include "ui/job_queue.h"
#include "ui/main_window.h"
#include "ui/mask_canvas.h"
#include "ui/sweep_view.h"

namespace hl {
namespace ui {

void MainWindow::connectWorker() {
  connect(worker_, &EngineWorker::progress, this, &MainWindow::showProgress);
  connect(worker_, &EngineWorker::finished, this, &MainWindow::onFinished);
  connect(worker_, &EngineWorker::cancelled, this, [this](quint64 id) {
    if (id != runningJob_) return;
    const bool replaced = runningLive_ && !queue_->isEmpty() && queue_->at(0).live;
    if (!replaced) {
      stepInfo_->setText(tr("Cancelled."));
      statusBar()->showMessage(tr("Generation cancelled"), 4000);
    }
    jobEnded(id);
  });
  connect(worker_, &EngineWorker::failed, this, [this](quint64 id, QString message) {
    if (id != runningJob_) return;
    if (runningPrepare_) {
      identity_->setReport(message);  // e.g. no usable face: the panel shows why per photo
      stepInfo_->setText(tr("The identity could not be built (see the identity panel)."));
    } else {
      stepInfo_->setText(tr("Failed: %1").arg(message));
    }
    jobEnded(id);
  });
  connect(worker_, &EngineWorker::prepared, this, [this](quint64 id) {
    if (id != runningJob_) return;
    stepInfo_->setText(tr("Identity ready."));
    progress_->setRange(0, 1);
    progress_->setValue(1);
    jobEnded(id);
    emit identityPrepared();
  });
  connect(worker_, &EngineWorker::photosAnalysed, identity_, &IdentityPanel::setAnalysis);
  connect(worker_, &EngineWorker::photoProgress, this, [this](int slot, int done, int total) {
    progress_->setRange(0, total);
    progress_->setValue(done);
    progress_->setTextVisible(false);
    stepInfo_->setText(tr("Identity %1: photo %2 of %3 analysed...")
                           .arg(slot == 0 ? "A" : "B")
                           .arg(done)
                           .arg(total));
  });
  connect(worker_, &EngineWorker::exported, this, [this](quint64 id, QString path) {
    if (id != runningJob_) return;
    stepInfo_->setText(tr("Identity LoRA written to %1.").arg(path));
    statusBar()->showMessage(tr("Identity LoRA written to %1").arg(path), 6000);
    jobEnded(id);
    emit loraExported(path);
  });
  connect(worker_, &EngineWorker::identityEnergy, identity_, &IdentityPanel::setEnergy);
  connect(worker_, &EngineWorker::identityReport, identity_, &IdentityPanel::setReport);
  // Identity A's first usable face: the face-keypoint ControlNet preview.
  connect(worker_, &EngineWorker::photosAnalysed, this,
          [this](int slot, QVector<PhotoAnalysis> photos) {
            if (slot != 0) return;
            for (const PhotoAnalysis& p : photos)
              if (p.used && p.keypoints.size() == 5)
                return edit_->controls()->setIdentityFace(p.imageSize, p.keypoints);
          });
}

// What the panels ask for.
void MainWindow::connectRequests() {
  connect(identity_, &IdentityPanel::galleryChanged, this, &MainWindow::prepareIdentity);
  connect(panel_, &GeneratePanel::generateRequested, this, &MainWindow::generate);
  connect(identity_, &IdentityPanel::liveUpdate, this, [this] {
    if (modelRoot_.isEmpty()) return;
    panel_->lockSeed();  // the same seed, so only the identity changes
    GenerationJob job = currentJob();
    if (!runnable(job)) return;
    queue_->pushLive(std::move(job));  // replaces a live update still waiting
    if (runningJob_ != 0 && runningLive_) worker_->cancel();  // the latest slider position wins
    dispatch();
  });
  connect(panel_, &GeneratePanel::cancelRequested, this, &MainWindow::cancelGeneration);
}

void MainWindow::showProgress(quint64 id, int step, int total, double secondsPerStep,
                              const QImage& preview) {
  if (id != runningJob_) return;
  if (step == 1) stepPlot_->graph(0)->data()->clear();
  stepPlot_->graph(0)->addData(step, secondsPerStep);
  stepPlot_->xAxis->setRange(0.5, total + 0.5);
  stepPlot_->graph(0)->rescaleValueAxis(false, true);
  // Room above the slowest step, so its point is not cut by the frame.
  stepPlot_->yAxis->setRange(0, stepPlot_->yAxis->range().upper * 1.2);
  stepPlot_->replot(QCustomPlot::rpQueuedReplot);
  progress_->setMaximum(total);
  progress_->setValue(step);
  stepInfo_->setText(tr("Step %1 of %2, %3 s per step, about %4 s left")
                         .arg(step)
                         .arg(total)
                         .arg(secondsPerStep, 0, 'f', 2)
                         .arg(int(std::ceil(secondsPerStep * (total - step)))));
  if (!preview.isNull())
    image_->setPixmap(QPixmap::fromImage(preview).scaled(image_->size(), Qt::KeepAspectRatio,
                                                         Qt::FastTransformation));
}

// Settings that cannot run are said at once, once, not by each queued image failing in turn.
bool MainWindow::runnable(const GenerationJob& job) {
  try {
    studio::StudioSession::checkSettings(job.settings);
    return true;
  } catch (const std::exception& e) {
    const QString why = tr("Not started: %1").arg(QString::fromUtf8(e.what()));
    stepInfo_->setText(why);
    statusBar()->showMessage(why, 8000);
    return false;
  }
}

GenerationJob MainWindow::currentJob() {
  GenerationJob job;
  job.models = EngineSettings::load().choice(modelRoot_);
  job.settings = panel_->settings();
  job.settings.identity = identity_->settings();
  job.settings.controls = edit_->controls()->controls();
  job.settings.edit = edit_->settings(
      QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation) + "/edit");
  if (job.settings.edit.active()) {  // image to image keeps the image's own size
    const QSize s = edit_->canvas()->image().size();
    job.settings.width = std::max(8, s.width() / 8 * 8);
    job.settings.height = std::max(8, s.height() / 8 * 8);
    job.settings.hires.enabled = false;  // the hires fix is for text to image
  }
  return job;
}

void MainWindow::generate() {
  if (modelRoot_.isEmpty()) {
    statusBar()->showMessage(tr("Open a models folder first (File > Open)."), 5000);
    return;
  }
  const GenerationJob job = currentJob();
  if (!runnable(job)) return;
  for (int i = 0; i < panel_->batchCount(); ++i) {
    GenerationJob one = job;
    one.settings.seed = job.settings.seed + uint64_t(i);  // a batch walks consecutive seeds
    queue_->append(std::move(one));
  }
  dispatch();
}

void MainWindow::runSweep(SweepKind kind, QVector<double> values) {
  if (modelRoot_.isEmpty()) {
    statusBar()->showMessage(tr("Open a models folder first (File > Open)."), 5000);
    return;
  }
  const studio::IdentityRecord id = identity_->settings();
  if (!id.active()) {
    statusBar()->showMessage(tr("A sweep needs an identity: add photos to identity A first."),
                             6000);
    return;
  }
  if (kind == SweepKind::Mix && !id.mixed()) {
    statusBar()->showMessage(tr("An A <-> B sweep needs photos in both identities."), 6000);
    return;
  }
  GenerationJob base = currentJob();  // one seed for the whole row
  if (!runnable(base)) return;
  const quint64 sweepId = ++nextSweep_;
  sweep_->begin(sweepId, kind, values, id.mixed());
  for (double v : values) {
    GenerationJob job = base;
    job.sweepId = sweepId;
    job.sweepKind = kind;
    job.sweepValue = v;
    job.measureFaces = true;
    if (kind == SweepKind::Strength)
      job.settings.identity.strength = v;
    else
      job.settings.identity.mix = v;
    queue_->append(std::move(job));
  }
  tabs_->setCurrentWidget(sweep_);
  dispatch();
}

void MainWindow::prepareIdentity() {
  if (modelRoot_.isEmpty() || !identity_->settings().active()) return;
  identity_->setReport(tr("Analysing the photos..."));
  queue_->pushPrepare(currentJob());
  dispatch();
}

void MainWindow::dispatch() {
  if (runningJob_ != 0 || queue_->isEmpty()) {
    panel_->setBusy(runningJob_ != 0);
    return;
  }
  GenerationJob job = queue_->takeFirst();
  if (job.prepareOnly || !job.exportLoraPath.isEmpty()) {
    progress_->setRange(0, 0);  // busy, no steps
    progress_->setTextVisible(false);
    stepInfo_->setText(job.prepareOnly ? tr("Analysing the identity photos...")
                                       : tr("Writing the identity LoRA..."));
  } else {
    progress_->setRange(0, job.settings.steps);
    progress_->setValue(0);
    progress_->setTextVisible(true);
    stepInfo_->setText(queue_->isEmpty()
                           ? tr("Starting...")
                           : tr("Starting... (%1 more queued)").arg(queue_->rowCount()));
  }
  runningLive_ = job.live;
  runningPrepare_ = job.prepareOnly;
  panel_->setBusy(true);
  runningJob_ = worker_->submit(std::move(job));
}

void MainWindow::jobEnded(quint64 id) {
  if (id != runningJob_) return;
  runningJob_ = 0;
  runningLive_ = false;
  runningPrepare_ = false;
  if (progress_->maximum() == 0) progress_->setRange(0, 1);  // leave the busy state
  dispatch();
}

void MainWindow::cancelGeneration() {
  queue_->clear();  // Esc stops everything: the running image and what is queued
  worker_->cancel();
}

void MainWindow::onFinished(const GenerationOutcome& outIn) {
  GenerationOutcome out = outIn;
  if (store_) {
    try {
      out.imagePath = store_->add(out).imagePath;
    } catch (const std::exception& e) {
      statusBar()->showMessage(
          tr("Could not save to the history: %1").arg(QString::fromUtf8(e.what())));
    }
  }
  {
    GenerationOutcome kept = out;
    if (!kept.imagePath.isEmpty()) kept.image = QImage();  // on disk: read again when shown
    historyModel_->append(std::move(kept));
    // A name the filter does not offer yet: rebuild its list (a scan of the whole history).
    const studio::IdentityRecord& id = out.settings().identity;
    const bool newName =
        id.active() &&
        (identityFilter_->findData(QString::fromStdString(id.nameA)) < 0 ||
         (id.mixed() && identityFilter_->findData(QString::fromStdString(id.nameB)) < 0));
    if (newName) updateIdentityFilter();
    const QModelIndex shown =
        historyFilter_->mapFromSource(historyModel_->index(historySize() - 1));
    QSignalBlocker block(historyView_->selectionModel());
    if (shown.isValid()) {
      historyView_->setCurrentIndex(shown);
      historyView_->scrollTo(shown);
    }
  }
  image_->setPixmap(QPixmap::fromImage(out.image).scaled(image_->size(), Qt::KeepAspectRatio,
                                                         Qt::SmoothTransformation));
  imageBanner_->setVisible(out.record.demo);
  stepInfo_->setText(
      tr("Done in %1 (seed %2).").arg(durationText(out.record.seconds)).arg(out.settings().seed));
  sweep_->addResult(out);
  jobEnded(out.id);
  emit generationDone(out.id);
}

}  // namespace ui
}  // namespace hl
