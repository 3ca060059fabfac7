#include "ui/main_window.h"

#include <QLabel>
#include <QProgressBar>
#include <QSettings>
#include <QStatusBar>
#include <QAction>
#include <QHBoxLayout>
#include <QSignalBlocker>
#include <QTabWidget>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>

#include "ui/compare_view.h"
#include "ui/control_panel.h"
#include "ui/edit_view.h"
#include "ui/mask_canvas.h"
#include "ui/generate_panel.h"
#include "ui/history_model.h"
#include "ui/history_store.h"
#include "ui/identity_panel.h"
#include "ui/job_queue.h"
#include "ui/sweep_view.h"

#include <QComboBox>
#include <QListView>
#include <QToolButton>
#include <qcustomplot.h>

#include <QFutureWatcher>
#include <QFile>
#include <QTimer>
#include <QJsonDocument>
#include <QLineEdit>
#include <QStandardPaths>

namespace hl {
namespace ui {

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent) {
  setWindowTitle(tr("HyperLoRA Studio"));
  setObjectName("MainWindow");

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

  worker_ = new EngineWorker(this);
  connect(worker_, &EngineWorker::progress, this,
          [this](quint64 id, int step, int total, double secondsPerStep, QImage preview) {
            if (id != runningJob_) return;
            if (step == 1) stepPlot_->graph(0)->data()->clear();
            stepPlot_->graph(0)->addData(step, secondsPerStep);
            stepPlot_->xAxis->setRange(0.5, total + 0.5);
            stepPlot_->graph(0)->rescaleValueAxis(false, true);
            stepPlot_->yAxis->setRangeLower(0);
            stepPlot_->replot(QCustomPlot::rpQueuedReplot);
            progress_->setMaximum(total);
            progress_->setValue(step);
            stepInfo_->setText(tr("Step %1 of %2, %3 s per step, about %4 s left")
                                   .arg(step).arg(total).arg(secondsPerStep, 0, 'f', 2)
                                   .arg(int(std::ceil(secondsPerStep * (total - step)))));
            if (!preview.isNull())
              image_->setPixmap(QPixmap::fromImage(preview).scaled(image_->size(), Qt::KeepAspectRatio,
                                                                   Qt::FastTransformation));
          });
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
    stepInfo_->setText(tr("Identity %1: photo %2 of %3 analysed...").arg(slot == 0 ? "A" : "B").arg(done).arg(total));
  });
  connect(identity_, &IdentityPanel::galleryChanged, this, &MainWindow::prepareIdentity);
  connect(worker_, &EngineWorker::exported, this, [this](quint64 id, QString path) {
    if (id != runningJob_) return;
    stepInfo_->setText(tr("Identity LoRA written to %1.").arg(path));
    statusBar()->showMessage(tr("Identity LoRA written to %1").arg(path), 6000);
    jobEnded(id);
    emit loraExported(path);
  });
  connect(worker_, &EngineWorker::identityEnergy, identity_, &IdentityPanel::setEnergy);
  connect(panel_, &GeneratePanel::generateRequested, this, &MainWindow::generate);
  connect(identity_, &IdentityPanel::liveUpdate, this, [this] {
    if (modelRoot_.isEmpty()) return;
    panel_->lockSeed();  // the same seed, so only the identity changes
    queue_->pushLive(currentJob());  // replaces a live update still waiting
    if (runningJob_ != 0 && runningLive_) worker_->cancel();  // the latest slider position wins
    dispatch();
  });
  connect(worker_, &EngineWorker::identityReport, identity_, &IdentityPanel::setReport);
  connect(panel_, &GeneratePanel::cancelRequested, this, &MainWindow::cancelGeneration);
  auto* gen = new QAction(tr("&Generate"), this);
  gen->setShortcuts({QKeySequence(Qt::CTRL | Qt::Key_Return), QKeySequence(Qt::CTRL | Qt::Key_Enter)});
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
  panel_->restoreSettings();
  edit_->restoreSettings();
  // Identity A's first usable face: the face-keypoint ControlNet preview.
  connect(worker_, &EngineWorker::photosAnalysed, this, [this](int slot, QVector<PhotoAnalysis> photos) {
    if (slot != 0) return;
    for (const PhotoAnalysis& p : photos)
      if (p.used && p.keypoints.size() == 5) return edit_->controls()->setIdentityFace(p.imageSize, p.keypoints);
  });
  {
    QFile f(sessionPath());
    if (f.open(QIODevice::ReadOnly)) identity_->restoreState(QJsonDocument::fromJson(f.readAll()).object());
  }
  auto* sessionTimer = new QTimer(this);  // coalesces a slider drag into one write
  sessionTimer->setSingleShot(true);
  sessionTimer->setInterval(400);
  connect(sessionTimer, &QTimer::timeout, this, &MainWindow::saveSession);
  connect(identity_, &IdentityPanel::changed, sessionTimer, qOverload<>(&QTimer::start));
  // The saved history comes back, newest last in the strip; thumbnails load off the GUI thread.
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
    if (historySize() > 0)  // the newest results in view, as they were at the end of the last session
      QTimer::singleShot(0, historyView_, [this] { historyView_->scrollTo(historyFilter_->index(historyFilter_->rowCount() - 1, 0)); });
  } catch (const std::exception& e) {
    statusBar()->showMessage(tr("History unavailable: %1").arg(QString::fromUtf8(e.what())));
  }

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
  auto* right = new QVBoxLayout();
  imageBanner_ = new QLabel(tr("Demo models: images are noise."), page);
  imageBanner_->setObjectName("imageBanner");
  imageBanner_->setStyleSheet("QLabel { background: #fff4ce; color: #5c4400; padding: 4px; font-weight: bold; }");
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
  infoRow->addWidget(stepPlot_);
  right->addLayout(infoRow);
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
  historyView_->setToolTip(tr("Earlier results: click one to see it and recall its settings; "
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
  row->addLayout(right, 1);
  return page;
}

GenerationJob MainWindow::currentJob() {
  GenerationJob job;
  job.models = EngineSettings::load().choice(modelRoot_);
  job.settings = panel_->settings();
  job.settings.identity = identity_->settings();
  job.settings.controls = edit_->controls()->controls();
  job.settings.edit =
      edit_->settings(QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation) + "/edit");
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
    statusBar()->showMessage(tr("A sweep needs an identity: add photos to identity A first."), 6000);
    return;
  }
  if (kind == SweepKind::Mix && !id.mixed()) {
    statusBar()->showMessage(tr("An A <-> B sweep needs photos in both identities."), 6000);
    return;
  }
  GenerationJob base = currentJob();  // one seed for the whole row
  const quint64 sweepId = ++nextSweep_;
  sweep_->begin(sweepId, kind, values, id.mixed());
  for (double v : values) {
    GenerationJob job = base;
    job.sweepId = sweepId;
    job.sweepKind = kind;
    job.sweepValue = v;
    job.measureFaces = true;
    if (kind == SweepKind::Strength) job.settings.identity.strength = v;
    else job.settings.identity.mix = v;
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
    stepInfo_->setText(job.prepareOnly ? tr("Analysing the identity photos...") : tr("Writing the identity LoRA..."));
  } else {
    progress_->setRange(0, job.settings.steps);
    progress_->setValue(0);
    progress_->setTextVisible(true);
    stepInfo_->setText(queue_->isEmpty() ? tr("Starting...") : tr("Starting... (%1 more queued)").arg(queue_->rowCount()));
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
    title->setText(queue_->isEmpty() ? tr("Queue (empty)") : tr("Queue (%1 waiting)").arg(queue_->rowCount()));
  };
  connect(queue_, &QAbstractItemModel::rowsInserted, this, updateTitle);
  connect(queue_, &QAbstractItemModel::rowsRemoved, this, updateTitle);
  connect(queue_, &QAbstractItemModel::modelReset, this, updateTitle);
  updateTitle();
  return box;
}

