#include "ui/main_window.h"

#include <qcustomplot.h>

#include <QAction>
#include <QComboBox>
#include <QFile>
#include <QFutureWatcher>
#include <QHBoxLayout>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QProgressBar>
#include <QSettings>
#include <QSignalBlocker>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTabWidget>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>
#include <algorithm>

#include "ui/compare_view.h"
#include "ui/control_panel.h"
#include "ui/duration_text.h"
#include "ui/edit_view.h"
#include "ui/generate_panel.h"
#include "ui/history_model.h"
#include "ui/history_store.h"
#include "ui/identity_panel.h"
#include "ui/job_queue.h"
#include "ui/mask_canvas.h"
#include "ui/sweep_view.h"

namespace hl {
namespace ui {

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent) {
  setWindowTitle(tr("HyperLoRA Studio"));
  setObjectName("MainWindow");
  buildTabs();
  worker_ = new EngineWorker(this);
  connectWorker();
  connectRequests();
  addShortcuts();
  panel_->restoreSettings();
  edit_->restoreSettings();
  restoreIdentities();
  restoreHistory();
  busy_ = new QProgressBar(this);
  busy_->setRange(0, 0);
  busy_->setMaximumWidth(160);
  busy_->setVisible(false);
  statusBar()->addPermanentWidget(busy_);

  buildFileMenu();

  connect(&watcher_, &QFutureWatcher<ModelSetCheck>::finished, this, &MainWindow::onCheckDone);

  QSettings settings;
  if (!restoreGeometry(settings.value("window/geometry").toByteArray())) resize(980, 640);
  tabs_->setCurrentIndex(settings.value("window/tab", 0).toInt());
}

void MainWindow::buildTabs() {
  tabs_ = new QTabWidget(this);
  tabs_->setObjectName("tabs");
  queue_ = new JobQueue(this);
  tabs_->addTab(buildGeneratePage(), tr("Generate"));
  edit_ = new EditView(this);
  tabs_->addTab(edit_, tr("Edit"));
  connect(edit_, &EditView::useResultRequested, this, [this] { sendToEdit(); });
  sweep_ = new SweepView(this);
  tabs_->addTab(sweep_, tr("Sweep"));
  connect(sweep_, &SweepView::runRequested, this, &MainWindow::runSweep);
  compare_ = new CompareView(this);
  tabs_->addTab(compare_, tr("Compare"));
  tabs_->addTab(buildModelsPage(), tr("Models"));
  setCentralWidget(tabs_);
}

// Keyboard shortcuts that work on every tab.
void MainWindow::addShortcuts() {
  auto* gen = new QAction(tr("&Generate"), this);
  gen->setShortcuts(
      {QKeySequence(Qt::CTRL | Qt::Key_Return), QKeySequence(Qt::CTRL | Qt::Key_Enter)});
  connect(gen, &QAction::triggered, this, &MainWindow::generate);
  addAction(gen);
  auto* stop = new QAction(tr("&Cancel"), this);
  stop->setShortcut(QKeySequence(Qt::Key_Escape));
  connect(stop, &QAction::triggered, this, &MainWindow::cancelGeneration);
  addAction(stop);
  auto* cmp = new QAction(tr("Compare selected results"), this);
  cmp->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_K));
  connect(cmp, &QAction::triggered, this, &MainWindow::compareSelected);
  addAction(cmp);
  auto* toEdit = new QAction(tr("Send to image to image"), this);
  toEdit->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_I));
  connect(toEdit, &QAction::triggered, this, [this] { sendToEdit(); });
  addAction(toEdit);
  auto* next = new QAction(tr("Next result"), this);
  next->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Right));
  connect(next, &QAction::triggered, this, [this] { stepHistory(+1); });
  addAction(next);
  auto* prev = new QAction(tr("Previous result"), this);
  prev->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Left));
  connect(prev, &QAction::triggered, this, [this] { stepHistory(-1); });
  addAction(prev);
}

// The identities of the last session; from then on every change is saved, a slider drag once.
void MainWindow::restoreIdentities() {
  QFile f(sessionPath());
  if (f.open(QIODevice::ReadOnly))
    identity_->restoreState(QJsonDocument::fromJson(f.readAll()).object());
  auto* sessionTimer = new QTimer(this);  // coalesces a slider drag into one write
  sessionTimer->setSingleShot(true);
  sessionTimer->setInterval(400);
  connect(sessionTimer, &QTimer::timeout, this, &MainWindow::saveSession);
  connect(identity_, &IdentityPanel::changed, sessionTimer, qOverload<>(&QTimer::start));
}

