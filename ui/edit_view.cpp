#include "ui/edit_view.h"

#include <QCheckBox>
#include <QCryptographicHash>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QScrollArea>
#include <QSettings>
#include <QSlider>
#include <QSpinBox>
#include <QToolButton>
#include <QVBoxLayout>

#include "ui/control_panel.h"
#include "ui/mask_canvas.h"

namespace hl {
namespace ui {
namespace {

QToolButton* tool(QWidget* parent, const QString& name, const QString& text, const QString& tip) {
  auto* b = new QToolButton(parent);
  b->setObjectName(name);
  b->setText(text);
  b->setToolTip(tip);
  return b;
}

// Saves an in-memory image once, named by its content, so a record can point at it.
QString saveByContent(const QImage& image, const QString& folder, const QString& prefix) {
  QDir().mkpath(folder);
  const QByteArray bytes(reinterpret_cast<const char*>(image.constBits()), image.sizeInBytes());
  const QString hash = QCryptographicHash::hash(bytes, QCryptographicHash::Sha1).toHex().left(16);
  const QString path = folder + "/" + prefix + "-" + hash + ".png";
  if (!QFileInfo::exists(path)) image.save(path);
  return path;
}

}  // namespace

EditView::EditView(QWidget* parent) : QWidget(parent) {
  setObjectName("editView");
  auto* row = new QHBoxLayout(this);
  row->addLayout(buildCanvasColumn(), 3);
  row->addWidget(buildSide(), 2);
  connect(canvas_, &MaskCanvas::maskChanged, this, &EditView::updateState);
  connect(strength_, &QSlider::valueChanged, this, &EditView::updateState);
  connect(use_, &QCheckBox::toggled, this, &EditView::updateState);
  updateState();
}

// The tool row, the mask canvas and the status line.
QVBoxLayout* EditView::buildCanvasColumn() {
  auto* left = new QVBoxLayout();
  auto* tools = new QHBoxLayout();
  auto* open = tool(this, "editOpen", tr("Open image..."), tr("Edit an image file"));
  auto* result = tool(this, "editUseResult", tr("Use shown result"),
                      tr("Edit the result shown on the Generate tab (Ctrl+I)"));
  auto* loadMask = tool(this, "editLoadMask", tr("Load mask..."),
                        tr("A black-and-white mask: white is repainted"));
  auto* clear = tool(this, "editClearMask", tr("Clear mask"),
                     tr("Remove the painted mask: the whole image is redone"));
  eraser_ =
      tool(this, "editEraser", tr("Eraser"), tr("Paint with the eraser (or use the right button)"));
  eraser_->setCheckable(true);
  brush_ = new QSpinBox(this);
  brush_->setObjectName("editBrush");
  brush_->setRange(1, 512);
  brush_->setValue(32);
  brush_->setPrefix(tr("brush "));
  brush_->setSuffix(" px");
  brush_->setToolTip(tr("Brush size in image pixels (Ctrl + wheel over the image)"));
  for (QWidget* w : std::initializer_list<QWidget*>{open, result, loadMask, clear, eraser_, brush_})
    tools->addWidget(w);
  tools->addStretch(1);
  left->addLayout(tools);
  canvas_ = new MaskCanvas(this);
  left->addWidget(canvas_, 1);
  status_ = new QLabel(this);
  status_->setObjectName("editStatus");
  left->addWidget(status_);
  connect(open, &QToolButton::clicked, this, [this] {
    const QString p =
        QFileDialog::getOpenFileName(this, tr("Open image"), QFileInfo(initPath_).absolutePath(),
                                     tr("Images (*.png *.jpg *.jpeg *.webp *.bmp)"));
    if (!p.isEmpty()) setInitImage(p);
  });
  connect(result, &QToolButton::clicked, this, &EditView::useResultRequested);
  connect(loadMask, &QToolButton::clicked, this, [this] {
    const QString p = QFileDialog::getOpenFileName(this, tr("Load mask"), QString(),
                                                   tr("Images (*.png *.jpg *.bmp)"));
    if (!p.isEmpty()) canvas_->setMask(QImage(p));
  });
  connect(clear, &QToolButton::clicked, canvas_, &MaskCanvas::clearMask);
  connect(eraser_, &QToolButton::toggled, canvas_, &MaskCanvas::setErasing);
  connect(brush_, qOverload<int>(&QSpinBox::valueChanged), canvas_, &MaskCanvas::setBrushSize);
  connect(canvas_, &MaskCanvas::brushChanged, brush_, &QSpinBox::setValue);
  return left;
}

// Image-to-image settings above the ControlNets (scrolling when there are many).
QWidget* EditView::buildSide() {
  auto* side = new QVBoxLayout();
  side->addWidget(buildImageToImageBox());
  controls_ = new ControlPanel(this);
  auto* scroll = new QScrollArea(this);
  scroll->setWidget(controls_);
  scroll->setWidgetResizable(true);
  scroll->setFrameShape(QFrame::NoFrame);
  scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
  side->addWidget(scroll, 1);
  auto* sideWidget = new QWidget(this);
  sideWidget->setLayout(side);
  sideWidget->setMaximumWidth(420);
  return sideWidget;
}

QGroupBox* EditView::buildImageToImageBox() {
  auto* box = new QGroupBox(tr("Image to image"), this);
  auto* f = new QFormLayout(box);
  use_ = new QCheckBox(tr("Generate from this image"), box);
  use_->setObjectName("editUse");
  use_->setToolTip(
      tr("On: every generation starts from this image (and repaints only the mask, if any)"));
  f->addRow(use_);
  auto* sRow = new QHBoxLayout();
  strength_ = new QSlider(Qt::Horizontal, box);
  strength_->setObjectName("editStrength");
  strength_->setRange(5, 100);
  strength_->setValue(75);
  strengthLabel_ = new QLabel(box);
  sRow->addWidget(strength_, 1);
  sRow->addWidget(strengthLabel_);
  f->addRow(tr("Strength"), sRow);
  blur_ = new QSpinBox(box);
  blur_->setObjectName("editMaskBlur");
  blur_->setRange(0, 64);
  blur_->setValue(4);
  blur_->setSuffix(" px");
  f->addRow(tr("Mask blur"), blur_);
  grow_ = new QSpinBox(box);
  grow_->setObjectName("editMaskGrow");
  grow_->setRange(-64, 64);
  grow_->setSuffix(" px");
  f->addRow(tr("Mask grow"), grow_);
  pasteBack_ = new QCheckBox(tr("Keep unmasked pixels exactly"), box);
  pasteBack_->setObjectName("editPasteBack");
  pasteBack_->setChecked(true);
  f->addRow(pasteBack_);
  return box;
}

bool EditView::setInitImage(const QString& path) {
  const QImage img(path);
  if (img.isNull()) {
    status_->setText(tr("%1: not a readable image").arg(path));
    return false;
  }
  canvas_->setImage(img);
  initPath_ = path;
  use_->setChecked(true);
  updateState();
  return true;
}

void EditView::setInitImage(const QImage& image) {
  canvas_->setImage(image);
  initPath_.clear();
  use_->setChecked(true);
  updateState();
}

bool EditView::active() const {
  return use_->isChecked() && !canvas_->image().isNull();
}
void EditView::setActive(bool on) {
  use_->setChecked(on);
}

studio::EditSettings EditView::settings(const QString& folder) const {
  studio::EditSettings e;
  if (!active()) return e;
  e.initImage = (initPath_.isEmpty() ? saveByContent(canvas_->image(), folder, "init") : initPath_)
                    .toStdString();
  if (canvas_->hasMask()) e.mask = saveByContent(canvas_->mask(), folder, "mask").toStdString();
  e.strength = strength_->value() / 100.0;
  e.maskBlur = blur_->value();
  e.maskGrow = grow_->value();
  e.pasteBack = pasteBack_->isChecked();
  return e;
}

void EditView::recall(const studio::EditSettings& e) {
  if (!e.active()) {
    use_->setChecked(false);
    return;
  }
  if (!setInitImage(QString::fromStdString(e.initImage))) return;
  if (!e.mask.empty()) canvas_->setMask(QImage(QString::fromStdString(e.mask)));
  strength_->setValue(int(std::lround(e.strength * 100)));
  blur_->setValue(e.maskBlur);
  grow_->setValue(e.maskGrow);
  pasteBack_->setChecked(e.pasteBack);
}

void EditView::updateState() {
  strengthLabel_->setText(QString::number(strength_->value() / 100.0, 'f', 2));
  const bool image = !canvas_->image().isNull();
  use_->setEnabled(image);
  if (!image)
    status_->setText(tr("No image: generations start from noise."));
  else if (!use_->isChecked())
    status_->setText(tr("Image to image is off."));
  else
    status_->setText(canvas_->hasMask()
                         ? tr("Inpainting: only the red area is repainted (%1 x %2).")
                               .arg(canvas_->image().width())
                               .arg(canvas_->image().height())
                         : tr("Image to image: the whole picture is redone at strength %1.")
                               .arg(strength_->value() / 100.0, 0, 'f', 2));
  emit changed();
}

void EditView::saveSettings() const {
  QSettings s;
  s.setValue("edit/strength", strength_->value());
  s.setValue("edit/maskBlur", blur_->value());
  s.setValue("edit/maskGrow", grow_->value());
  s.setValue("edit/pasteBack", pasteBack_->isChecked());
  s.setValue("edit/brush", brush_->value());
  controls_->saveSettings();
}

void EditView::restoreSettings() {
  QSettings s;
  strength_->setValue(s.value("edit/strength", 75).toInt());
  blur_->setValue(s.value("edit/maskBlur", 4).toInt());
  grow_->setValue(s.value("edit/maskGrow", 0).toInt());
  pasteBack_->setChecked(s.value("edit/pasteBack", true).toBool());
  brush_->setValue(s.value("edit/brush", 32).toInt());
  controls_->restoreSettings();
}

}  // namespace ui
}  // namespace hl
