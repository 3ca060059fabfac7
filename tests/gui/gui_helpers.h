// Shared set-up of the studio GUI tests.
#pragma once

#include <QApplication>
#include <QComboBox>
#include <QSpinBox>
#include <QtTest>

#include "ui/main_window.h"

// Shows `w` on the model set at `pack`, set for quick 64x64 runs of `steps` steps.
inline void quickRuns(hl::ui::MainWindow& w, const QString& pack, int steps) {
  w.show();
  w.openModels(pack);
  auto* size = w.findChild<QComboBox*>("size");
  size->setCurrentIndex(size->findData(QSize(64, 64)));
  w.findChild<QSpinBox*>("steps")->setValue(steps);
}

// Shows `w` and makes it the active window, so keyboard shortcuts reach it. Offscreen (CI) always
// activates it; a bare X server without a window manager (scripts/screenshots.sh) may not, and
// then the tests call the actions directly. Returns whether shortcuts can be used.
inline bool showActive(hl::ui::MainWindow& w) {
  w.show();
  QApplication::setActiveWindow(&w);
  return QTest::qWaitForWindowActive(&w, 3000) || qgetenv("QT_QPA_PLATFORM") == "offscreen";
}
