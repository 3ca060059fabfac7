// A name typed into a save dialog without an extension gets the format's one: Qt's own dialog
// (Linux) keeps the name as typed, and a portrait saved as "anna" opens nowhere.
#pragma once

#include <QFileInfo>
#include <QString>

namespace hl {
namespace ui {

inline QString withSuffix(const QString& path, const QString& suffix) {
  if (path.isEmpty() || !QFileInfo(path).suffix().isEmpty()) return path;
  return path + "." + suffix;
}

}  // namespace ui
}  // namespace hl
