// The main window: the Generate, Edit, Sweep, Compare and Models tabs, the job queue that feeds
// the engine worker one job at a time, the history strip and the File menu. Its parts live in
// main_window.cpp (construction, history), main_window_jobs.cpp (jobs and the worker's answers)
// and main_window_files.cpp (the File menu, the Models tab, the saved session).
#pragma once

#include <QFutureWatcher>
#include <QMainWindow>
#include <memory>
#include <vector>

#include "studio/models.h"
#include "ui/engine_worker.h"

class QComboBox;
class QLabel;
class QTabWidget;
class QTreeWidget;
class QVBoxLayout;
class QPlainTextEdit;
class QProgressBar;

class QCustomPlot;
class QListView;

namespace hl {
namespace ui {

class MainWindow : public QMainWindow {
  Q_OBJECT

 public:
  explicit MainWindow(QWidget* parent = nullptr);
  ~MainWindow() override;

  // Discovers the model set under `path` and validates it in the background.
  void openModels(const QString& path);

  const ModelSet& modelSet() const { return set_; }
  bool checkRunning() const;
  EngineWorker& worker() { return *worker_; }
  int historySize() const;
  const GenerationOutcome& historyAt(int i) const;  // image may be null: see historyImage
  QImage historyImage(int i) const;                 // in memory or read from its PNG
  class HistoryModel* historyModel() {
    return historyModel_;
  }
  class IdentityPanel* identityPanel() {
    return identity_;
  }
  class CompareView* compareView() {
    return compare_;
  }
  class SweepView* sweepView() {
    return sweep_;
  }
  class EditView* editView() {
    return edit_;
  }
  class GeneratePanel* generatePanel() {
    return panel_;
  }
  class JobQueue* queue() {
    return queue_;
  }
  QCustomPlot* stepPlot() { return stepPlot_; }
  QListView* historyView() { return historyView_; }

 public slots:
  void generate();
  void cancelGeneration();
  void showHistory(int index);
  // Compares the selected history results (2 to 4; the last two when fewer are selected).
  void compareSelected();
  // Queues one image per value at one seed, varying the ID strength or the A <-> B mix.
  void runSweep(hl::ui::SweepKind kind, QVector<double> values);
  // Where the panel state (identities, sliders) is saved automatically and restored at start.
  static QString sessionPath();
  void saveSession() const;
  // Opens an identity file (.hlid) into slot 0 (A) or 1 (B); errors go to the status bar.
  bool openIdentity(const QString& path, int slot = 0);
  // The settings dialog and the first-run dialog (window-modal, non-blocking).
  class SettingsDialog* showSettings();
  class FirstRunDialog* showFirstRun();
  // Opens the shown result (or history result `index`) on the Edit tab for img2img (Ctrl+I).
  void sendToEdit(int index = -1);
  // Writes history result `index` as a PNG with its A1111 parameters and HyperLoRA JSON chunk.
  bool exportImage(int index, const QString& path);
  // Queues writing the current identity's LoRA to `path` (kohya .safetensors, fp16).
  void exportIdentityLora(const QString& path);

 signals:
  void modelCheckFinished(bool ok);
  void generationDone(quint64 id);
  void identityPrepared();
  void loraExported(QString path);

 private:
  // main_window.cpp: construction and the history strip.
  void buildTabs();
  QWidget* buildGeneratePage();
  QVBoxLayout* buildResultColumn(QWidget* page);
  QCustomPlot* buildStepPlot(QWidget* page);
  void addHistory(QVBoxLayout* right, QWidget* page);
  QWidget* buildQueueBox(QWidget* parent);
  void addShortcuts();
  void restoreIdentities();
  void restoreHistory();
  int currentHistoryRow() const;
  void stepHistory(int delta);
  void updateIdentityFilter();
  // main_window_jobs.cpp
  void connectWorker();
  void connectRequests();
  void showProgress(quint64 id, int step, int total, double secondsPerStep, const QImage& preview);
  void onFinished(const GenerationOutcome& out);
  GenerationJob currentJob();
  void dispatch();            // starts the next queued job when the engine is idle
  void jobEnded(quint64 id);  // the running job finished, failed or was cancelled
  void prepareIdentity();     // a gallery changed: build the identities in the background
  bool runnable(const GenerationJob& job);  // else it says why, before anything is queued
  // main_window_files.cpp
  void buildFileMenu();
  QWidget* buildModelsPage();
  void showSet();
  void onCheckDone();

  class GeneratePanel* panel_ = nullptr;
  class IdentityPanel* identity_ = nullptr;
  class CompareView* compare_ = nullptr;
  class SweepView* sweep_ = nullptr;
  class EditView* edit_ = nullptr;
  class JobQueue* queue_ = nullptr;
  QListView* queueView_ = nullptr;
  QCustomPlot* stepPlot_ = nullptr;
  quint64 nextSweep_ = 0;
  bool runningLive_ = false;
  bool runningPrepare_ = false;
  QTabWidget* tabs_ = nullptr;
  QLabel* image_ = nullptr;
  QLabel* imageBanner_ = nullptr;
  QProgressBar* progress_ = nullptr;
  QLabel* stepInfo_ = nullptr;
  QListView* historyView_ = nullptr;
  class HistoryModel* historyModel_ = nullptr;
  class HistoryFilter* historyFilter_ = nullptr;
  QComboBox* identityFilter_ = nullptr;
  EngineWorker* worker_ = nullptr;
  std::unique_ptr<class HistoryStore> store_;
  QString modelRoot_;
  quint64 runningJob_ = 0;

  ModelSet set_;
  QLabel* banner_ = nullptr;
  QLabel* summary_ = nullptr;
  QTreeWidget* components_ = nullptr;
  QPlainTextEdit* checkLog_ = nullptr;
  QProgressBar* busy_ = nullptr;
  QFutureWatcher<ModelSetCheck> watcher_;
};

}  // namespace ui
}  // namespace hl
