#include "ui/compare_view.h"

#include <QCheckBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QMouseEvent>
#include <QPainter>
#include <QPushButton>
#include <QSlider>
#include <QVBoxLayout>
#include <QWheelEvent>
#include <algorithm>
#include <cmath>

namespace hl {
namespace ui {

CompareCanvas::CompareCanvas(QWidget* parent) : QWidget(parent) {
  setObjectName("compareCanvas");
  setMinimumSize(400, 300);
  setMouseTracking(false);
}

void CompareCanvas::setImages(const QVector<QImage>& images, const QStringList& labels) {
  images_ = images;
  labels_ = labels;
  zoom_ = 1.0;
  pan_ = QPointF();
  if (images_.size() != 2) split_ = false;
  update();
}

QRectF CompareCanvas::cell(int i) const {
  if (split_) return rect();
  const int n = std::max(1, int(images_.size()));
  const double w = double(width()) / n;
  return QRectF(i * w, 0, w, height());
}

QRectF CompareCanvas::imageRect(int i) const {
  if (i < 0 || i >= images_.size()) return {};
  const QRectF c = cell(i);
  const QSizeF s = images_[i].size();
  const double fit = std::min(c.width() / s.width(), c.height() / s.height());
  const QSizeF shown = s * fit * zoom_;
  const QPointF topLeft = c.center() - QPointF(shown.width() / 2, shown.height() / 2) + pan_;
  return QRectF(topLeft, shown);
}

void CompareCanvas::setZoom(double z, QPointF anchor) {
  z = std::clamp(z, 0.25, 32.0);
  if (anchor.x() >= 0 && !images_.isEmpty()) {
    // Keep the point under the cursor fixed (in the first cell's coordinates).
    const QRectF c = cell(0);
    const QPointF rel = anchor - c.center() - pan_;
    pan_ += rel - rel * (z / zoom_);
  }
  zoom_ = z;
  update();
}

void CompareCanvas::paintEvent(QPaintEvent*) {
  QPainter p(this);
  p.fillRect(rect(), QColor(32, 33, 36));
  p.setRenderHint(QPainter::SmoothPixmapTransform, zoom_ < 2.0);
  if (images_.isEmpty()) {
    p.setPen(QColor(154, 160, 166));
    p.drawText(rect(), Qt::AlignCenter, tr("Select 2 to 4 results in the history and press Compare (Ctrl+K)."));
    return;
  }
  if (split_ && images_.size() == 2) {
    const double x = width() * splitPos_;
    p.save();
    p.setClipRect(QRectF(0, 0, x, height()));
    p.drawImage(imageRect(0), images_[0]);
    p.restore();
    p.save();
    p.setClipRect(QRectF(x, 0, width() - x, height()));
    p.drawImage(imageRect(1), images_[1]);
    p.restore();
    p.setPen(QPen(QColor(255, 209, 102), 2));
    p.drawLine(QPointF(x, 0), QPointF(x, height()));
  } else {
    for (int i = 0; i < images_.size(); ++i) {
      p.save();
      p.setClipRect(cell(i));
      p.drawImage(imageRect(i), images_[i]);
      p.restore();
    }
  }
  p.setPen(Qt::white);
  for (int i = 0; i < images_.size() && i < labels_.size(); ++i) {
    const QRectF c = split_ ? (i == 0 ? QRectF(0, 0, width() * splitPos_, height())
                                      : QRectF(width() * splitPos_, 0, width() * (1 - splitPos_), height()))
                            : cell(i);
    p.fillRect(QRectF(c.left() + 6, c.top() + 6, p.fontMetrics().horizontalAdvance(labels_[i]) + 10, 20), QColor(0, 0, 0, 150));
    p.drawText(QPointF(c.left() + 11, c.top() + 21), labels_[i]);
  }
}

void CompareCanvas::wheelEvent(QWheelEvent* e) {
  const double factor = std::pow(1.0015, e->angleDelta().y());
  setZoom(zoom_ * factor, e->position());
}

void CompareCanvas::mousePressEvent(QMouseEvent* e) { dragStart_ = e->position() - pan_; }

void CompareCanvas::mouseMoveEvent(QMouseEvent* e) {
  if (e->buttons() & Qt::LeftButton) {
    pan_ = e->position() - dragStart_;  // one pan for every image: they move together
    update();
  }
}

CompareView::CompareView(QWidget* parent) : QWidget(parent) {
  setObjectName("compareView");
  auto* layout = new QVBoxLayout(this);
  auto* bar = new QHBoxLayout();
  split_ = new QCheckBox(tr("Split view"), this);
  split_->setObjectName("compareSplit");
  split_->setToolTip(tr("Two images in one frame with a movable divider"));
  divider_ = new QSlider(Qt::Horizontal, this);
  divider_->setObjectName("compareDivider");
  divider_->setRange(0, 1000);
  divider_->setValue(500);
  divider_->setEnabled(false);
  auto* reset = new QPushButton(tr("Fit"), this);
  bar->addWidget(split_);
  bar->addWidget(divider_, 1);
  bar->addWidget(reset);
  layout->addLayout(bar);
  canvas_ = new CompareCanvas(this);
  layout->addWidget(canvas_, 1);
  connect(split_, &QCheckBox::toggled, this, [this](bool on) {
    canvas_->setSplit(on && canvas_->imageCount() == 2);
    divider_->setEnabled(canvas_->split());
  });
  connect(divider_, &QSlider::valueChanged, this, [this](int v) { canvas_->setSplitPosition(v / 1000.0); });
  connect(reset, &QPushButton::clicked, this, [this] { canvas_->setZoom(1.0); });
}

void CompareView::setImages(const QVector<QImage>& images, const QStringList& labels) {
  canvas_->setImages(images, labels);
  split_->setEnabled(images.size() == 2);
  split_->setChecked(false);
}

}  // namespace ui
}  // namespace hl
