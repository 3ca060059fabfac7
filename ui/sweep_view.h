// Sweeps: one row of images at one seed across ID strengths or A <-> B mixes, shown as a
// labelled grid, with a plot of how much each output's face looks like the identities
// (ArcFace cosine) against the swept value.
#pragma once

#include <QVector>
#include <QWidget>

#include "ui/engine_worker.h"

class QComboBox;
class QCustomPlot;
class QDoubleSpinBox;
class QGridLayout;
class QHBoxLayout;
class QLabel;
class QPushButton;
class QSpinBox;
class QSplitter;

namespace hl {
namespace ui {

class SweepView : public QWidget {
  Q_OBJECT

 public:
  explicit SweepView(QWidget* parent = nullptr);

  // `count` evenly spaced values from `from` to `to`, both included.
  static QVector<double> steps(double from, double to, int count);

  // Starts showing sweep `id` (the previous one is cleared): one empty cell per value.
  void begin(quint64 id, SweepKind kind, const QVector<double>& values, bool withB);
  // Fills the cell of an image of the current sweep; other images are ignored.
  void addResult(const GenerationOutcome& out);
  quint64 currentSweep() const { return id_; }
  int imageCount() const;
  QCustomPlot* plot() { return plot_; }
  // Saves the grid as one PNG picture.
  bool saveGrid(const QString& path) const;

 signals:
  void runRequested(hl::ui::SweepKind kind, QVector<double> values);

 private:
  QHBoxLayout* buildControls();
  void buildGrid(QSplitter* split);
  void buildPlot(QWidget* parent);
  void setDefaults();
  void replot();
  QComboBox* kind_;
  QDoubleSpinBox *from_, *to_;
  QSpinBox* count_;
  QPushButton* run_;
  QPushButton* save_;
  QWidget* grid_;
  QGridLayout* gridLayout_;
  QLabel* note_;
  QCustomPlot* plot_;
  quint64 id_ = 0;
  SweepKind sweepKind_ = SweepKind::None;
  bool withB_ = false;
  QVector<double> values_;
  QVector<QLabel*> images_, captions_;
  QVector<GenerationOutcome> results_;  // by value index (facesFound -1 = not yet)
  QVector<bool> done_;
};

}  // namespace ui
}  // namespace hl
