#include "ui/control_panel.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QSettings>
#include <QSpinBox>
#include <QToolButton>
#include <QVBoxLayout>

#include "models/controlnet_config.h"
#include "studio/imaging.h"
#include "ui/engine_worker.h"
#include "util/error.h"

namespace hl {
namespace ui {
namespace {
constexpr int kPreview = 96;

QDoubleSpinBox* fraction(QWidget* parent, double v, const QString& tip) {
  auto* s = new QDoubleSpinBox(parent);
  s->setRange(0.0, 1.0);
  s->setSingleStep(0.05);
  s->setValue(v);
  s->setToolTip(tip);
  return s;
}
}  // namespace

ControlPanel::ControlPanel(QWidget* parent) : QWidget(parent) {
  setObjectName("controlPanel");
  auto* v = new QVBoxLayout(this);
  v->setContentsMargins(0, 0, 0, 0);
  auto* head = new QHBoxLayout();
  auto* title = new QLabel(tr("ControlNets"), this);
  title->setStyleSheet("QLabel { font-weight: bold; }");
  head->addWidget(title, 1);
  auto* add = new QToolButton(this);
  add->setObjectName("controlAdd");
  add->setText(tr("Add ControlNet"));
  head->addWidget(add);
  v->addLayout(head);
  rows_ = new QVBoxLayout();
  v->addLayout(rows_);
  auto* hint =
      new QLabel(tr("The official HyperLoRA workflows use an OpenPose ControlNet at 0.7 ending "
                    "at 0.7, or InstantID's IdentityNet at 0.6 with face keypoints (CFG 3)."),
                 this);
  hint->setWordWrap(true);
  hint->setStyleSheet("QLabel { color: #5f6368; font-size: 11px; }");
  v->addWidget(hint);
  v->addStretch(1);
  connect(add, &QToolButton::clicked, this, [this] { addControl(); });
}

void ControlPanel::setAvailable(const QStringList& controlNets) {
  available_ = controlNets;
  for (int i = 0; i < count(); ++i) {
    const studio::ControlSetting s = row(i)->setting();
    row(i)->setSetting(s);  // refills the model list
  }
}

ControlRow* ControlPanel::addControl(const QString& model) {
  auto* r =
      new ControlRow(this, model.isEmpty() && !available_.isEmpty() ? available_.front() : model);
  rows_->addWidget(r);
  emit changed();
  return r;
}

int ControlPanel::count() const {
  return rows_->count();
}
ControlRow* ControlPanel::row(int i) const {
  return static_cast<ControlRow*>(rows_->itemAt(i)->widget());
}

std::vector<studio::ControlSetting> ControlPanel::controls() const {
  std::vector<studio::ControlSetting> out;
  for (int i = 0; i < count(); ++i) {
    studio::ControlSetting s = row(i)->setting();
    if (!s.model.empty()) out.push_back(s);
  }
  return out;
}

void ControlPanel::setControls(const std::vector<studio::ControlSetting>& controls) {
  while (count() > 0) delete rows_->itemAt(0)->widget();
  for (const auto& c : controls) addControl(QString::fromStdString(c.model))->setSetting(c);
  emit changed();
}

void ControlPanel::setIdentityFace(const QSize& size, const QVector<QPointF>& kps) {
  faceSize_ = size;
  faceKps_ = kps;
  for (int i = 0; i < count(); ++i) row(i)->updatePreview();
}

void ControlPanel::saveSettings() const {
  QStringList rows;
  for (const auto& c : controls()) rows << QString::fromStdString(json::dump(studio::toJson(c)));
  QSettings().setValue("generate/controls", rows);
}

void ControlPanel::restoreSettings() {
  std::vector<studio::ControlSetting> cs;
  for (const QString& r : QSettings().value("generate/controls").toStringList()) {
    try {
      cs.push_back(studio::controlFromJson(json::parse(r.toStdString())));
    } catch (const std::exception&) {
    }
  }
  setControls(cs);
}

ControlRow::ControlRow(ControlPanel* panel, const QString& model) : QWidget(panel), panel_(panel) {
  setObjectName("controlRow");
  auto* g = new QGridLayout(this);
  g->setContentsMargins(0, 4, 0, 4);
  previewLabel_ = new QLabel(this);
  previewLabel_->setObjectName("controlPreview");
  previewLabel_->setFixedSize(kPreview, kPreview);
  previewLabel_->setAlignment(Qt::AlignCenter);
  previewLabel_->setStyleSheet("QLabel { background: #202124; color: #9aa0a6; font-size: 10px; }");
  previewLabel_->setWordWrap(true);
  previewLabel_->setToolTip(tr("What the ControlNet sees"));
  g->addWidget(previewLabel_, 0, 0, 4, 1);
  QToolButton* remove = addModelRow(g);
  addImageRow(g);
  addThresholdRow(g);
  addRangeRow(g);
  g->setColumnStretch(2, 1);
  setSetting([&] {
    studio::ControlSetting s;
    s.model = model.toStdString();
    s.scale = 0.7;
    return s;
  }());
  connectEdits(remove);
}

// Row 0: the ControlNet and the button that removes this row.
QToolButton* ControlRow::addModelRow(QGridLayout* g) {
  model_ = new QComboBox(this);
  model_->setObjectName("controlModel");
  model_->setToolTip(tr("The ControlNet (a diffusers folder or one .safetensors file)"));
  model_->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
  model_->setMinimumContentsLength(12);
  g->addWidget(model_, 0, 1, 1, 2);
  auto* remove = new QToolButton(this);
  remove->setText(QString::fromUtf8("\u2715"));
  remove->setToolTip(tr("Remove this ControlNet"));
  g->addWidget(remove, 0, 3);
  return remove;
}

// Row 1: the control image and how it is prepared.
void ControlRow::addImageRow(QGridLayout* g) {
  imageButton_ = new QToolButton(this);
  imageButton_->setObjectName("controlImage");
  imageButton_->setText(tr("Control image..."));
  imageButton_->setToolButtonStyle(Qt::ToolButtonTextOnly);
  imageButton_->setMaximumWidth(150);
  g->addWidget(imageButton_, 1, 1);
  preprocess_ = new QComboBox(this);
  preprocess_->setObjectName("controlPreprocess");
  preprocess_->addItem(tr("As given"), "none");
  preprocess_->addItem(tr("Canny edges"), "canny");
  preprocess_->addItem(tr("Face keypoints (InstantID)"), "face-kps");
  preprocess_->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
  preprocess_->setMinimumContentsLength(8);
  g->addWidget(preprocess_, 1, 2, 1, 2);
}

// Row 2: Canny's thresholds and a union model's control type.
void ControlRow::addThresholdRow(QGridLayout* g) {
  low_ = new QSpinBox(this);
  high_ = new QSpinBox(this);
  for (auto* s : {low_, high_}) s->setRange(1, 500);
  low_->setValue(100);
  high_->setValue(200);
  low_->setToolTip(tr("Canny: low threshold"));
  high_->setToolTip(tr("Canny: high threshold"));
  type_ = new QComboBox(this);
  type_->setObjectName("controlType");
  type_->setToolTip(
      tr("Control type of a union or ProMax ControlNet (xinsir); auto: Canny edges use canny, "
         "other images run it as a plain ControlNet. Plain ControlNets need auto."));
  type_->addItem(tr("type: auto"), QString());
  const auto& names = unionControlTypeNames();
  for (size_t i = 0; i < names.size(); ++i)
    type_->addItem(tr("type: %1").arg(QString::fromStdString(unionControlTypeLabel(int(i)))),
                   QString::fromStdString(names[i]));
  // Sized by a short name, not the longest label (the list shows them in full).
  type_->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
  type_->setMinimumContentsLength(12);
  auto* thresholds = new QHBoxLayout();
  thresholds->addWidget(low_);
  thresholds->addWidget(high_);
  thresholds->addStretch(1);
  thresholds->addWidget(type_);
  g->addLayout(thresholds, 2, 1, 1, 3);
}

// Row 3: the scale and the fraction of the steps it acts on.
void ControlRow::addRangeRow(QGridLayout* g) {
  scale_ = new QDoubleSpinBox(this);
  scale_->setObjectName("controlScale");
  scale_->setRange(0.0, 2.0);
  scale_->setSingleStep(0.05);
  scale_->setValue(0.7);
  scale_->setPrefix(tr("scale "));
  start_ = fraction(this, 0.0, tr("Acts from this fraction of the steps"));
  end_ = fraction(this, 1.0, tr("Acts until this fraction of the steps"));
  start_->setObjectName("controlStart");
  end_->setObjectName("controlEnd");
  start_->setPrefix(tr("from "));
  end_->setPrefix(tr("to "));
  auto* range = new QHBoxLayout();
  for (QAbstractSpinBox* s : std::initializer_list<QAbstractSpinBox*>{scale_, start_, end_})
    range->addWidget(s);
  range->addStretch(1);
  g->addLayout(range, 3, 1, 1, 3);
}

void ControlRow::connectEdits(QToolButton* remove) {
  connect(remove, &QToolButton::clicked, this, [this] {
    ControlPanel* p = panel_;
    deleteLater();
    setParent(nullptr);
    emit p->changed();
  });
  connect(imageButton_, &QToolButton::clicked, this, [this] {
    const QString f =
        QFileDialog::getOpenFileName(this, tr("Control image"), QFileInfo(image_).absolutePath(),
                                     tr("Images (*.png *.jpg *.jpeg *.webp *.bmp)"));
    if (!f.isEmpty()) setImage(f);
  });
  connect(model_, qOverload<int>(&QComboBox::activated), this, [this](int i) {
    if (model_->itemData(i).toString() == "*file") {
      const QString f = QFileDialog::getOpenFileName(this, tr("ControlNet file"), QString(),
                                                     tr("ControlNets (*.safetensors)"));
      studio::ControlSetting s = setting();
      s.model = f.toStdString();
      setSetting(s);
    }
    emit panel_->changed();
  });
  connect(preprocess_, qOverload<int>(&QComboBox::currentIndexChanged), this, [this] {
    low_->setVisible(preprocess_->currentData() == "canny");
    high_->setVisible(preprocess_->currentData() == "canny");
    updatePreview();
    emit panel_->changed();
  });
  for (auto* s : {low_, high_})
    connect(s, &QSpinBox::editingFinished, this, &ControlRow::updatePreview);
  connect(type_, qOverload<int>(&QComboBox::activated), this, [this] { emit panel_->changed(); });
}

studio::ControlSetting ControlRow::setting() const {
  studio::ControlSetting s;
  s.model = model_->currentData().toString() == "*file"
                ? ""
                : model_->currentData().toString().toStdString();
  s.image = image_.toStdString();
  s.preprocess = studio::parsePreprocess(preprocess_->currentData().toString().toStdString());
  s.scale = scale_->value();
  s.start = start_->value();
  s.end = end_->value();
  s.cannyLow = low_->value();
  s.cannyHigh = high_->value();
  s.type = type_->currentData().toString().toStdString();
  return s;
}

void ControlRow::setSetting(const studio::ControlSetting& s) {
  model_->clear();
  QStringList models = panel_->available_;
  const QString m = QString::fromStdString(s.model);
  if (!m.isEmpty() && !models.contains(m)) models.prepend(m);
  for (const QString& p : models) model_->addItem(QFileInfo(p).completeBaseName(), p);
  model_->addItem(tr("Other file..."), "*file");
  model_->setCurrentIndex(std::max(0, model_->findData(m)));
  preprocess_->setCurrentIndex(
      std::max(0, preprocess_->findData(QString(studio::preprocessName(s.preprocess)))));
  scale_->setValue(s.scale);
  start_->setValue(s.start);
  end_->setValue(s.end);
  low_->setValue(s.cannyLow);
  high_->setValue(s.cannyHigh);
  type_->setCurrentIndex(std::max(0, type_->findData(QString::fromStdString(s.type))));
  low_->setVisible(s.preprocess == studio::ControlPreprocess::Canny);
  high_->setVisible(s.preprocess == studio::ControlPreprocess::Canny);
  setImage(QString::fromStdString(s.image));
}

void ControlRow::setImage(const QString& path) {
  image_ = path;
  const QString name = QFileInfo(path).fileName();
  imageButton_->setText(path.isEmpty()
                            ? tr("Control image...")
                            : imageButton_->fontMetrics().elidedText(name, Qt::ElideMiddle, 130));
  imageButton_->setToolTip(path);
  updatePreview();
}

void ControlRow::updatePreview() {
  error_.clear();
  preview_ = QImage();
  const studio::ControlSetting s = setting();
  try {
    if (s.preprocess == studio::ControlPreprocess::FaceKeypoints && image_.isEmpty()) {
      if (panel_->faceKps_.size() != 5)
        throw Error(tr("Drawn from identity A's face once it is analysed").toStdString());
      const QSize sz = panel_->faceSize_;
      std::vector<std::array<float, 2>> kps;
      for (const QPointF& p : panel_->faceKps_) kps.push_back({float(p.x()), float(p.y())});
      preview_ = toQImage(studio::faceKeypointPicture(sz.width(), sz.height(), kps));
    } else if (!image_.isEmpty()) {
      RgbImage img = studio::loadPicture(image_.toStdString());
      if (s.preprocess == studio::ControlPreprocess::Canny)
        img = studio::cannyPicture(img, s.cannyLow, s.cannyHigh);
      if (s.preprocess == studio::ControlPreprocess::FaceKeypoints)
        throw Error(tr("Face keypoints of this image are found when generating").toStdString());
      preview_ = toQImage(img);
    }
  } catch (const std::exception& e) {
    error_ = QString::fromUtf8(e.what());
  }
  if (!preview_.isNull())
    previewLabel_->setPixmap(QPixmap::fromImage(
        preview_.scaled(kPreview, kPreview, Qt::KeepAspectRatio, Qt::SmoothTransformation)));
  else
    previewLabel_->setText(error_.isEmpty() ? tr("No control image") : error_);
}

}  // namespace ui
}  // namespace hl
