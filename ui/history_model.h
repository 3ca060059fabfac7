// The history strip's model: every generation (newest last), thumbnails decoded off the GUI
// thread only for the rows a view asks for, kept in a bounded cache - so 10,000 entries cost a
// row each, not an image each. Full images stay on disk until one is shown.
#pragma once

#include <QAbstractListModel>
#include <QCache>
#include <QPixmap>
#include <QSet>
#include <QSortFilterProxyModel>
#include <vector>

#include "ui/engine_worker.h"

namespace hl {
namespace ui {

class HistoryModel : public QAbstractListModel {
  Q_OBJECT

 public:
  static constexpr int kThumb = 96;
  explicit HistoryModel(QObject* parent = nullptr);

  int rowCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role) const override;

  void append(GenerationOutcome out);
  void append(std::vector<GenerationOutcome> outs);  // one insertion for a restored history
  const GenerationOutcome& at(int row) const { return items_[size_t(row)]; }
  // The full image of `row`: in memory for unsaved results, else read from its PNG.
  QImage image(int row) const;
  // Thumbnails decoded so far (the laziness check of the 10,000-entry test).
  int thumbnailLoads() const { return loads_; }
  QStringList identityNames() const;  // distinct, sorted

 private:
  void requestThumbnail(int row) const;
  std::vector<GenerationOutcome> items_;
  mutable QCache<int, QPixmap> thumbs_;
  mutable QSet<int> pending_;
  mutable int loads_ = 0;
};

// Search by prompt text and filter by identity name.
class HistoryFilter : public QSortFilterProxyModel {
  Q_OBJECT

 public:
  explicit HistoryFilter(QObject* parent = nullptr) : QSortFilterProxyModel(parent) {}
  void setText(const QString& text);
  void setIdentity(const QString& name);  // "" = all

 protected:
  bool filterAcceptsRow(int row, const QModelIndex& parent) const override;

 private:
  QString text_, identity_;
};

}  // namespace ui
}  // namespace hl
