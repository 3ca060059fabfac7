// Jobs waiting for the engine thread, in the order they will run. The engine takes one job at a
// time from the front; the queue view lets the user reorder or remove the rest. Live slider
// updates replace each other here, so only the latest one waits.
#pragma once

#include <QAbstractListModel>
#include <QVector>

#include "ui/engine_worker.h"

namespace hl {
namespace ui {

class JobQueue : public QAbstractListModel {
  Q_OBJECT

 public:
  explicit JobQueue(QObject* parent = nullptr) : QAbstractListModel(parent) {}

  int rowCount(const QModelIndex& parent = {}) const override {
    return parent.isValid() ? 0 : jobs_.size();
  }
  QVariant data(const QModelIndex& index, int role) const override;
  bool removeRows(int row, int count, const QModelIndex& parent = {}) override;

  void append(GenerationJob job);
  // Puts a live update first, dropping any live update still waiting: the latest one wins.
  void pushLive(GenerationJob job) { pushFirstReplacing(std::move(job), &GenerationJob::live); }
  // Puts an identity build first, dropping one still waiting (the galleries changed again).
  void pushPrepare(GenerationJob job) { pushFirstReplacing(std::move(job), &GenerationJob::prepareOnly); }
  GenerationJob takeFirst();
  bool isEmpty() const { return jobs_.isEmpty(); }
  const GenerationJob& at(int row) const { return jobs_[row]; }
  // Moves a job one place towards the front (-1) or the back (+1); returns its new row.
  int move(int row, int delta);
  void clear();

  static QString describe(const GenerationJob& job);

 private:
  // Puts `job` first with the flag `kind` set, dropping the waiting jobs that have it set.
  void pushFirstReplacing(GenerationJob job, bool GenerationJob::*kind);
  QVector<GenerationJob> jobs_;
};

}  // namespace ui
}  // namespace hl
