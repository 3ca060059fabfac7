#include "ui/mask_canvas.h"

#include <QMouseEvent>
#include <QPainter>
#include <QWheelEvent>
#include <algorithm>

namespace hl {
namespace ui {

MaskCanvas::MaskCanvas(QWidget* parent) : QWidget(parent) {
  setObjectName("maskCanvas");
  setMinimumSize(240, 240);
  setMouseTracking(true);
  setCursor(Qt::CrossCursor);
  setToolTip(
      tr("Paint where the image should change; right button or the eraser removes. "
         "Ctrl + wheel: brush size"));
}

void MaskCanvas::setImage(const QImage& image) {
  image_ = image.convertToFormat(QImage::Format_RGB888);
  mask_ = QImage(image_.size(), QImage::Format_Grayscale8);
  mask_.fill(0);
  update();
  emit maskChanged();
}

void MaskCanvas::setMask(const QImage& mask) {
  if (image_.isNull()) return;
  mask_ = mask.convertToFormat(QImage::Format_Grayscale8)
              .scaled(image_.size(), Qt::IgnoreAspectRatio, Qt::FastTransformation);
  update();
  emit maskChanged();
}

bool MaskCanvas::hasMask() const {
  for (int y = 0; y < mask_.height(); ++y) {
    const uchar* row = mask_.constScanLine(y);
    if (std::any_of(row, row + mask_.width(), [](uchar v) { return v != 0; })) return true;
  }
  return false;
}

void MaskCanvas::clearMask() {
  mask_.fill(0);
  update();
  emit maskChanged();
}

void MaskCanvas::setBrushSize(int px) {
  const int b = std::clamp(px, 1, 512);
  if (b == brush_) return;
  brush_ = b;
  update();
  emit brushChanged(b);
}

void MaskCanvas::setErasing(bool erase) {
  erase_ = erase;
}

QRectF MaskCanvas::target() const {
  if (image_.isNull()) return {};
  QSizeF s = QSizeF(image_.size()).scaled(QSizeF(size()), Qt::KeepAspectRatio);
  return QRectF(QPointF((width() - s.width()) / 2, (height() - s.height()) / 2), s);
}

QPointF MaskCanvas::toImage(const QPointF& p) const {
  const QRectF t = target();
  if (t.isEmpty()) return {};
  return {(p.x() - t.x()) * image_.width() / t.width(),
          (p.y() - t.y()) * image_.height() / t.height()};
}

void MaskCanvas::stroke(const QPointF& from, const QPointF& to) {
  QPainter p(&mask_);
  p.setRenderHint(QPainter::Antialiasing, false);
  p.setPen(QPen(QColor(erase_ ? 0 : 255, erase_ ? 0 : 255, erase_ ? 0 : 255), brush_, Qt::SolidLine,
                Qt::RoundCap, Qt::RoundJoin));
  if (from == to) {  // a click: a dot (Qt draws nothing for a zero-length line)
    const QColor c(erase_ ? 0 : 255, erase_ ? 0 : 255, erase_ ? 0 : 255);
    p.setPen(Qt::NoPen);
    p.setBrush(c);
    p.drawEllipse(from, brush_ / 2.0, brush_ / 2.0);
  } else {
    p.drawLine(from, to);
  }
  update();
}

void MaskCanvas::paintEvent(QPaintEvent*) {
  QPainter p(this);
  p.fillRect(rect(), QColor(32, 33, 36));
  if (image_.isNull()) {
    p.setPen(QColor(154, 160, 166));
    p.drawText(rect(), Qt::AlignCenter | Qt::TextWordWrap,
               tr("Open an image, or send a result here (Ctrl+I), then paint a mask to repaint "
                  "only part of it."));
    return;
  }
  const QRectF t = target();
  p.drawImage(t, image_);
  // The mask as a translucent red veil.
  QImage veil(mask_.size(), QImage::Format_ARGB32_Premultiplied);
  veil.fill(Qt::transparent);
  for (int y = 0; y < mask_.height(); ++y) {
    const uchar* m = mask_.constScanLine(y);
    QRgb* v = reinterpret_cast<QRgb*>(veil.scanLine(y));
    for (int x = 0; x < mask_.width(); ++x)
      if (m[x]) v[x] = qPremultiply(qRgba(230, 40, 40, m[x] * 140 / 255));
  }
  p.drawImage(t, veil);
  // The brush outline under the cursor.
  const QPoint c = mapFromGlobal(QCursor::pos());
  if (rect().contains(c)) {
    const double r = brush_ * t.width() / image_.width() / 2;
    p.setPen(QPen(erase_ ? Qt::white : QColor(255, 120, 120), 1, Qt::DashLine));
    p.drawEllipse(QPointF(c), r, r);
  }
}

void MaskCanvas::mousePressEvent(QMouseEvent* e) {
  if (image_.isNull()) return;
  painting_ = true;
  const bool wasErasing = erase_;
  if (e->button() == Qt::RightButton) erase_ = true;
  last_ = toImage(e->position());
  stroke(last_, last_);
  if (e->button() == Qt::RightButton) erase_ = wasErasing, painting_ = false, emit maskChanged();
}

void MaskCanvas::mouseMoveEvent(QMouseEvent* e) {
  if (painting_ && (e->buttons() & Qt::LeftButton)) {
    const QPointF p = toImage(e->position());
    stroke(last_, p);
    last_ = p;
  } else {
    update();  // the brush outline follows the cursor
  }
}

void MaskCanvas::mouseReleaseEvent(QMouseEvent*) {
  if (!painting_) return;
  painting_ = false;
  emit maskChanged();
}

void MaskCanvas::wheelEvent(QWheelEvent* e) {
  if (!(e->modifiers() & Qt::ControlModifier)) return QWidget::wheelEvent(e);
  setBrushSize(brush_ + (e->angleDelta().y() > 0 ? 4 : -4));
  e->accept();
}

}  // namespace ui
}  // namespace hl