// The saved history comes back, newest last in the strip; thumbnails load off the GUI thread.
void MainWindow::restoreHistory() {
  try {
    store_ = std::make_unique<HistoryStore>(
        QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation) + "/history");
    if (!store_->recoveryNote().isEmpty()) statusBar()->showMessage(store_->recoveryNote());
    auto entries = store_->list(100000);
    std::vector<GenerationOutcome> restored;
    restored.reserve(entries.size());
    for (auto it = entries.rbegin(); it != entries.rend(); ++it) {
      GenerationOutcome o;
      o.record = it->record;
      o.imagePath = it->imagePath;
      restored.push_back(std::move(o));
    }
    historyModel_->append(std::move(restored));
    updateIdentityFilter();
    if (historySize() >
        0)  // the newest results in view, as they were at the end of the last session
      QTimer::singleShot(0, historyView_, [this] {
        historyView_->scrollTo(historyFilter_->index(historyFilter_->rowCount() - 1, 0));
      });
  } catch (const std::exception& e) {
    statusBar()->showMessage(tr("History unavailable: %1").arg(QString::fromUtf8(e.what())));
  }
}

QWidget* MainWindow::buildGeneratePage() {
  auto* page = new QWidget(this);
  auto* row = new QHBoxLayout(page);
  identity_ = new IdentityPanel(page);
  identity_->setMaximumWidth(340);
  row->addWidget(identity_);
  panel_ = new GeneratePanel(page);
  auto* middle = new QVBoxLayout();
  middle->addWidget(panel_, 1);
  middle->addWidget(buildQueueBox(page));
  auto* middleWidget = new QWidget(page);
  middleWidget->setLayout(middle);
  middle->setContentsMargins(0, 0, 0, 0);
  middleWidget->setMaximumWidth(400);
  row->addWidget(middleWidget);
  row->addLayout(buildResultColumn(page), 1);
  return page;
}

// The shown image with its progress and step-time plot, then the searchable history strip.
QVBoxLayout* MainWindow::buildResultColumn(QWidget* page) {
  auto* right = new QVBoxLayout();
  imageBanner_ = new QLabel(tr("Demo models: images are noise."), page);
  imageBanner_->setObjectName("imageBanner");
  imageBanner_->setStyleSheet(
      "QLabel { background: #fff4ce; color: #5c4400; padding: 4px; font-weight: bold; }");
  imageBanner_->setVisible(false);
  right->addWidget(imageBanner_);
  image_ = new QLabel(page);
  image_->setObjectName("imageView");
  image_->setAlignment(Qt::AlignCenter);
  image_->setMinimumSize(384, 384);
  image_->setStyleSheet("QLabel { background: #202124; color: #9aa0a6; }");
  image_->setText(tr("Write a prompt and press Generate (Ctrl+Enter)."));
  right->addWidget(image_, 1);
  progress_ = new QProgressBar(page);
  progress_->setObjectName("generationProgress");
  progress_->setFormat(tr("%v / %m steps"));
  progress_->setValue(0);
  progress_->setTextVisible(false);  // no step count before the first run
  right->addWidget(progress_);
  stepInfo_ = new QLabel(page);
  stepInfo_->setObjectName("stepInfo");
  auto* infoRow = new QHBoxLayout();
  infoRow->addWidget(stepInfo_, 1);
  infoRow->addWidget(buildStepPlot(page));
  right->addLayout(infoRow);
  addHistory(right, page);
  return right;
}

QCustomPlot* MainWindow::buildStepPlot(QWidget* page) {
  stepPlot_ = new QCustomPlot(page);
  stepPlot_->setObjectName("stepPlot");
  stepPlot_->setFixedSize(220, 70);
  stepPlot_->setToolTip(tr("Seconds per step of the running generation"));
  stepPlot_->addGraph();
  stepPlot_->graph(0)->setPen(QPen(QColor(26, 115, 232), 1.5));
  stepPlot_->graph(0)->setLineStyle(QCPGraph::lsLine);
  stepPlot_->graph(0)->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, 3));
  QSharedPointer<QCPAxisTickerFixed> stepTicks(new QCPAxisTickerFixed);
  stepTicks->setTickStep(1.0);
  stepTicks->setScaleStrategy(QCPAxisTickerFixed::ssMultiples);
  stepPlot_->xAxis->setTicker(stepTicks);
  stepPlot_->xAxis->setTickLabelFont(QFont(font().family(), 7));
  stepPlot_->yAxis->setTickLabelFont(QFont(font().family(), 7));
  stepPlot_->axisRect()->setMinimumMargins(QMargins(0, 0, 0, 0));
  stepPlot_->yAxis->setLabel(tr("s/step"));
  stepPlot_->yAxis->setLabelFont(QFont(font().family(), 7));
  return stepPlot_;
}

