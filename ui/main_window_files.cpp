// MainWindow, part two: the File menu and what it opens - models, identities, exports, the
// settings and first-run dialogs, the saved session - and the Models tab.
#include <QAction>
#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QHeaderView>
#include <QJsonDocument>
#include <QLabel>
#include <QListView>
#include <QMenuBar>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QSaveFile>
#include <QSettings>
#include <QSplitter>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTreeWidget>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

#include "ui/control_panel.h"
#include "ui/edit_view.h"
#include "ui/generate_panel.h"
#include "ui/history_model.h"
#include "ui/history_store.h"
#include "ui/identity_panel.h"
#include "ui/job_queue.h"
#include "ui/lora_panel.h"
#include "ui/main_window.h"
#include "ui/save_path.h"
#include "ui/settings_dialog.h"

namespace hl {
namespace ui {

void MainWindow::buildFileMenu() {
  auto* fileMenu = menuBar()->addMenu(tr("&File"));
  QAction* open = fileMenu->addAction(tr("&Open models folder..."));
  open->setShortcut(QKeySequence::Open);
  connect(open, &QAction::triggered, this, [this] {
    QString dir = QFileDialog::getExistingDirectory(this, tr("Models folder"));
    if (!dir.isEmpty()) {
      QSettings().setValue("models/root", dir);
      openModels(dir);
    }
  });
  QAction* facesAction = fileMenu->addAction(tr("Set &face models folder..."));
  facesAction->setToolTip(
      tr("The folder with scrfd_10g_bnkps.onnx, 2d106det.onnx and glintr100.onnx "
         "(insightface antelopev2), when it is not inside the models folder"));
  connect(facesAction, &QAction::triggered, this, [this] {
    QString dir = QFileDialog::getExistingDirectory(this, tr("Face models folder (antelopev2)"),
                                                    QSettings().value("models/faces").toString());
    if (!dir.isEmpty()) {
      QSettings().setValue("models/faces", dir);
      statusBar()->showMessage(tr("Face models: %1").arg(dir), 5000);
    }
  });
  QAction* openId = fileMenu->addAction(tr("Open &identity..."));
  openId->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O));
  connect(openId, &QAction::triggered, this, [this] {
    const QString path = QFileDialog::getOpenFileName(this, tr("Open identity"), QString(),
                                                      tr("HyperLoRA identities (*.hlid)"));
    if (!path.isEmpty()) openIdentity(path, 0);
  });
  QAction* settingsAction = fileMenu->addAction(tr("&Settings..."));
  settingsAction->setShortcut(QKeySequence::Preferences);
  if (settingsAction->shortcut().isEmpty())
    settingsAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Comma));
  connect(settingsAction, &QAction::triggered, this, &MainWindow::showSettings);
  fileMenu->addSeparator();
  QAction* saveImage = fileMenu->addAction(tr("&Export image..."));
  saveImage->setShortcut(QKeySequence::Save);
  saveImage->setToolTip(tr("Save the shown result as PNG with its generation settings"));
  connect(saveImage, &QAction::triggered, this, [this] {
    const int row = currentHistoryRow();
    if (row < 0) {
      statusBar()->showMessage(tr("Select a result in the history first."), 5000);
      return;
    }
    const QString suggested =
        QSettings()
            .value("output/folder",
                   QStandardPaths::writableLocation(QStandardPaths::PicturesLocation))
            .toString() +
        QString("/hyperlora-%1.png").arg(historyModel_->at(row).settings().seed);
    const QString path =
        saveFileName(this, tr("Export image"), suggested, tr("PNG images (*.png)"), "png");
    if (!path.isEmpty() && exportImage(row, path))
      statusBar()->showMessage(tr("Saved %1").arg(path), 5000);
  });
  QAction* saveLora = fileMenu->addAction(tr("Export identity &LoRA..."));
  saveLora->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E));
  saveLora->setToolTip(tr("Save identity A's LoRA (mixed with B as set) for ComfyUI or A1111"));
  connect(saveLora, &QAction::triggered, this, [this] {
    const QString path = saveFileName(this, tr("Export identity LoRA"), "identity.safetensors",
                                      tr("LoRA files (*.safetensors)"), "safetensors");
    if (!path.isEmpty()) exportIdentityLora(path);
  });
  connect(identity_, &IdentityPanel::exportRequested, saveLora, &QAction::trigger);
  fileMenu->addSeparator();
  QAction* quit = fileMenu->addAction(tr("&Quit"));
  quit->setShortcut(QKeySequence::Quit);
  connect(quit, &QAction::triggered, this, &QWidget::close);
}

