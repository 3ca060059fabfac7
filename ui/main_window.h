// The main window. For now it shows the model set the app runs on: what was found, what is
// missing and where to get it, and the result of validating every file (run off the GUI thread).
#pragma once

#include <QFutureWatcher>
#include <QMainWindow>

#include "models/discovery.h"
#include "models/model_check.h"

class QLabel;
class QTreeWidget;
class QPlainTextEdit;
class QProgressBar;

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

 signals:
  void modelCheckFinished(bool ok);

 private:
  void showSet();
  void onCheckDone();

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