void MainWindow::addHistory(QVBoxLayout* right, QWidget* page) {
  auto* search = new QLineEdit(page);
  search->setObjectName("historySearch");
  search->setPlaceholderText(tr("Search the history by prompt text"));
  search->setClearButtonEnabled(true);
  auto* searchRow = new QHBoxLayout();
  searchRow->addWidget(search, 1);
  identityFilter_ = new QComboBox(page);
  identityFilter_->setObjectName("historyIdentity");
  identityFilter_->setToolTip(tr("Show only the results of one identity"));
  identityFilter_->setSizeAdjustPolicy(QComboBox::AdjustToContents);
  searchRow->addWidget(identityFilter_);
  right->addLayout(searchRow);
  historyModel_ = new HistoryModel(this);
  historyFilter_ = new HistoryFilter(this);
  historyFilter_->setSourceModel(historyModel_);
  historyView_ = new QListView(page);
  historyView_->setObjectName("history");
  historyView_->setModel(historyFilter_);
  historyView_->setViewMode(QListView::IconMode);
  historyView_->setFlow(QListView::LeftToRight);
  historyView_->setWrapping(false);
  historyView_->setIconSize(QSize(HistoryModel::kThumb, HistoryModel::kThumb));
  historyView_->setUniformItemSizes(true);  // layout stays cheap with 10,000 results
  historyView_->setLayoutMode(QListView::Batched);
  historyView_->setMovement(QListView::Static);
  historyView_->setFixedHeight(130);
  historyView_->setToolTip(
      tr("Earlier results: click one to see it and recall its settings; "
         "select several and press Ctrl+K to compare them"));
  historyView_->setSelectionMode(QAbstractItemView::ExtendedSelection);
  connect(historyView_->selectionModel(), &QItemSelectionModel::currentChanged, this,
          [this](const QModelIndex& current) {
            if (current.isValid()) showHistory(historyFilter_->mapToSource(current).row());
          });
  connect(search, &QLineEdit::textChanged, historyFilter_, &HistoryFilter::setText);
  connect(identityFilter_, qOverload<int>(&QComboBox::currentIndexChanged), this,
          [this] { historyFilter_->setIdentity(identityFilter_->currentData().toString()); });
  right->addWidget(historyView_);
}

QWidget* MainWindow::buildQueueBox(QWidget* parent) {
  auto* box = new QWidget(parent);
  auto* v = new QVBoxLayout(box);
  v->setContentsMargins(0, 0, 0, 0);
  auto* head = new QHBoxLayout();
  auto* title = new QLabel(tr("Queue"), box);
  head->addWidget(title, 1);
  auto* up = new QToolButton(box);
  up->setObjectName("queueUp");
  up->setArrowType(Qt::UpArrow);
  up->setToolTip(tr("Run the selected job earlier"));
  auto* down = new QToolButton(box);
  down->setObjectName("queueDown");
  down->setArrowType(Qt::DownArrow);
  down->setToolTip(tr("Run the selected job later"));
  auto* remove = new QToolButton(box);
  remove->setObjectName("queueRemove");
  remove->setText(tr("Remove"));
  remove->setToolTip(tr("Remove the selected jobs from the queue (Delete)"));
  head->addWidget(up);
  head->addWidget(down);
  head->addWidget(remove);
  v->addLayout(head);
  queueView_ = new QListView(box);
  queueView_->setObjectName("queueView");
  queueView_->setModel(queue_);
  queueView_->setSelectionMode(QAbstractItemView::ExtendedSelection);
  queueView_->setMaximumHeight(90);
  v->addWidget(queueView_);
  auto moveSelected = [this](int delta) {
    const QModelIndex cur = queueView_->currentIndex();
    if (!cur.isValid()) return;
    const int to = queue_->move(cur.row(), delta);
    queueView_->setCurrentIndex(queue_->index(to));
  };
  connect(up, &QToolButton::clicked, this, [moveSelected] { moveSelected(-1); });
  connect(down, &QToolButton::clicked, this, [moveSelected] { moveSelected(+1); });
  auto removeSelected = [this] {
    QList<int> rows;
    for (const QModelIndex& i : queueView_->selectionModel()->selectedIndexes()) rows << i.row();
    std::sort(rows.begin(), rows.end(), std::greater<int>());
    for (int r : rows) queue_->removeRows(r, 1);
  };
  connect(remove, &QToolButton::clicked, this, removeSelected);
  auto* del = new QAction(queueView_);
  del->setShortcut(QKeySequence::Delete);
  del->setShortcutContext(Qt::WidgetShortcut);
  connect(del, &QAction::triggered, this, removeSelected);
  queueView_->addAction(del);
  auto updateTitle = [this, title] {
    title->setText(queue_->isEmpty() ? tr("Queue (empty)")
                                     : tr("Queue (%1 waiting)").arg(queue_->rowCount()));
  };
  connect(queue_, &QAbstractItemModel::rowsInserted, this, updateTitle);
  connect(queue_, &QAbstractItemModel::rowsRemoved, this, updateTitle);
  connect(queue_, &QAbstractItemModel::modelReset, this, updateTitle);
  updateTitle();
  return box;
}

