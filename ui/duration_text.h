// How long a generation took, in the unit a person reads at a glance: "32 ms", "4.2 s",
// "2 min 05 s" (tenths of a second say nothing below a second or above a minute).
#pragma once

#include <QCoreApplication>
#include <QString>
#include <cmath>

namespace hl {
namespace ui {

inline QString durationText(double seconds) {
  if (seconds < 0.9995)
    return QCoreApplication::translate("Duration", "%1 ms").arg(std::lround(seconds * 1000.0));
  if (seconds < 59.95)
    return QCoreApplication::translate("Duration", "%1 s").arg(seconds, 0, 'f', 1);
  const long total = std::lround(seconds);
  return QCoreApplication::translate("Duration", "%1 min %2 s")
      .arg(total / 60)
      .arg(total % 60, 2, 10, QLatin1Char('0'));
}

}  // namespace ui
}  // namespace hl
