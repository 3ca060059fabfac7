#include "ui/sweep_view.h"

#include <qcustomplot.h>

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QScrollArea>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QSplitter>
#include <QVBoxLayout>
#include <cmath>

#include "ui/duration_text.h"
#include "ui/save_path.h"

namespace hl {
namespace ui {
namespace {

constexpr int kCell = 220;

QString valueName(SweepKind kind, double v) {
  return kind == SweepKind::Mix ? QObject::tr("t = %1").arg(v, 0, 'f', 2)
                                : QObject::tr("strength %1").arg(v, 0, 'f', 2);
}

}  // namespace

QVector<double> SweepView::steps(double from, double to, int count) {
  QVector<double> v;
  for (int i = 0; i < count; ++i) v << (count == 1 ? from : from + (to - from) * i / (count - 1));
  return v;
}

SweepView::SweepView(QWidget* parent) : QWidget(parent) {
  setObjectName("sweepView");
  auto* layout = new QVBoxLayout(this);
  layout->addLayout(buildControls());
  auto* split = new QSplitter(Qt::Vertical, this);
  buildGrid(split);
  auto* bottom = new QWidget(split);
  auto* bl = new QVBoxLayout(bottom);
  bl->setContentsMargins(0, 0, 0, 0);
  buildPlot(bottom);
  bl->addWidget(plot_, 1);
  note_ = new QLabel(bottom);
  note_->setObjectName("sweepNote");
  note_->setWordWrap(true);
  bl->addWidget(note_);
  split->setStretchFactor(0, 3);
  split->setStretchFactor(1, 2);
  layout->addWidget(split, 1);
  setDefaults();
  replot();
}

// What to sweep, over which range, how many images; Run and Save.
QHBoxLayout* SweepView::buildControls() {
  auto* controls = new QHBoxLayout();
  kind_ = new QComboBox(this);
  kind_->setObjectName("sweepKind");
  kind_->addItem(tr("ID strength"), int(SweepKind::Strength));
  kind_->addItem(tr("A <-> B mix"), int(SweepKind::Mix));
  from_ = new QDoubleSpinBox(this);
  from_->setObjectName("sweepFrom");
  to_ = new QDoubleSpinBox(this);
  to_->setObjectName("sweepTo");
  for (QDoubleSpinBox* b : {from_, to_}) {
    b->setRange(-1.5, 1.5);
    b->setSingleStep(0.05);
    b->setDecimals(2);
  }
  count_ = new QSpinBox(this);
  count_->setObjectName("sweepCount");
  count_->setRange(2, 9);
  count_->setValue(5);
  run_ = new QPushButton(tr("Run sweep"), this);
  run_->setObjectName("runSweep");
  run_->setToolTip(tr("Queue one image per value, all at the current seed and settings"));
  save_ = new QPushButton(tr("Save grid..."), this);
  save_->setObjectName("saveSweepGrid");
  save_->setEnabled(false);
  controls->addWidget(new QLabel(tr("Sweep"), this));
  controls->addWidget(kind_);
  controls->addWidget(new QLabel(tr("from"), this));
  controls->addWidget(from_);
  controls->addWidget(new QLabel(tr("to"), this));
  controls->addWidget(to_);
  controls->addWidget(new QLabel(tr("images"), this));
  controls->addWidget(count_);
  controls->addWidget(run_);
  controls->addStretch(1);
  controls->addWidget(save_);
  connect(kind_, qOverload<int>(&QComboBox::currentIndexChanged), this, [this] { setDefaults(); });
  for (QDoubleSpinBox* b : {from_, to_})
    connect(b, qOverload<double>(&QDoubleSpinBox::valueChanged), this, [this] {
      if (values_.isEmpty()) replot();  // the empty plot spans the range to sweep
    });
  connect(run_, &QPushButton::clicked, this, [this] {
    emit runRequested(SweepKind(kind_->currentData().toInt()),
                      steps(from_->value(), to_->value(), count_->value()));
  });
  connect(save_, &QPushButton::clicked, this, [this] {
    const QString path =
        saveFileName(this, tr("Save sweep grid"), "sweep.png", tr("PNG images (*.png)"), "png");
    if (!path.isEmpty()) saveGrid(path);
  });
  return controls;
}

// The image grid, in a scroll area at the top of the splitter.
void SweepView::buildGrid(QSplitter* split) {
  auto* scroll = new QScrollArea(split);
  scroll->setWidgetResizable(true);
  grid_ = new QWidget(scroll);
  grid_->setObjectName("sweepGrid");
  grid_->setStyleSheet("#sweepGrid { background: #202124; } QLabel { color: #e8eaed; }");
  gridLayout_ = new QGridLayout(grid_);
  gridLayout_->setAlignment(Qt::AlignLeft | Qt::AlignTop);
  auto* empty = new QLabel(
      tr("Choose what to sweep and press Run sweep: the images appear here, one per value, "
         "and the plot below shows how much each face looks like the identity."),
      grid_);
  empty->setWordWrap(true);
  empty->setObjectName("sweepEmpty");
  gridLayout_->addWidget(empty, 0, 0);
  scroll->setWidget(grid_);
  scroll->setMinimumHeight(kCell + 70);  // one row of cells with two-line captions
}

// Face similarity to A and B against the swept value.
void SweepView::buildPlot(QWidget* parent) {
  plot_ = new QCustomPlot(parent);
  plot_->setObjectName("sweepPlot");
  plot_->setMinimumHeight(180);
  plot_->addGraph();
  plot_->graph(0)->setName(tr("similarity to A"));
  plot_->graph(0)->setPen(QPen(QColor(26, 115, 232), 2));
  plot_->graph(0)->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, 7));
  plot_->addGraph();
  plot_->graph(1)->setName(tr("similarity to B"));
  plot_->graph(1)->setPen(QPen(QColor(227, 116, 0), 2));
  plot_->graph(1)->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDiamond, 8));
  plot_->yAxis->setLabel(tr("ArcFace cosine"));
  plot_->yAxis->setRange(-0.2, 1.0);
  plot_->legend->setVisible(true);
  plot_->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignRight);
}