int MainWindow::historySize() const {
  return historyModel_->rowCount();
}
const GenerationOutcome& MainWindow::historyAt(int i) const {
  return historyModel_->at(i);
}
QImage MainWindow::historyImage(int i) const {
  return historyModel_->image(i);
}

int MainWindow::currentHistoryRow() const {
  const QModelIndex i = historyView_->currentIndex();
  return i.isValid() ? historyFilter_->mapToSource(i).row() : -1;
}

void MainWindow::stepHistory(int delta) {
  const int n = historyFilter_->rowCount();
  if (n == 0) return;
  const QModelIndex cur = historyView_->currentIndex();
  const int row = std::clamp(cur.isValid() ? cur.row() + delta : n - 1, 0, n - 1);
  showHistory(historyFilter_->mapToSource(historyFilter_->index(row, 0)).row());
}

void MainWindow::updateIdentityFilter() {
  const QString keep = identityFilter_->currentData().toString();
  QSignalBlocker block(identityFilter_);
  identityFilter_->clear();
  identityFilter_->addItem(tr("All identities"), QString());
  for (const QString& n : historyModel_->identityNames()) identityFilter_->addItem(n, n);
  identityFilter_->setCurrentIndex(std::max(0, identityFilter_->findData(keep)));
}

void MainWindow::compareSelected() {
  QList<int> rows;
  for (const QModelIndex& i : historyView_->selectionModel()->selectedIndexes())
    rows << historyFilter_->mapToSource(i).row();
  std::sort(rows.begin(), rows.end());
  if (rows.size() < 2)
    for (int i = std::max(0, historySize() - 2); i < historySize(); ++i)
      if (!rows.contains(i)) rows << i;
  std::sort(rows.begin(), rows.end());
  while (rows.size() > 4) rows.removeFirst();
  QVector<QImage> images;
  QStringList labels;
  for (int r : rows) {
    const QImage img = historyModel_->image(r);
    if (img.isNull()) continue;
    images << img;
    labels << QString("#%1  seed %2").arg(r + 1).arg(historyModel_->at(r).settings().seed);
  }
  compare_->setImages(images, labels);
  tabs_->setCurrentWidget(compare_);
}

void MainWindow::showHistory(int index) {
  if (index < 0 || index >= historySize()) return;
  const GenerationOutcome& out = historyModel_->at(index);
  const QModelIndex shown = historyFilter_->mapFromSource(historyModel_->index(index));
  if (shown.isValid() && historyView_->currentIndex() != shown) {
    QSignalBlocker block(historyView_->selectionModel());
    historyView_->setCurrentIndex(shown);
    historyView_->scrollTo(shown);
  }
  const QImage img = historyModel_->image(index);  // from disk for saved results
  image_->setPixmap(QPixmap::fromImage(img).scaled(image_->size(), Qt::KeepAspectRatio,
                                                   Qt::SmoothTransformation));
  imageBanner_->setVisible(out.record.demo);
  // The line under the image describes the image shown, not the latest generation.
  stepInfo_->setText(tr("Result #%1: seed %2, made in %3.")
                         .arg(index + 1)
                         .arg(out.settings().seed)
                         .arg(durationText(out.record.seconds)));
  panel_->recall(out.settings());
  edit_->controls()->setControls(out.settings().controls);
  edit_->recall(out.settings().edit);
  if (out.settings().identity.active()) {  // the sliders too; the photos stay as they are
    identity_->setStrength(out.settings().identity.strength);
    identity_->setMix(out.settings().identity.mix);
  }
}

}  // namespace ui
}  // namespace hl
