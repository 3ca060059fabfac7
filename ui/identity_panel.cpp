#include "ui/identity_panel.h"

#include <qcustomplot.h>

#include <QAction>
#include <QCheckBox>
#include <QClipboard>
#include <QDateTime>
#include <QDir>
#include <QDoubleSpinBox>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QFutureWatcher>
#include <QGroupBox>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMenu>
#include <QMessageBox>
#include <QMimeData>
#include <QPainter>
#include <QPointer>
#include <QPushButton>
#include <QRegularExpression>
#include <QSaveFile>
#include <QSlider>
#include <QStandardPaths>
#include <QToolButton>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

#include "studio/identity_file.h"
#include "ui/save_path.h"
#include "ui/thumbnail.h"
#include "util/error.h"

namespace hl {
namespace ui {
namespace {

constexpr int kThumbRole = Qt::UserRole + 1;     // QImage: the plain thumbnail
constexpr int kAnalysisRole = Qt::UserRole + 2;  // PhotoAnalysis, once the engine has looked

// The thumbnail with what the face stack found drawn over it: the face box (green when the photo
// is used, orange when it is not), the landmarks, and a status badge.
void renderItem(QListWidgetItem* item) {
  QImage thumb = item->data(kThumbRole).value<QImage>();
  const QVariant av = item->data(kAnalysisRole);
  const QString name = QFileInfo(item->data(Qt::UserRole).toString()).fileName();
  if (!av.isValid()) {
    if (!thumb.isNull()) item->setIcon(QIcon(QPixmap::fromImage(thumb)));
    item->setText(name);
    return;
  }
  const PhotoAnalysis a = av.value<PhotoAnalysis>();
  item->setText((a.used ? QString::fromUtf8("\u2713 ") : QString::fromUtf8("\u2717 ")) + name);
  item->setToolTip(item->data(Qt::UserRole).toString() + "\n" + a.message);
  if (thumb.isNull()) return;
  QImage canvas = thumb.convertToFormat(QImage::Format_ARGB32_Premultiplied);
  QPainter p(&canvas);
  p.setRenderHint(QPainter::Antialiasing);
  const QColor colour = a.used ? QColor(52, 168, 83) : QColor(251, 140, 0);
  if (a.imageSize.width() > 0 && !a.box.isEmpty()) {
    const double k = double(canvas.width()) / a.imageSize.width();
    p.setPen(QPen(colour, 1.5));
    p.setBrush(Qt::NoBrush);
    p.drawRect(QRectF(a.box.topLeft() * k, a.box.size() * k));
    p.setPen(Qt::NoPen);
    p.setBrush(QColor(66, 133, 244));
    for (const QPointF& pt : a.landmarks) p.drawEllipse(pt * k, 0.8, 0.8);
    p.setBrush(QColor(234, 67, 53));
    for (const QPointF& pt : a.keypoints) p.drawEllipse(pt * k, 1.3, 1.3);
  }
  // Badge: how many faces (a tick for exactly one used face).
  const QRectF badge(canvas.width() - 18, 2, 16, 16);
  p.setPen(Qt::NoPen);
  p.setBrush(a.used ? colour : QColor(217, 48, 37));
  p.drawEllipse(badge);
  p.setPen(Qt::white);
  QFont f = p.font();
  f.setPixelSize(11);
  f.setBold(true);
  p.setFont(f);
  p.drawText(
      badge, Qt::AlignCenter,
      a.facesFound == 1 && a.used ? QString::fromUtf8("\u2713") : QString::number(a.facesFound));
  p.end();
  item->setIcon(QIcon(QPixmap::fromImage(canvas)));
}

// A thumbnail decoded and scaled on a worker thread, set on the item when ready.
void loadThumbnail(QListWidget* list, QListWidgetItem* item, const QString& file) {
  auto* watcher = new QFutureWatcher<QImage>(list);
  QPointer<QListWidget> guard(list);
  QObject::connect(watcher, &QFutureWatcher<QImage>::finished, list, [watcher, guard, item] {
    const QImage img = watcher->result();
    if (guard && guard->row(item) >= 0 && !img.isNull()) {
      item->setData(kThumbRole, img);
      renderItem(item);
    }
    watcher->deleteLater();
  });
  watcher->setFuture(QtConcurrent::run([file] { return readThumbnail(file, 96); }));
}

}  // namespace

IdentityPanel::IdentityPanel(QWidget* parent) : QWidget(parent) {
  setObjectName("identityPanel");
  setAcceptDrops(true);
  auto* layout = new QVBoxLayout(this);
  for (int slot = 0; slot < 2; ++slot) layout->addWidget(buildSlot(slot), 1);
  layout->addLayout(buildControls());
  layout->addLayout(buildDetail());
  report_ = new QLabel(this);
  report_->setObjectName("identityReport");
  report_->setWordWrap(true);
  layout->addWidget(report_);
  layout->addWidget(buildEnergyPlot());
  for (QSlider* s : {strength_, mix_})
    connect(s, &QSlider::sliderReleased, this, [this] {
      if (live_->isChecked()) emit liveUpdate();
    });
  setBaseLoraAvailable(false);
  updateEnabled();
  addPasteAction();
}

// One identity: its name, its menu, its gallery of reference photos and their buttons.
QGroupBox* IdentityPanel::buildSlot(int slot) {
  static const char* names[2] = {QT_TR_NOOP("Identity A"), QT_TR_NOOP("Identity B")};
  auto* box = new QGroupBox(this);
  auto* v = new QVBoxLayout(box);
  auto* head = new QHBoxLayout();
  name_[slot] = new QLineEdit(tr(names[slot]), box);
  name_[slot]->setObjectName(slot == 0 ? "nameA" : "nameB");
  name_[slot]->setToolTip(tr("The identity's name, used in the history and when it is saved"));
  name_[slot]->setStyleSheet("QLineEdit { font-weight: bold; }");
  connect(name_[slot], &QLineEdit::editingFinished, this, &IdentityPanel::changed);
  auto* more = buildSlotMenu(slot, box);
  head->addWidget(name_[slot], 1);
  head->addWidget(more);
  v->addLayout(head);
  gallery_[slot] = new QListWidget(box);
  gallery_[slot]->setObjectName(slot == 0 ? "galleryA" : "galleryB");
  gallery_[slot]->setViewMode(QListView::IconMode);
  gallery_[slot]->setIconSize(QSize(72, 72));
  gallery_[slot]->setResizeMode(QListView::Adjust);
  gallery_[slot]->setSelectionMode(QAbstractItemView::ExtendedSelection);
  gallery_[slot]->setMinimumHeight(110);
  gallery_[slot]->setToolTip(tr("Reference photos of one person: drop them here or use Add"));
  v->addWidget(gallery_[slot]);
  auto* buttons = new QHBoxLayout();
  auto* add = new QPushButton(tr("Add photos..."), box);
  auto* remove = new QPushButton(tr("Remove"), box);
  buttons->addWidget(add);
  buttons->addWidget(remove);
  v->addLayout(buttons);
  connect(add, &QPushButton::clicked, this, [this, slot] {
    const QStringList files =
        QFileDialog::getOpenFileNames(this, tr("Reference photos"), QString(),
                                      tr("Images (*.png *.jpg *.jpeg *.webp *.bmp *.tif *.tiff)"));
    if (!files.isEmpty()) addPhotos(slot, files);
  });
  connect(remove, &QPushButton::clicked, this, [this, slot] { removeSelected(slot); });
  connect(gallery_[slot], &QListWidget::currentRowChanged, this,
          [this, slot] { showDetail(slot); });
  return box;
}

QToolButton* IdentityPanel::buildSlotMenu(int slot, QWidget* box) {
  auto* more = new QToolButton(box);
  more->setObjectName(slot == 0 ? "identityMenuA" : "identityMenuB");
  more->setText(QString::fromUtf8("\u22ef"));
  more->setToolTip(tr("Open, save or clear this identity"));
  more->setPopupMode(QToolButton::InstantPopup);
  auto* menu = new QMenu(more);
  menu->addAction(tr("Open identity..."), this, [this, slot] {
    const QString path = QFileDialog::getOpenFileName(this, tr("Open identity"), QString(),
                                                      tr("HyperLoRA identities (*.hlid)"));
    if (path.isEmpty()) return;
    try {
      const QString note = openIdentity(slot, path);
      if (!note.isEmpty()) QMessageBox::warning(this, tr("Open identity"), note);
    } catch (const std::exception& e) {
      QMessageBox::warning(this, tr("Open identity"), QString::fromUtf8(e.what()));
    }
  });
  menu->addAction(tr("Save identity as..."), this, [this, slot] {
    const QString path = saveFileName(this, tr("Save identity"), name(slot) + ".hlid",
                                      tr("HyperLoRA identities (*.hlid)"), "hlid");
    if (path.isEmpty()) return;
    try {
      saveIdentity(slot, path);
    } catch (const std::exception& e) {
      QMessageBox::warning(this, tr("Save identity"), QString::fromUtf8(e.what()));
    }
  });
  menu->addAction(tr("Clear"), this, [this, slot] { clear(slot); });
  more->setMenu(menu);
  return more;
}

// ID strength, the A-B mix, Base-LoRA, Live and the export button.
QFormLayout* IdentityPanel::buildControls() {
  auto* form = new QFormLayout();
  auto* strengthRow = new QHBoxLayout();
  strength_ = new QSlider(Qt::Horizontal, this);
  strength_->setObjectName("idStrength");
  strength_->setRange(-150, 150);
  strength_->setValue(85);
  strengthBox_ = new QDoubleSpinBox(this);
  strengthBox_->setObjectName("idStrengthValue");
  strengthBox_->setRange(-1.5, 1.5);
  strengthBox_->setSingleStep(0.05);
  strengthBox_->setValue(0.85);
  strengthRow->addWidget(strength_, 1);
  strengthRow->addWidget(strengthBox_);
  form->addRow(tr("ID strength"), strengthRow);
  connect(strength_, &QSlider::valueChanged, this, [this](int v) {
    QSignalBlocker b(strengthBox_);
    strengthBox_->setValue(v / 100.0);
    emit changed();
  });
  connect(strengthBox_, qOverload<double>(&QDoubleSpinBox::valueChanged), this, [this](double v) {
    QSignalBlocker b(strength_);
    strength_->setValue(int(std::lround(v * 100)));
    emit changed();
  });
  auto* mixRow = new QHBoxLayout();
  mix_ = new QSlider(Qt::Horizontal, this);
  mix_->setObjectName("mix");
  mix_->setRange(0, 100);
  mixLabel_ = new QLabel("0.00", this);
  mixRow->addWidget(new QLabel("A", this));
  mixRow->addWidget(mix_, 1);
  mixRow->addWidget(new QLabel("B", this));
  mixRow->addWidget(mixLabel_);
  form->addRow(tr("A <-> B"), mixRow);
  connect(mix_, &QSlider::valueChanged, this, [this](int v) {
    mixLabel_->setText(QString::number(v / 100.0, 'f', 2));
    emit changed();
  });
  baseLora_ = new QCheckBox(tr("Base-LoRA"), this);
  baseLora_->setObjectName("baseLora");
  form->addRow(QString(), baseLora_);
  live_ = new QCheckBox(tr("Live"), this);
  live_->setToolTip(tr("Regenerate with the same seed when a slider is released"));
  live_->setObjectName("live");
  auto* exportLora = new QPushButton(tr("Export LoRA..."), this);
  exportLora->setObjectName("exportLora");
  exportLora->setToolTip(tr("Save this identity's LoRA for ComfyUI or A1111 (Ctrl+Shift+E)"));
  connect(exportLora, &QPushButton::clicked, this, &IdentityPanel::exportRequested);
  auto* liveRow = new QHBoxLayout();
  liveRow->addWidget(live_);
  liveRow->addStretch(1);
  liveRow->addWidget(exportLora);
  form->addRow(QString(), liveRow);
  return form;
}

// The selected photo's face crop and what the face stage says of it.
QHBoxLayout* IdentityPanel::buildDetail() {
  auto* detail = new QHBoxLayout();
  detailImage_ = new QLabel(this);
  detailImage_->setObjectName("photoCrop");
  detailImage_->setFixedSize(72, 72);
  detailImage_->setToolTip(tr("The face crop the network sees, background faded to grey"));
  detailImage_->setVisible(false);
  detailText_ = new QLabel(this);
  detailText_->setObjectName("photoDetail");
  detailText_->setWordWrap(true);
  detail->addWidget(detailImage_);
  detail->addWidget(detailText_, 1);
  return detail;
}

QCustomPlot* IdentityPanel::buildEnergyPlot() {
  energyPlot_ = new QCustomPlot(this);
  energyPlot_->setObjectName("energyPlot");
  energyPlot_->setFixedHeight(130);
  energyPlot_->setToolTip(
      tr("How much the identity's LoRA changes each UNet block "
         "(squared size of the weight change at strength 1)"));
  energyBars_ = new QCPBars(energyPlot_->xAxis, energyPlot_->yAxis);
  energyBars_->setBrush(QColor(26, 115, 232, 170));
  energyBars_->setPen(Qt::NoPen);
  const QFont small(font().family(), 7);
  energyPlot_->xAxis->setTickLabelFont(small);
  energyPlot_->yAxis->setTickLabelFont(small);
  energyPlot_->yAxis->setLabelFont(small);
  energyPlot_->yAxis->setLabel(tr("LoRA energy"));
  energyPlot_->axisRect()->setMinimumMargins(QMargins(0, 0, 0, 0));
  energyPlot_->setVisible(false);  // until an identity exists
  return energyPlot_;
}

void IdentityPanel::addPasteAction() {
  auto* pasteAction = new QAction(tr("Paste photos"), this);
  pasteAction->setShortcut(QKeySequence::Paste);
  pasteAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
  connect(pasteAction, &QAction::triggered, this, [this] {
    const QString folder =
        QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation) + "/pasted";
    paste(gallery_[1]->hasFocus() ? 1 : 0, folder);
  });
  addAction(pasteAction);
  for (int slot = 0; slot < 2; ++slot) {
    gallery_[slot]->setContextMenuPolicy(Qt::ActionsContextMenu);
    gallery_[slot]->addAction(pasteAction);
  }
}

void IdentityPanel::paste(int slot, const QString& pasteFolder) {
  const QMimeData* mime = QGuiApplication::clipboard()->mimeData();
  if (!mime) return;
  QStringList files;
  for (const QUrl& u : mime->urls())
    if (u.isLocalFile()) files << u.toLocalFile();
  if (files.isEmpty() && mime->hasImage()) {
    // A copied picture (browser, screenshot tool): kept as a PNG so the identity can be reopened.
    const QImage img = qvariant_cast<QImage>(mime->imageData());
    QDir().mkpath(pasteFolder);
    const QString path = pasteFolder + "/pasted-" +
                         QDateTime::currentDateTime().toString("yyyyMMdd-HHmmss-zzz") + ".png";
    QSaveFile out(path);
    if (!img.isNull() && out.open(QIODevice::WriteOnly) && img.save(&out, "PNG") && out.commit())
      files << path;
  }
  if (!files.isEmpty()) addPhotos(slot, files);
}

void IdentityPanel::setAnalysis(int slot, const QVector<PhotoAnalysis>& photos) {
  for (int i = 0; i < gallery_[slot]->count(); ++i) {
    QListWidgetItem* item = gallery_[slot]->item(i);
    for (const PhotoAnalysis& a : photos)
      if (a.path == item->data(Qt::UserRole).toString()) {
        item->setData(kAnalysisRole, QVariant::fromValue(a));
        renderItem(item);
        break;
      }
  }
  updateEnabled();
  showDetail(slot);
}

QString IdentityPanel::photoStatus(int slot, int row) const {
  const QListWidgetItem* item = gallery_[slot]->item(row);
  if (!item || !item->data(kAnalysisRole).isValid()) return {};
  return QFileInfo(item->data(Qt::UserRole).toString()).fileName() + ": " +
         item->data(kAnalysisRole).value<PhotoAnalysis>().message;
}

void IdentityPanel::showDetail(int slot) {
  QListWidgetItem* item = gallery_[slot]->currentItem();
  if (!item || !item->data(kAnalysisRole).isValid()) {
    detailImage_->setVisible(false);
    detailText_->clear();
    return;
  }
  const PhotoAnalysis a = item->data(kAnalysisRole).value<PhotoAnalysis>();
  detailImage_->setVisible(!a.crop.isNull());
  if (!a.crop.isNull())
    detailImage_->setPixmap(
        QPixmap::fromImage(a.crop.scaled(72, 72, Qt::KeepAspectRatio, Qt::SmoothTransformation)));
  detailText_->setText(
      QString("<b>%1</b><br>%2")
          .arg(QFileInfo(a.path).fileName().toHtmlEscaped(), a.message.toHtmlEscaped()));
}

QStringList IdentityPanel::photos(int slot) const {
  QStringList l;
  for (int i = 0; i < gallery_[slot]->count(); ++i)
    l << gallery_[slot]->item(i)->data(Qt::UserRole).toString();
  return l;
}

QString IdentityPanel::name(int slot) const {
  const QString n = name_[slot]->text().trimmed();
  return n.isEmpty() ? (slot == 0 ? tr("Identity A") : tr("Identity B")) : n;
}

void IdentityPanel::setName(int slot, const QString& name) {
  name_[slot]->setText(name);
}

void IdentityPanel::clear(int slot) {
  gallery_[slot]->selectAll();
  removeSelected(slot);
}

void IdentityPanel::saveIdentity(int slot, const QString& path) const {
  std::vector<std::string> list;
  for (const QString& p : photos(slot)) list.push_back(p.toStdString());
  studio::saveIdentityFile(path.toStdString(), name(slot).toStdString(), list);
}

QString IdentityPanel::openIdentity(int slot, const QString& path) {
  const studio::IdentityFile f = studio::loadIdentityFile(path.toStdString());
  QStringList present, missing;
  for (const auto& p : f.photos) present << QString::fromStdString(p);
  for (const auto& p : f.missing) missing << QString::fromStdString(p);
  {
    QSignalBlocker block(this);  // one galleryChanged for the whole swap
    clear(slot);
  }
  setName(slot, QString::fromStdString(f.name));
  addPhotos(slot, present);
  if (missing.isEmpty()) return {};
  return tr("%1: %2 of the identity's photos are missing and were left out:")
             .arg(path)
             .arg(missing.size()) +
         "\n" + missing.join("\n");
}

QJsonObject IdentityPanel::state() const {
  QJsonObject o;
  for (int slot = 0; slot < 2; ++slot) {
    // The default name is not saved, so it follows the interface language.
    const QString defaultName = slot == 0 ? tr("Identity A") : tr("Identity B");
    const QString n =
        name_[slot]->text().trimmed() == defaultName ? QString() : name_[slot]->text();
    o[slot == 0 ? "a" : "b"] =
        QJsonObject{{"name", n}, {"photos", QJsonArray::fromStringList(photos(slot))}};
  }
  o["strength"] = strengthBox_->value();
  o["mix"] = mix_->value() / 100.0;
  o["base_lora"] = baseLora_->isChecked();
  o["live"] = live_->isChecked();
  return o;
}

void IdentityPanel::restoreState(const QJsonObject& o) {
  for (int slot = 0; slot < 2; ++slot) {
    const QJsonObject id = o[slot == 0 ? "a" : "b"].toObject();
    if (!id["name"].toString().isEmpty()) setName(slot, id["name"].toString());
    QStringList photos;
    for (const auto& v : id["photos"].toArray())
      if (QFileInfo::exists(v.toString())) photos << v.toString();
    {
      QSignalBlocker block(this);
      clear(slot);
    }
    if (!photos.isEmpty()) addPhotos(slot, photos);
  }
  if (o.contains("strength")) setStrength(o["strength"].toDouble());
  if (o.contains("mix")) setMix(o["mix"].toDouble());
  baseLora_->setChecked(o["base_lora"].toBool());
  live_->setChecked(o["live"].toBool());
}

studio::IdentityRecord IdentityPanel::settings() const {
  studio::IdentityRecord s;
  auto paths = [](const QStringList& l) {
    std::vector<std::string> v;
    for (const auto& p : l) v.push_back(p.toStdString());
    return v;
  };
  s.nameA = name(0).toStdString();
  s.nameB = name(1).toStdString();
  s.photosA = paths(photos(0));
  s.photosB = paths(photos(1));
  s.strength = strengthBox_->value();
  s.mix = mix_->value() / 100.0;
  s.baseLora = baseLora_->isEnabled() && baseLora_->isChecked();
  return s;
}

void IdentityPanel::addPhotos(int slot, const QStringList& files) {
  for (const QString& f : files) {
    auto* item = new QListWidgetItem(QFileInfo(f).fileName());
    item->setData(Qt::UserRole, f);
    item->setToolTip(f);
    gallery_[slot]->addItem(item);
    loadThumbnail(gallery_[slot], item, f);
  }
  updateEnabled();
  emit changed();
  emit galleryChanged(slot);
}

void IdentityPanel::removeSelected(int slot) {
  if (gallery_[slot]->selectedItems().isEmpty()) return;
  qDeleteAll(gallery_[slot]->selectedItems());
  updateEnabled();
  showDetail(slot);
  emit changed();
  emit galleryChanged(slot);
}

void IdentityPanel::setStrength(double s) {
  strengthBox_->setValue(s);
}
void IdentityPanel::setMix(double t) {
  mix_->setValue(int(std::lround(t * 100)));
}
bool IdentityPanel::live() const {
  return live_->isChecked();
}
void IdentityPanel::setReport(const QString& text) {
  // One line per photo, by file name: "[used] a.jpg: 1 face".
  QStringList lines;
  for (QString line : text.split('\n', Qt::SkipEmptyParts)) {
    const int colon = line.indexOf(": ");
    const int start = line.indexOf(' ', line.indexOf(']'));
    if (colon > 0 && start > 0) {
      const QString path = line.mid(start, colon - start).trimmed();
      line = line.left(line.indexOf(']') + 1) + " " + QFileInfo(path).fileName() + line.mid(colon);
    }
    lines << line;
  }
  report_->setText(lines.join('\n'));
}

void IdentityPanel::setEnergy(const QStringList& blocks, const QVector<double>& energy) {
  // Short tick labels: "down_blocks.1.attentions.0" -> "D1.0", "mid_block..." -> "M".
  QSharedPointer<QCPAxisTickerText> ticker(new QCPAxisTickerText);
  QVector<double> keys;
  static const QRegularExpression re(R"(^(down|up)_blocks\.(\d+)\.(\w+)\.(\d+)$)");
  for (int i = 0; i < blocks.size(); ++i) {
    QString label = blocks[i].startsWith("mid") ? QStringLiteral("M") : blocks[i];
    const QRegularExpressionMatch m = re.match(blocks[i]);
    if (m.hasMatch())
      label = QString(m.captured(1) == "down" ? "D" : "U") + m.captured(2) +
              (m.captured(3) == "attentions" ? "." : m.captured(3).left(1)) + m.captured(4);
    ticker->addTick(i, label);
    keys << i;
  }
  energyPlot_->xAxis->setTicker(ticker);
  energyPlot_->xAxis->setTickLabelRotation(90);  // up to 11 labels in a narrow panel
  energyBars_->setData(keys, energy, true);
  energyPlot_->xAxis->setRange(-0.6, blocks.size() - 0.4);
  energyBars_->rescaleValueAxis(false, true);
  energyPlot_->yAxis->setRangeLower(0);
  energyPlot_->setVisible(!blocks.isEmpty());
  energyPlot_->replot();
}

void IdentityPanel::setBaseLoraAvailable(bool available) {
  baseLora_->setEnabled(available);
  baseLora_->setToolTip(available
                            ? tr("Add the Base-LoRA (hair, head shape, surroundings)")
                            : tr("This HyperLoRA has no Base-LoRA: the released weights ship none, "
                                 "their 0.25x Base-LoRA is already distilled into the ID-LoRA"));
}

void IdentityPanel::updateEnabled() {
  // Interpolation needs a LoRA for both identities: photos in each gallery, and once the engine
  // has looked at them, at least one usable face in each.
  auto hasLora = [this](int slot) {
    bool analysed = true, used = false;
    for (int i = 0; i < gallery_[slot]->count(); ++i) {
      const QVariant a = gallery_[slot]->item(i)->data(kAnalysisRole);
      if (!a.isValid())
        analysed = false;
      else
        used |= a.value<PhotoAnalysis>().used;
    }
    return gallery_[slot]->count() > 0 && (used || !analysed);
  };
  const bool both = hasLora(0) && hasLora(1);
  mix_->setEnabled(both);
  mix_->setToolTip(both ? tr("Mix the two identities: 0 is A, 1 is B")
                        : tr("Needs a usable face in both identity A and identity B"));
}

void IdentityPanel::dragEnterEvent(QDragEnterEvent* e) {
  if (e->mimeData()->hasUrls()) e->acceptProposedAction();
}

void IdentityPanel::dropEvent(QDropEvent* e) {
  QStringList files;
  for (const QUrl& u : e->mimeData()->urls())
    if (u.isLocalFile()) files << u.toLocalFile();
  // Dropped on B's gallery goes to B, anywhere else to A.
  const bool onB = gallery_[1]->geometry().contains(
      gallery_[1]->parentWidget()->mapFrom(this, e->position().toPoint()));
  addPhotos(onB ? 1 : 0, files);
}

}  // namespace ui
}  // namespace hl