void SweepView::setDefaults() {
  if (SweepKind(kind_->currentData().toInt()) == SweepKind::Mix) {
    from_->setRange(0.0, 1.0);
    to_->setRange(0.0, 1.0);
    from_->setValue(0.0);
    to_->setValue(1.0);
  } else {
    from_->setRange(-1.5, 1.5);
    to_->setRange(-1.5, 1.5);
    from_->setValue(0.25);
    to_->setValue(1.25);
  }
}

void SweepView::begin(quint64 id, SweepKind kind, const QVector<double>& values, bool withB) {
  id_ = id;
  sweepKind_ = kind;
  {  // the controls show what runs, whoever started it
    const QSignalBlocker block(kind_);
    kind_->setCurrentIndex(std::max(0, kind_->findData(int(kind))));
  }
  setDefaults();
  if (!values.isEmpty()) {
    from_->setValue(values.front());
    to_->setValue(values.back());
    count_->setValue(int(values.size()));
  }
  withB_ = withB;
  values_ = values;
  results_ = QVector<GenerationOutcome>(values.size());
  done_ = QVector<bool>(values.size(), false);
  while (QLayoutItem* item = gridLayout_->takeAt(0)) {
    delete item->widget();
    delete item;
  }
  images_.clear();
  captions_.clear();
  for (int i = 0; i < values.size(); ++i) {
    auto* image = new QLabel(tr("waiting..."), grid_);
    image->setObjectName("sweepCell");
    image->setAlignment(Qt::AlignCenter);
    image->setFixedSize(kCell, kCell);
    image->setStyleSheet("QLabel { background: #303134; }");
    auto* caption = new QLabel(valueName(kind, values[i]), grid_);
    caption->setAlignment(Qt::AlignCenter);
    gridLayout_->addWidget(image, 0, i);
    gridLayout_->addWidget(caption, 1, i);
    images_ << image;
    captions_ << caption;
  }
  save_->setEnabled(false);
  replot();
}

void SweepView::addResult(const GenerationOutcome& out) {
  if (out.sweepId != id_ || id_ == 0) return;
  int i = -1;
  for (int k = 0; k < values_.size(); ++k)
    if (!done_[k] && std::abs(values_[k] - out.sweepValue) < 1e-9) {
      i = k;
      break;
    }
  if (i < 0) return;
  done_[i] = true;
  results_[i] = out;
  images_[i]->setPixmap(QPixmap::fromImage(out.image).scaled(kCell, kCell, Qt::KeepAspectRatio,
                                                             Qt::SmoothTransformation));
  images_[i]->setToolTip(
      tr("seed %1, %2").arg(out.settings().seed).arg(durationText(out.record.seconds)));
  QString caption = valueName(sweepKind_, values_[i]);
  if (out.facesFound == 0)
    caption += "\n" + tr("no face found");
  else if (out.facesFound > 0) {
    caption += "\n" + tr("A %1").arg(out.similarityA, 0, 'f', 3);
    if (withB_ && !std::isnan(out.similarityB))
      caption += "  " + tr("B %1").arg(out.similarityB, 0, 'f', 3);
  }
  captions_[i]->setText(caption);
  save_->setEnabled(imageCount() > 0);
  replot();
}

int SweepView::imageCount() const {
  return int(std::count(done_.begin(), done_.end(), true));
}

void SweepView::replot() {
  QVector<double> x, a, b;
  int noFace = 0;
  for (int i = 0; i < values_.size(); ++i) {
    if (!done_[i]) continue;
    x << values_[i];
    a << results_[i].similarityA;  // NaN leaves a gap: no face in that image
    b << results_[i].similarityB;
    noFace += results_[i].facesFound == 0;
  }
  plot_->graph(0)->setData(x, a, true);
  plot_->graph(1)->setData(x, b, true);
  plot_->graph(1)->setVisible(withB_);
  plot_->graph(1)->removeFromLegend();
  if (withB_) plot_->graph(1)->addToLegend();
  plot_->xAxis->setLabel(sweepKind_ == SweepKind::Mix ? tr("t (0 = A, 1 = B)") : tr("ID strength"));
  {  // the values swept, or before any sweep the range it would cover
    double lo = std::min(from_->value(), to_->value()), hi = std::max(from_->value(), to_->value());
    if (!values_.isEmpty()) {
      const auto [l, h] = std::minmax_element(values_.begin(), values_.end());
      lo = *l, hi = *h;
    }
    const double pad = std::max(0.05, (hi - lo) * 0.05);
    plot_->xAxis->setRange(lo - pad, hi + pad);
  }
  QString note;
  if (values_.isEmpty())
    note = tr("No sweep yet.");
  else
    note = tr("%1 of %2 images done.").arg(x.size()).arg(values_.size());
  if (noFace > 0) note += " " + tr("Images without a face (no point on the plot): %1.").arg(noFace);
  note_->setText(note);
  plot_->replot();
}

bool SweepView::saveGrid(const QString& path) const {
  return grid_->grab().save(path, "PNG");
}

}  // namespace ui
}  // namespace hl
