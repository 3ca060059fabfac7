// An image with a mask painted over it for inpainting: brush and eraser of adjustable size
// (the mouse wheel with Ctrl changes it), the mask shown as a red veil, white = repaint.
#pragma once

#include <QImage>
#include <QWidget>

namespace hl {
namespace ui {

class MaskCanvas : public QWidget {
  Q_OBJECT

 public:
  explicit MaskCanvas(QWidget* parent = nullptr);

  void setImage(const QImage& image);  // clears the mask
  const QImage& image() const { return image_; }
  // The mask at the image's size (Format_Grayscale8: 255 = repaint).
  const QImage& mask() const { return mask_; }
  void setMask(const QImage& mask);  // scaled to the image
  bool hasMask() const;
  void clearMask();
  void setBrushSize(int px);  // in image pixels
  int brushSize() const { return brush_; }
  void setErasing(bool erase);
  bool erasing() const { return erase_; }
  QSize sizeHint() const override { return {420, 420}; }

 signals:
  void maskChanged();
  void brushChanged(int px);

 protected:
  void paintEvent(QPaintEvent* e) override;
  void mousePressEvent(QMouseEvent* e) override;
  void mouseMoveEvent(QMouseEvent* e) override;
  void mouseReleaseEvent(QMouseEvent* e) override;
  void wheelEvent(QWheelEvent* e) override;

 private:
  QRectF target() const;  // where the image is drawn
  QPointF toImage(const QPointF& widgetPos) const;
  void stroke(const QPointF& from, const QPointF& to);
  QImage image_, mask_;
  int brush_ = 32;
  bool erase_ = false, painting_ = false;
  QPointF last_;
};

}  // namespace ui
}  // namespace hl