QString MainWindow::sessionPath() {
  return QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation) + "/session.json";
}

void MainWindow::saveSession() const {
  QDir().mkpath(QFileInfo(sessionPath()).absolutePath());
  QSaveFile f(sessionPath());
  if (f.open(QIODevice::WriteOnly)) {
    f.write(QJsonDocument(identity_->state()).toJson());
    f.commit();
  }
}

bool MainWindow::openIdentity(const QString& path, int slot) {
  try {
    const QString note = identity_->openIdentity(slot, path);
    statusBar()->showMessage(
        note.isEmpty() ? tr("Opened identity %1").arg(identity_->name(slot)) : note, 8000);
    return true;
  } catch (const std::exception& e) {
    statusBar()->showMessage(QString::fromUtf8(e.what()), 8000);
    return false;
  }
}

MainWindow::~MainWindow() {
  saveSession();
  QSettings().setValue("window/geometry", saveGeometry());
  QSettings().setValue("window/tab", tabs_->currentIndex());
  panel_->saveSettings();
  edit_->saveSettings();
  worker_->cancel();
  watcher_.waitForFinished();
}

QWidget* MainWindow::buildModelsPage() {
  auto* central = new QWidget(this);
  central->setObjectName("modelsPage");
  auto* layout = new QVBoxLayout(central);
  banner_ = new QLabel(central);
  banner_->setObjectName("demoBanner");
  banner_->setText(
      tr("Demo models: images are noise. Open a real models folder with File > Open (Ctrl+O)."));
  banner_->setStyleSheet(
      "QLabel { background: #fff4ce; color: #5c4400; border: 1px solid #e6c200;"
      " border-radius: 4px; padding: 6px; font-weight: bold; }");
  banner_->setVisible(false);
  layout->addWidget(banner_);
  summary_ = new QLabel(central);
  summary_->setObjectName("modelSummary");
  summary_->setWordWrap(true);
  layout->addWidget(summary_);
  auto* split = new QSplitter(Qt::Vertical, central);
  components_ = new QTreeWidget(split);
  components_->setObjectName("componentTree");
  components_->setColumnCount(2);
  components_->setHeaderLabels({tr("Component"), tr("Location or what is missing")});
  components_->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
  components_->setWordWrap(true);
  checkLog_ = new QPlainTextEdit(split);
  checkLog_->setObjectName("checkLog");
  checkLog_->setReadOnly(true);
  checkLog_->setPlaceholderText(tr("File validation results appear here."));
  split->setStretchFactor(0, 3);
  split->setStretchFactor(1, 2);
  layout->addWidget(split, 1);
  return central;
}

SettingsDialog* MainWindow::showSettings() {
  auto* dialog = new SettingsDialog(this);
  dialog->setAttribute(Qt::WA_DeleteOnClose);
  if (dialog->root().isEmpty()) dialog->setRoot(modelRoot_);
  connect(dialog, &QDialog::accepted, this, [this, dialog] {
    const QString root = dialog->root();
    if (!root.isEmpty())
      openModels(root);  // the engine reloads on the next job if anything changed
    statusBar()->showMessage(
        tr("Settings saved. A language change takes effect at the next start."), 6000);
  });
  dialog->open();
  return dialog;
}

