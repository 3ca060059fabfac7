#include "ui/history_model.h"

#include <QFutureWatcher>
#include <QPainter>
#include <QtConcurrent/QtConcurrentRun>

#include "ui/duration_text.h"
#include "ui/thumbnail.h"

namespace hl {
namespace ui {

HistoryModel::HistoryModel(QObject* parent) : QAbstractListModel(parent) {
  thumbs_.setMaxCost(600);  // about 16 MB of thumbnails
}

int HistoryModel::rowCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : int(items_.size());
}

QVariant HistoryModel::data(const QModelIndex& index, int role) const {
  if (!index.isValid() || index.row() >= int(items_.size())) return {};
  const int row = index.row();
  const GenerationOutcome& o = items_[size_t(row)];
  switch (role) {
    case Qt::DisplayRole:
      return QString("#%1").arg(row + 1);
    case Qt::ToolTipRole: {
      QString tip = QString("%1\n").arg(QString::fromStdString(o.settings().prompt));
      tip += tr("seed %1, %2 steps, %3")
                 .arg(o.settings().seed)
                 .arg(o.settings().steps)
                 .arg(durationText(o.record.seconds));
      if (o.settings().identity.active())
        tip += "\n" + tr("identity %1, strength %2")
                          .arg(QString::fromStdString(o.settings().identity.nameA))
                          .arg(o.settings().identity.strength, 0, 'f', 2);
      return tip;
    }
    case Qt::DecorationRole: {
      if (QPixmap* p = thumbs_.object(row)) return *p;
      requestThumbnail(row);  // only rows a view paints get here
      QPixmap blank(kThumb, kThumb);
      blank.fill(QColor(48, 49, 52));
      return blank;
    }
    default:
      return {};
  }
}

void HistoryModel::requestThumbnail(int row) const {
  if (pending_.contains(row)) return;
  const GenerationOutcome& o = items_[size_t(row)];
  auto* self = const_cast<HistoryModel*>(this);
  auto* watcher = new QFutureWatcher<QImage>(self);
  pending_.insert(row);
  ++loads_;
  connect(watcher, &QFutureWatcher<QImage>::finished, self, [self, watcher, row] {
    self->pending_.remove(row);
    const QImage img = watcher->result();
    watcher->deleteLater();
    if (img.isNull() || row >= int(self->items_.size())) return;
    self->thumbs_.insert(row, new QPixmap(QPixmap::fromImage(img)));
    const QModelIndex i = self->index(row);
    emit self->dataChanged(i, i, {Qt::DecorationRole});
  });
  const QImage inMemory = o.image;
  const QString path = o.imagePath;
  watcher->setFuture(QtConcurrent::run([inMemory, path] {
    if (!inMemory.isNull())
      return inMemory.scaled(kThumb, kThumb, Qt::KeepAspectRatio, Qt::SmoothTransformation);
    return readThumbnail(path, kThumb);
  }));
}

void HistoryModel::append(GenerationOutcome out) {
  beginInsertRows({}, int(items_.size()), int(items_.size()));
  items_.push_back(std::move(out));
  endInsertRows();
}

void HistoryModel::append(std::vector<GenerationOutcome> outs) {
  if (outs.empty()) return;
  beginInsertRows({}, int(items_.size()), int(items_.size() + outs.size()) - 1);
  for (auto& o : outs) items_.push_back(std::move(o));
  endInsertRows();
}

QImage HistoryModel::image(int row) const {
  if (row < 0 || row >= int(items_.size())) return {};
  const GenerationOutcome& o = items_[size_t(row)];
  return !o.image.isNull() ? o.image : QImage(o.imagePath);
}

QStringList HistoryModel::identityNames() const {
  QSet<QString> names;
  for (const auto& o : items_) {
    const studio::IdentityRecord& id = o.settings().identity;
    if (id.active()) {
      names.insert(QString::fromStdString(id.nameA));
      if (id.mixed()) names.insert(QString::fromStdString(id.nameB));
    }
  }
  QStringList l(names.begin(), names.end());
  l.sort(Qt::CaseInsensitive);
  return l;
}

void HistoryFilter::setText(const QString& text) {
  text_ = text;
  invalidateFilter();
}

void HistoryFilter::setIdentity(const QString& name) {
  identity_ = name;
  invalidateFilter();
}

bool HistoryFilter::filterAcceptsRow(int row, const QModelIndex&) const {
  const auto* m = static_cast<const HistoryModel*>(sourceModel());
  const GenerationOutcome& o = m->at(row);
  if (!text_.isEmpty() &&
      !QString::fromStdString(o.settings().prompt).contains(text_, Qt::CaseInsensitive))
    return false;
  if (!identity_.isEmpty()) {
    const studio::IdentityRecord& id = o.settings().identity;
    if (!id.active()) return false;
    const QString a = QString::fromStdString(id.nameA), b = QString::fromStdString(id.nameB);
    if (a != identity_ && !(id.mixed() && b == identity_)) return false;
  }
  return true;
}

}  // namespace ui
}  // namespace hl
