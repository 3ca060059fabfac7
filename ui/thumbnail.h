// Thumbnails for the galleries and the history, decoded at reduced size (call it off the GUI
// thread): EXIF orientation applied like the engine, the longer side at most `size` pixels.
#pragma once

#include <QImage>
#include <QImageReader>

namespace hl {
namespace ui {

inline QImage readThumbnail(const QString& path, int size) {
  QImageReader r(path);
  r.setAutoTransform(true);
  // The scaled size applies before the EXIF rotation, so it is given in stored orientation.
  if (r.size().isValid()) r.setScaledSize(r.size().scaled(size, size, Qt::KeepAspectRatio));
  return r.read();
}

}  // namespace ui
}  // namespace hl
