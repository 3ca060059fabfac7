// The generation history: an SQLite database (WAL journal) holding every generation's settings,
// with each image saved beside it as a PNG that carries the same settings (A1111 "parameters"
// plus a JSON chunk). A row is inserted only after its PNG is safely on disk, so nothing shown
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
  QString modelName;
  bool demo = false;
  double seconds = 0;
  GenerateRequest request;  // prompt, negative, sampler, steps, cfg, seed, size
  QString identityJson;     // photos, strength, mix ("" without identity)
};

// The HyperLoRA settings of a generation as the compact JSON stored in the database and in the
// PNG's "hyperlora" chunk ("" without an identity).
QString identityJson(const IdentitySettings& identity);
IdentitySettings identityFromJson(const QString& json);  // the inverse (default settings for "")

class HistoryStore {
 public:
  // Writes `outcome`'s image as a PNG carrying A1111 "parameters" and the "hyperlora" JSON chunk
  // (atomic: temp file, then rename). Used for the history and for File > Export image.
  static void writeImage(const QString& path, const GenerationOutcome& outcome, const QString& identityJson);

  // `folder` holds history.sqlite and images/. Throws hl::Error naming the file on failure.
  explicit HistoryStore(const QString& folder);
  ~HistoryStore();

  HistoryEntry add(const GenerationOutcome& outcome, const QString& identityJson = {});
  // Newest first; `search` matches prompt text, `identity` matches a photo path.
  std::vector<HistoryEntry> list(int limit = 10000, const QString& search = {}, const QString& identity = {}) const;
  int count() const;
  QString folder() const { return folder_; }

 private:
  QString folder_, connection_;
};

}  // namespace ui
}  // namespace hl
