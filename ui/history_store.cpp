#include "ui/history_store.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>

#include "util/error.h"
#include "studio/png_record.h"
#include "ui/engine_worker.h"
#include "util/json.h"

namespace hl {
namespace ui {
namespace {

void exec(QSqlQuery& q, const QString& what) {
  if (!q.exec()) throw Error(what.toStdString() + ": " + q.lastError().text().toStdString());
}

}  // namespace

HistoryStore::HistoryStore(const QString& folder) : folder_(folder) {
  QDir().mkpath(folder + "/images");
  const QString file = folder + "/history.sqlite";
  std::string problem;
  try {
    open(file);
    // A database that was deleted or emptied while its images stayed: they come back.
    if (count() == 0 && !QDir(folder + "/images").entryList({"*.png"}, QDir::Files).isEmpty()) {
      const int restored = reindexImages();
      if (restored > 0)
        recovery_ = QString("The history database was empty; the %1 images in %2 were indexed again.")
                        .arg(restored)
                        .arg(folder + "/images");
    }
    return;
  } catch (const Error& e) {
    problem = e.what();
  }
  // Damaged (truncated, overwritten, not a database): set it aside, start afresh, and rebuild
  // the rows from the images, which carry their records.
  close();
  const QString aside = file + ".damaged-" + QDateTime::currentDateTimeUtc().toString("yyyyMMdd-HHmmss");
  if (!QFile::rename(file, aside))
    throw Error(file.toStdString() + ": " + problem + "; it could not be moved aside either");
  for (const char* tail : {"-wal", "-shm"}) QFile::rename(file + tail, aside + tail);
  open(file);
  const int restored = reindexImages();
  recovery_ = QString("The history database was damaged (%1). It was moved to %2 and a new one was "
                      "made from the %3 images in %4.")
                  .arg(QString::fromStdString(problem), aside)
                  .arg(restored)
                  .arg(folder + "/images");
}

void HistoryStore::open(const QString& file) {
  connection_ = "history-" + QUuid::createUuid().toString(QUuid::WithoutBraces);
  QSqlDatabase db = QSqlDatabase::addDatabase("QSQLITE", connection_);
  db.setDatabaseName(file);
  const std::string where = file.toStdString();
  if (!db.open())
    throw Error(where + ": cannot open the history database: " + db.lastError().text().toStdString());
  QSqlQuery q(db);
  auto run = [&](const QString& sql) {
    if (!q.exec(sql)) throw Error(where + ": " + q.lastError().text().toStdString());
  };
  run("PRAGMA journal_mode=WAL");
  run("PRAGMA synchronous=NORMAL");
  run("PRAGMA quick_check");
  if (!q.next() || q.value(0).toString() != "ok")
    throw Error(where + ": the database fails its integrity check (" +
                (q.isValid() ? q.value(0).toString().toStdString() : std::string("no answer")) + ")");
  run("CREATE TABLE IF NOT EXISTS generations ("
      " id INTEGER PRIMARY KEY AUTOINCREMENT, created TEXT NOT NULL, image TEXT NOT NULL,"
      " prompt TEXT, negative TEXT, sampler TEXT, steps INTEGER, cfg REAL, rescale REAL,"
      " seed INTEGER, width INTEGER, height INTEGER, model TEXT, demo INTEGER, seconds REAL,"
      " identity TEXT, record TEXT)");
  run("CREATE INDEX IF NOT EXISTS generations_created ON generations(created)");
  // Databases of earlier builds have no record column: add it (their rows are read as before).
  bool hasRecord = false;
  run("PRAGMA table_info(generations)");
  while (q.next()) hasRecord |= q.value(1).toString() == "record";
  if (!hasRecord) run("ALTER TABLE generations ADD COLUMN record TEXT");
}

void HistoryStore::close() {
  if (connection_.isEmpty()) return;
  { QSqlDatabase::database(connection_).close(); }
  QSqlDatabase::removeDatabase(connection_);
  connection_.clear();
}

int HistoryStore::reindexImages() {
  QDir images(folder_ + "/images");
  int n = 0;
  // Names start with the UTC time of the generation, so name order is time order.
  for (const QFileInfo& f : images.entryInfoList({"*.png"}, QDir::Files, QDir::Name)) {
    try {
      const studio::GenerationRecord r = studio::readRecord(f.absoluteFilePath().toStdString());
      insertRow(f.lastModified().toUTC().toString(Qt::ISODateWithMs), f.absoluteFilePath(), r);
      ++n;
    } catch (const Error&) {
      // Not one of ours, or damaged too: left where it is, not listed.
    }
  }
  return n;
}

HistoryStore::~HistoryStore() { close(); }

void HistoryStore::writeImage(const QString& path, const GenerationOutcome& out) {
  if (out.image.isNull()) throw Error(path.toStdString() + ": no image to write");
  studio::writeImage(path.toStdString(), fromQImage(out.image), out.record);
}

HistoryEntry HistoryStore::add(const GenerationOutcome& out) {
  HistoryEntry e;
  e.created = QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
  e.record = out.record;
  const studio::GenerationSettings& st = out.record.settings;
  // The PNG first (atomic write), the row after: a row always has its image.
  const QString name = QDateTime::currentDateTimeUtc().toString("yyyyMMdd-HHmmss-zzz") + "-" +
                       QString::number(st.seed) + ".png";
  e.imagePath = folder_ + "/images/" + name;
  writeImage(e.imagePath, out);
  e.id = insertRow(e.created, e.imagePath, out.record);
  return e;
}

qint64 HistoryStore::insertRow(const QString& created, const QString& imagePath, const studio::GenerationRecord& r) {
  const studio::GenerationSettings& st = r.settings;
  const QString identity =
      st.identity.active() ? QString::fromStdString(json::dump(st.identity.toJson())) : QString();
  QSqlQuery q(QSqlDatabase::database(connection_));
  q.prepare("INSERT INTO generations (created, image, prompt, negative, sampler, steps, cfg, rescale,"
            " seed, width, height, model, demo, seconds, identity, record)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
  for (const QVariant& v : QVariantList{created, imagePath, QString::fromStdString(st.prompt),
                                        QString::fromStdString(st.negativePrompt),
                                        QString(samplerName(st.sampler)), st.steps, st.cfg,
                                        st.guidanceRescale, qlonglong(st.seed), st.width, st.height,
                                        QString::fromStdString(r.modelName), r.demo ? 1 : 0, r.seconds,
                                        identity, QString::fromStdString(json::dump(r.toJson()))})
    q.addBindValue(v);
  exec(q, "history: cannot record the generation");
  return q.lastInsertId().toLongLong();
}

namespace {

// A row of an earlier build (no record column): its settings from the columns.
studio::GenerationRecord legacyRecord(const QSqlQuery& q) {
  studio::GenerationRecord r;
  studio::GenerationSettings& s = r.settings;
  r.sourceVersion = 0;
  s.prompt = q.value(3).toString().toStdString();
  s.negativePrompt = q.value(4).toString().toStdString();
  try {
    s.sampler = parseSamplerKind(q.value(5).toString().toStdString());
  } catch (const Error&) {
  }
  s.steps = q.value(6).toInt();
  s.cfg = q.value(7).toDouble();
  s.guidanceRescale = q.value(8).toDouble();
  s.seed = uint64_t(q.value(9).toLongLong());
  s.width = q.value(10).toInt();
  s.height = q.value(11).toInt();
  r.modelName = q.value(12).toString().toStdString();
  r.demo = q.value(13).toInt() != 0;
  const std::string identity = q.value(15).toString().toStdString();
  if (!identity.empty()) {
    try {
      s.identity = studio::IdentityRecord::fromJson(json::parse(identity));
    } catch (const Error&) {
    }
  }
  return r;
}

}  // namespace

std::vector<HistoryEntry> HistoryStore::list(int limit, const QString& search, const QString& identity) const {
  QSqlQuery q(QSqlDatabase::database(connection_));
  QString sql = "SELECT id, created, image, prompt, negative, sampler, steps, cfg, rescale, seed, width,"
                " height, model, demo, seconds, identity, record FROM generations WHERE 1=1";
  if (!search.isEmpty()) sql += " AND prompt LIKE ? ESCAPE '\\'";
  if (!identity.isEmpty()) sql += " AND identity LIKE ? ESCAPE '\\'";
  sql += " ORDER BY id DESC LIMIT ?";
  q.prepare(sql);
  auto like = [](QString s) {
    s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    return "%" + s + "%";
  };
  if (!search.isEmpty()) q.addBindValue(like(search));
  if (!identity.isEmpty()) q.addBindValue(like(identity));
  q.addBindValue(limit);
  exec(q, "history: cannot read the history");
  std::vector<HistoryEntry> out;
  while (q.next()) {
    HistoryEntry e;
    e.id = q.value(0).toLongLong();
    e.created = q.value(1).toString();
    e.imagePath = q.value(2).toString();
    const QString record = q.value(16).toString();
    try {
      e.record = record.isEmpty() ? legacyRecord(q)
                                  : studio::GenerationRecord::fromJson(json::parse(record.toStdString()));
    } catch (const Error&) {
      e.record = legacyRecord(q);  // a damaged record: what the columns hold
    }
    e.record.seconds = q.value(14).toDouble();
    out.push_back(std::move(e));
  }
  return out;
}

int HistoryStore::count() const {
  QSqlQuery q(QSqlDatabase::database(connection_));
  return q.exec("SELECT COUNT(*) FROM generations") && q.next() ? q.value(0).toInt() : 0;
}

}  // namespace ui
}  // namespace hl
