#include "ui/main_window.h"

#include <QApplication>
#include <QFileDialog>
#include <QHeaderView>
#include <QLabel>
#include <QMenuBar>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QSettings>
#include <QSplitter>
#include <QStatusBar>
#include <QStyle>
#include <QTreeWidget>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

namespace hl {
namespace ui {

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent) {
  setWindowTitle(tr("HyperLoRA Studio"));
  setObjectName("MainWindow");

  auto* central = new QWidget(this);
  auto* layout = new QVBoxLayout(central);

  banner_ = new QLabel(central);
  banner_->setObjectName("demoBanner");
  banner_->setText(tr("Demo models: images are noise. Open a real models folder with File > Open (Ctrl+O)."));
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
  setCentralWidget(central);

  busy_ = new QProgressBar(this);
  busy_->setRange(0, 0);
  busy_->setMaximumWidth(160);
  busy_->setVisible(false);
  statusBar()->addPermanentWidget(busy_);

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
  fileMenu->addSeparator();
  QAction* quit = fileMenu->addAction(tr("&Quit"));
  quit->setShortcut(QKeySequence::Quit);
  connect(quit, &QAction::triggered, this, &QWidget::close);

  connect(&watcher_, &QFutureWatcher<ModelSetCheck>::finished, this, &MainWindow::onCheckDone);

  QSettings settings;
  if (!restoreGeometry(settings.value("window/geometry").toByteArray())) resize(980, 640);
}

MainWindow::~MainWindow() {
  QSettings().setValue("window/geometry", saveGeometry());
  watcher_.waitForFinished();
}

bool MainWindow::checkRunning() const { return watcher_.isRunning(); }

void MainWindow::openModels(const QString& path) {
  set_ = discoverModels(path.toStdString());
  showSet();
  checkLog_->setPlainText(tr("Validating every model file..."));
  busy_->setVisible(true);
  statusBar()->showMessage(tr("Checking models in %1").arg(path));
  const ModelSet copy = set_;
  watcher_.setFuture(QtConcurrent::run([copy] { return verifyModelSet(copy); }));
}

void MainWindow::showSet() {
  banner_->setVisible(set_.isDemo);
  components_->clear();
  const QIcon ok = style()->standardIcon(QStyle::SP_DialogApplyButton);
  const QIcon missing = style()->standardIcon(QStyle::SP_MessageBoxWarning);
  for (const auto& c : set_.components) {
    auto* item = new QTreeWidgetItem(components_);
    item->setIcon(0, c.found ? ok : missing);
    item->setText(0, QString::fromStdString(c.component));
    item->setText(1, c.found ? QString::fromStdString(c.path) : tr("missing"));
    if (!c.detail.empty())
      new QTreeWidgetItem(item, {QString(), QString::fromStdString(c.detail)});
    if (!c.found) {
      if (!c.lookedIn.empty()) {
        QStringList where;
        for (const auto& w : c.lookedIn) where << QString::fromStdString(w);
        new QTreeWidgetItem(item, {QString(), tr("Looked in: %1").arg(where.join(", "))});
      }
      new QTreeWidgetItem(item, {QString(), QString::fromStdString(c.hint)});
      item->setExpanded(true);
    }
  }
  QString text = set_.canGenerate()
                     ? tr("Ready to generate with %1.").arg(QString::fromStdString(set_.sdxlPath))
                     : tr("No usable SDXL checkpoint yet: see below what is missing.");
  if (!set_.canMakeIdentity())
    text += " " + tr("Identities need the HyperLoRA, CLIP and face models listed below.");
  summary_->setText(text);
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
