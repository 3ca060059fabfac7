// The long-lived engine thread (Qt's Mandelbrot pattern): the GUI posts requests, the latest
// request wins, a running generation is cancelled cooperatively within one step, and results
// cross back to the GUI thread by value through queued signals. Everything the engine does is
// the core's StudioSession; this thread only moves jobs in and results out.
#pragma once

#include <QImage>
#include <QMutex>
#include <QPointF>
#include <QRectF>
#include <QThread>
#include <QVector>
#include <QWaitCondition>
#include <limits>
#include <memory>

#include "studio/session.h"

namespace hl {
namespace ui {

// What a sweep varies from image to image (at one seed).
enum class SweepKind { None, Strength, Mix };

// Where the models are beyond the root (each override empty = found under the root) and how the
// engine computes. Saved in QSettings by the settings dialog; a change reloads the model.
struct EngineSettings {
  QString sdxl, hyperLora, clipVision, faces, tokenizer;  // overrides
  QString checkpoint, variant;   // preferred checkpoint file / HyperLoRA variant when several
  QString device = "auto";       // auto, cpu, cuda
  QString precision = "auto";    // auto, fp32, bf16, fp16
  QString memory = "resident";   // resident, offload-text, sequential
  QString loraApply = "auto";    // auto, merge, runtime
  bool cudaGraphs = true;        // the UNet step recorded once and replayed (CUDA only)
  QString placement;             // per-component overrides: "vae=cpu:fp32,unet=bf16"
  static EngineSettings load();  // from QSettings
  void save() const;
  DiscoveryOptions options() const;
  // The session's model choice for a models root.
  studio::ModelChoice choice(const QString& root) const;
  bool operator==(const EngineSettings& o) const;
  bool operator!=(const EngineSettings& o) const { return !(*this == o); }
};

struct GenerationJob {
  quint64 id = 0;
  bool live = false;    // a live slider update (a newer one replaces it)
  quint64 sweepId = 0;  // nonzero: one image of a sweep
  SweepKind sweepKind = SweepKind::None;
  double sweepValue = 0;
  bool measureFaces = false;   // compare the output's face with the identities (sweeps)
  QString exportLoraPath;      // nonempty: write the identity's LoRA there instead of generating
  bool prepareOnly = false;    // build the identities (after a gallery change) and stop
  studio::ModelChoice models;  // what to load and where it runs
  studio::GenerationSettings settings;  // prompt, size, sampler, seed, LoRAs, identity...
};

// What the face stack made of one reference photo, for the gallery overlays.
struct PhotoAnalysis {
  QString path, message;
  bool used = false;
  int facesFound = 0;
  QSize imageSize;  // coordinates below are in this image (EXIF applied)
  QRectF box;       // the face used (empty when none)
  QVector<QPointF> keypoints, landmarks;
  QImage crop;  // what the CLIP encoder sees
};

struct GenerationOutcome {
  quint64 id = 0;
  studio::GenerationRecord record;  // the settings and how the image was made
  QString imagePath;                // where the history saved it (empty until saved)
  QImage image;
  quint64 sweepId = 0;
  SweepKind sweepKind = SweepKind::None;
  double sweepValue = 0;
  // With measureFaces: faces found in the output (-1 = not measured) and the ArcFace cosine of
  // the most confident one to identity A and B (NaN when there is no face or no B).
  int facesFound = -1;
  double similarityA = std::numeric_limits<double>::quiet_NaN();
  double similarityB = std::numeric_limits<double>::quiet_NaN();
  const studio::GenerationSettings& settings() const { return record.settings; }
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
  // The session's counters after the last job: model loads (the sliders must re-merge, never
  // reload), identity builds (only when a gallery changes) and LoRA stack changes.
  int modelLoads() const { return loads_.loadAcquire(); }
  int identityBuilds() const { return identityBuilds_.loadAcquire(); }
  int merges() const { return merges_.loadAcquire(); }

 signals:
  void started(quint64 id);
  void progress(quint64 id, int step, int total, double secondsPerStep, QImage preview);
  void finished(hl::ui::GenerationOutcome outcome);
  void cancelled(quint64 id);
  void failed(quint64 id, QString message);
  // A prepare job built the identities; per-photo results come with photosAnalysed.
  void prepared(quint64 id);
  void photosAnalysed(int slot, QVector<hl::ui::PhotoAnalysis> photos);
  // An export job wrote the identity's LoRA (kohya format, as the official Save LoRA node).
  void exported(quint64 id, QString path);
  // Per-photo status after an identity build (plain words, e.g. "1 face").
  void identityReport(QString report);
  // The identity's LoRA energy per UNet block (diffusers block names), after each synthesis.
  void identityEnergy(QStringList blocks, QVector<double> energy);
  // Face analysis of gallery `slot`: `done` of `total` photos looked at.
  void photoProgress(int slot, int done, int total);

 protected:
  void run() override;

 private:
  void runJob(const GenerationJob& job);
  void prepare(const GenerationJob& job);
  void emitEnergy(const studio::IdentityRecord& identity);
  void syncStats();  // before each result signal, so a receiver sees the counters of its job
  QMutex mutex_;
  QWaitCondition wake_;
  bool hasJob_ = false, quit_ = false;
  GenerationJob pending_;
  quint64 nextId_ = 1;
  CancelToken cancel_;
  QAtomicInt loads_ = 0, identityBuilds_ = 0, merges_ = 0;
  // Owned by the worker thread only.
  studio::StudioSession session_;
  int syntheses_ = 0;  // the session's LoRA syntheses when the energy was last sent
};

QImage toQImage(const RgbImage& img);
RgbImage fromQImage(const QImage& image);

}  // namespace ui
}  // namespace hl

Q_DECLARE_METATYPE(hl::ui::GenerationOutcome)
Q_DECLARE_METATYPE(hl::ui::PhotoAnalysis)