int MainWindow::historySize() const { return historyModel_->rowCount(); }
const GenerationOutcome& MainWindow::historyAt(int i) const { return historyModel_->at(i); }
QImage MainWindow::historyImage(int i) const { return historyModel_->image(i); }

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

void MainWindow::onFinished(const GenerationOutcome& outIn) {
  GenerationOutcome out = outIn;
  if (store_) {
    try {
      out.imagePath = store_->add(out).imagePath;
    } catch (const std::exception& e) {
      statusBar()->showMessage(tr("Could not save to the history: %1").arg(QString::fromUtf8(e.what())));
    }
  }
  {
    GenerationOutcome kept = out;
    if (!kept.imagePath.isEmpty()) kept.image = QImage();  // on disk: read again when shown
    historyModel_->append(std::move(kept));
    // A name the filter does not offer yet: rebuild its list (a scan of the whole history).
    const studio::IdentityRecord& id = out.settings().identity;
    const bool newName = id.active() &&
                         (identityFilter_->findData(QString::fromStdString(id.nameA)) < 0 ||
                          (id.mixed() && identityFilter_->findData(QString::fromStdString(id.nameB)) < 0));
    if (newName) updateIdentityFilter();
    const QModelIndex shown = historyFilter_->mapFromSource(historyModel_->index(historySize() - 1));
    QSignalBlocker block(historyView_->selectionModel());
    if (shown.isValid()) {
      historyView_->setCurrentIndex(shown);
      historyView_->scrollTo(shown);
    }
  }
  image_->setPixmap(QPixmap::fromImage(out.image).scaled(image_->size(), Qt::KeepAspectRatio, Qt::SmoothTransformation));
  imageBanner_->setVisible(out.record.demo);
  stepInfo_->setText(tr("Done in %1 s (seed %2).").arg(out.record.seconds, 0, 'f', 1).arg(out.settings().seed));
  sweep_->addResult(out);
  jobEnded(out.id);
  emit generationDone(out.id);
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
  image_->setPixmap(QPixmap::fromImage(img).scaled(image_->size(), Qt::KeepAspectRatio, Qt::SmoothTransformation));
  imageBanner_->setVisible(out.record.demo);
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
