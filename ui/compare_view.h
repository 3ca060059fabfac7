// Side-by-side comparison of 2 to 4 results with one shared zoom and pan (wheel to zoom at the
// cursor, drag to pan), or, for two images, a split view with a movable divider.
#pragma once

#include <QImage>
#include <QVector>
#include <QWidget>

class QSlider;
class QCheckBox;

namespace hl {
namespace ui {

class CompareCanvas : public QWidget {
  Q_OBJECT

 public:
  explicit CompareCanvas(QWidget* parent = nullptr);
  void setImages(const QVector<QImage>& images, const QStringList& labels);
  int imageCount() const { return images_.size(); }
  void setSplit(bool split) { split_ = split; update(); }
  bool split() const { return split_; }
  void setSplitPosition(double p) { splitPos_ = p; update(); }
  void setZoom(double z, QPointF anchor = QPointF(-1, -1));
  double zoom() const { return zoom_; }
  QPointF pan() const { return pan_; }
  // The rectangle where image `i` is drawn (the same zoom and pan for all of them).
  QRectF imageRect(int i) const;

 protected:
  void paintEvent(QPaintEvent*) override;
  void wheelEvent(QWheelEvent* e) override;
  void mousePressEvent(QMouseEvent* e) override;
  void mouseMoveEvent(QMouseEvent* e) override;

 private:
  QRectF cell(int i) const;
  QVector<QImage> images_;
  QStringList labels_;
  double zoom_ = 1.0;
  QPointF pan_;
  QPointF dragStart_;
  bool split_ = false;
  double splitPos_ = 0.5;
};

class CompareView : public QWidget {
  Q_OBJECT

 public:
  explicit CompareView(QWidget* parent = nullptr);
  void setImages(const QVector<QImage>& images, const QStringList& labels);
  CompareCanvas* canvas() { return canvas_; }

 private:
  CompareCanvas* canvas_;
  QCheckBox* split_;
  QSlider* divider_;
};

}  // namespace ui
}  // namespace hl
