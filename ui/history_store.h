// The generation history: an SQLite database (WAL journal) holding every generation's record,
// with each image saved beside it as a PNG that carries the same record (A1111 "parameters"
// plus the "hyperlora" JSON chunk). A row is inserted only after its PNG is safely on disk, so nothing shown
// as saved can be lost by a crash or kill.
#pragma once

#include <QImage>
#include <QSqlDatabase>
#include <QString>
#include <vector>

#include "ui/engine_worker.h"

namespace hl {
namespace ui {

struct HistoryEntry {
  qint64 id = 0;
  QString created;     // ISO 8601
  QString imagePath;
  studio::GenerationRecord record;  // settings, model, identity
};

class HistoryStore {
 public:
  // Writes `outcome`'s image as a PNG carrying its record: A1111 "parameters" and the
  // "hyperlora" JSON chunk (atomic: temp file, then rename). The history and File > Export image.
  static void writeImage(const QString& path, const GenerationOutcome& outcome);

  // `folder` holds history.sqlite and images/. A damaged database is moved aside and a new one
  // is made from the images (see recoveryNote); throws hl::Error naming the file when even
  // that fails.
  explicit HistoryStore(const QString& folder);
  ~HistoryStore();

  HistoryEntry add(const GenerationOutcome& outcome);
  // Newest first; `search` matches prompt text, `identity` matches a photo path.
  std::vector<HistoryEntry> list(int limit = 10000, const QString& search = {}, const QString& identity = {}) const;
  int count() const;
  QString folder() const { return folder_; }
  // Set when the database was damaged at start: where it was moved and how many images were
  // re-indexed into the new one (for a message); empty otherwise.
  QString recoveryNote() const { return recovery_; }

 private:
  void open(const QString& file);
  void close();
  int reindexImages();
  qint64 insertRow(const QString& created, const QString& imagePath, const studio::GenerationRecord& r);
  QString folder_, connection_, recovery_;
};

}  // namespace ui
}  // namespace hl
