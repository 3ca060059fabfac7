#include "ui/job_queue.h"

#include <algorithm>

namespace hl {
namespace ui {

QString JobQueue::describe(const GenerationJob& job) {
  if (job.prepareOnly) return tr("Analyse the identity photos");
  if (!job.exportLoraPath.isEmpty()) return tr("Export the identity LoRA to %1").arg(job.exportLoraPath);
  QString prompt = QString::fromStdString(job.settings.prompt).simplified();
  if (prompt.size() > 40) prompt = prompt.left(39) + QChar(0x2026);
  if (prompt.isEmpty()) prompt = tr("(empty prompt)");
  QString what = tr("seed %1").arg(job.settings.seed);
  if (job.sweepKind == SweepKind::Strength)
    what += tr(", strength %1").arg(job.sweepValue, 0, 'f', 2);
  if (job.sweepKind == SweepKind::Mix) what += tr(", A<->B %1").arg(job.sweepValue, 0, 'f', 2);
  if (job.live) what += tr(", live");
  return QString("%1  (%2)").arg(prompt, what);
}

QVariant JobQueue::data(const QModelIndex& index, int role) const {
  if (!index.isValid() || index.row() >= jobs_.size()) return {};
  const GenerationJob& job = jobs_[index.row()];
  if (role == Qt::DisplayRole) return QString("%1. %2").arg(index.row() + 1).arg(describe(job));
  if (role == Qt::ToolTipRole) return QString::fromStdString(job.settings.prompt);
  return {};
}

bool JobQueue::removeRows(int row, int count, const QModelIndex& parent) {
  if (parent.isValid() || row < 0 || count <= 0 || row + count > jobs_.size()) return false;
  beginRemoveRows({}, row, row + count - 1);
  jobs_.remove(row, count);
  endRemoveRows();
  if (row < jobs_.size()) emit dataChanged(index(row), index(jobs_.size() - 1));  // numbering
  return true;
}

void JobQueue::append(GenerationJob job) {
  beginInsertRows({}, jobs_.size(), jobs_.size());
  jobs_.push_back(std::move(job));
  endInsertRows();
}

void JobQueue::pushFirstReplacing(GenerationJob job, bool GenerationJob::*kind) {
  for (int i = int(jobs_.size()) - 1; i >= 0; --i)
    if (jobs_[i].*kind) removeRows(i, 1);
  job.*kind = true;
  beginInsertRows({}, 0, 0);
  jobs_.push_front(std::move(job));
  endInsertRows();
  if (jobs_.size() > 1) emit dataChanged(index(1), index(int(jobs_.size()) - 1));  // numbering
}

GenerationJob JobQueue::takeFirst() {
  GenerationJob job = jobs_.front();
  removeRows(0, 1);
  return job;
}

int JobQueue::move(int row, int delta) {
  const int to = row + delta;
  if (row < 0 || row >= jobs_.size() || to < 0 || to >= jobs_.size() || delta == 0) return row;
  // beginMoveRows wants the destination as "insert before" in the old numbering.
  beginMoveRows({}, row, row, {}, delta > 0 ? to + 1 : to);
  std::swap(jobs_[row], jobs_[to]);
  endMoveRows();
  emit dataChanged(index(std::min(row, to)), index(std::max(row, to)));
  return to;
}

void JobQueue::clear() {
  if (jobs_.isEmpty()) return;
  beginResetModel();
  jobs_.clear();
  endResetModel();
}

}  // namespace ui
}  // namespace hl
