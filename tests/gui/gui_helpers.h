// Shared set-up of the studio GUI tests.
#pragma once

#include <QComboBox>
#include <QSpinBox>

#include "ui/main_window.h"

// Shows `w` on the model set at `pack`, set for quick 64x64 runs of `steps` steps.
inline void quickRuns(hl::ui::MainWindow& w, const QString& pack, int steps) {
  w.show();
  w.openModels(pack);
  auto* size = w.findChild<QComboBox*>("size");
  size->setCurrentIndex(size->findData(QSize(64, 64)));
  w.findChild<QSpinBox*>("steps")->setValue(steps);
}