FirstRunDialog* MainWindow::showFirstRun() {
  auto* dialog = new FirstRunDialog(this);
  dialog->setAttribute(Qt::WA_DeleteOnClose);
  auto done = [] { QSettings().setValue("ui/firstRunDone", true); };
  connect(dialog, &FirstRunDialog::useModels, this, [this, done](const QString& root) {
    QSettings().setValue("models/root", root);
    done();
    openModels(root);
  });
  connect(dialog, &FirstRunDialog::useDemo, this, done);
  connect(dialog, &FirstRunDialog::openSettings, this, [this, done] {
    done();
    showSettings();
  });
  dialog->open();
  return dialog;
}

bool MainWindow::exportImage(int index, const QString& path) {
  if (index < 0 || index >= historySize()) return false;
  GenerationOutcome o = historyModel_->at(index);
  o.image = historyModel_->image(index);
  try {
    HistoryStore::writeImage(path, o);
    return true;
  } catch (const std::exception& e) {
    statusBar()->showMessage(tr("Could not save the image: %1").arg(QString::fromUtf8(e.what())));
    return false;
  }
}

void MainWindow::exportIdentityLora(const QString& path) {
  const studio::IdentityRecord id = identity_->settings();
  if (modelRoot_.isEmpty() || !id.active()) {
    statusBar()->showMessage(tr("Add photos to identity A first: the LoRA is made from them."),
                             6000);
    return;
  }
  GenerationJob job = currentJob();
  job.exportLoraPath = path;
  queue_->append(std::move(job));
  dispatch();
}

bool MainWindow::checkRunning() const {
  return watcher_.isRunning();
}

void MainWindow::sendToEdit(int index) {
  if (index < 0) index = currentHistoryRow();
  if (index < 0) index = historySize() - 1;
  if (index < 0) {
    statusBar()->showMessage(tr("Generate an image first, or open one on the Edit tab."), 5000);
    return;
  }
  const GenerationOutcome& o = historyModel_->at(index);
  if (!o.imagePath.isEmpty())
    edit_->setInitImage(o.imagePath);
  else
    edit_->setInitImage(historyModel_->image(index));
  tabs_->setCurrentWidget(edit_);
}

void MainWindow::openModels(const QString& path) {
  modelRoot_ = path;
  set_ = studio::discover(path.toStdString(), EngineSettings::load().options());
  showSet();
  if (identity_->settings().active() && !set_.hyperLoraDir.empty() && !set_.clipVisionDir.empty())
    prepareIdentity();  // a restored identity
  checkLog_->setPlainText(tr("Validating every model file..."));
  busy_->setVisible(true);
  statusBar()->showMessage(tr("Checking models in %1").arg(path));
  const ModelSet copy = set_;
  watcher_.setFuture(QtConcurrent::run([copy] { return studio::verify(copy); }));
}

void MainWindow::showSet() {
  banner_->setVisible(set_.isDemo);
  identity_->setBaseLoraAvailable(set_.hyperLoraHasBase);
  QStringList loras;
  for (const auto& l : set_.loras) loras << QString::fromStdString(l);
  panel_->loraPanel()->setAvailable(loras);
  QStringList controlNets;
  for (const auto& c : set_.controlnets) controlNets << QString::fromStdString(c);
  edit_->controls()->setAvailable(controlNets);
  fillComponents(components_, set_);
  summary_->setText(modelSetSummary(set_));
}

void MainWindow::onCheckDone() {
  busy_->setVisible(false);
  const ModelSetCheck result = watcher_.result();
  checkLog_->setPlainText(QString::fromStdString(result.report()));
  statusBar()->showMessage(result.ok() ? tr("All model files are valid.")
                                       : tr("Some model files are invalid: see the list."));
  emit modelCheckFinished(result.ok());
}

}  // namespace ui
}  // namespace hl
