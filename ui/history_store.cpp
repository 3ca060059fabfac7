#include "ui/history_store.h"

#include <QDateTime>
#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>

#include "util/error.h"
#include "vision/png_text.h"

namespace hl {
namespace ui {
namespace {

void exec(QSqlQuery& q, const QString& what) {
  if (!q.exec()) throw Error(what.toStdString() + ": " + q.lastError().text().toStdString());
}

}  // namespace

HistoryStore::HistoryStore(const QString& folder) : folder_(folder) {
  QDir().mkpath(folder + "/images");
  connection_ = "history-" + QUuid::createUuid().toString(QUuid::WithoutBraces);
  QSqlDatabase db = QSqlDatabase::addDatabase("QSQLITE", connection_);
  db.setDatabaseName(folder + "/history.sqlite");
  if (!db.open())
    throw Error((folder + "/history.sqlite: cannot open the history database: " + db.lastError().text()).toStdString());
  QSqlQuery q(db);
  q.exec("PRAGMA journal_mode=WAL");
  q.exec("PRAGMA synchronous=NORMAL");
  if (!q.exec("CREATE TABLE IF NOT EXISTS generations ("
              " id INTEGER PRIMARY KEY AUTOINCREMENT, created TEXT NOT NULL, image TEXT NOT NULL,"
              " prompt TEXT, negative TEXT, sampler TEXT, steps INTEGER, cfg REAL, rescale REAL,"
              " seed INTEGER, width INTEGER, height INTEGER, model TEXT, demo INTEGER, seconds REAL,"
              " identity TEXT)") ||
      !q.exec("CREATE INDEX IF NOT EXISTS generations_created ON generations(created)"))
    throw Error((folder + "/history.sqlite: " + q.lastError().text()).toStdString());
}

HistoryStore::~HistoryStore() {
  { QSqlDatabase::database(connection_).close(); }
  QSqlDatabase::removeDatabase(connection_);
}

QString identityJson(const IdentitySettings& identity) {
  if (!identity.active()) return {};
  QJsonObject id;
  id["name_a"] = identity.nameA;
  if (!identity.photosB.isEmpty()) id["name_b"] = identity.nameB;
  id["photos_a"] = QJsonArray::fromStringList(identity.photosA);
  id["photos_b"] = QJsonArray::fromStringList(identity.photosB);
  id["strength"] = identity.strength;
  id["mix"] = identity.mix;
  id["base_lora"] = identity.baseLora;
  id["trigger"] = identity.trigger;
  return QString::fromUtf8(QJsonDocument(id).toJson(QJsonDocument::Compact));
}

IdentitySettings identityFromJson(const QString& json) {
  IdentitySettings s;
  const QJsonObject o = QJsonDocument::fromJson(json.toUtf8()).object();
  if (o.isEmpty()) return s;
  s.nameA = o["name_a"].toString();
  s.nameB = o["name_b"].toString();
  for (const auto& v : o["photos_a"].toArray()) s.photosA << v.toString();
  for (const auto& v : o["photos_b"].toArray()) s.photosB << v.toString();
  s.strength = o["strength"].toDouble(s.strength);
  s.mix = o["mix"].toDouble(s.mix);
  s.baseLora = o["base_lora"].toBool(s.baseLora);
  s.trigger = o["trigger"].toBool(s.trigger);
  return s;
}

void HistoryStore::writeImage(const QString& path, const GenerationOutcome& out, const QString& identityJson) {
  if (out.image.isNull()) throw Error(path.toStdString() + ": no image to write");
  QImage rgb = out.image.convertToFormat(QImage::Format_RGB888);
  RgbImage img;
  img.width = rgb.width();
  img.height = rgb.height();
  for (int y = 0; y < rgb.height(); ++y)
    img.pixels.insert(img.pixels.end(), rgb.constScanLine(y), rgb.constScanLine(y) + rgb.width() * 3);
  A1111Parameters p;
  p.prompt = out.request.prompt;
  p.negativePrompt = out.request.negativePrompt;
  p.steps = out.request.steps;
  p.sampler = samplerLabel(out.request.sampler);
  p.cfgScale = out.request.guidanceScale;
  p.seed = out.request.seed;
  p.width = out.request.width;
  p.height = out.request.height;
  p.modelName = out.modelName.toStdString();
  if (out.identity.active()) {
    p.extra.emplace_back("HyperLoRA strength", QString::number(out.identity.strength, 'g', 4).toStdString());
    if (!out.identity.photosB.isEmpty())
      p.extra.emplace_back("HyperLoRA mix", QString::number(out.identity.mix, 'g', 4).toStdString());
  }
  writePngWithText(path.toStdString(), img,
                   {{"parameters", p.format()}, {"hyperlora", identityJson.isEmpty() ? "{}" : identityJson.toStdString()}});
}

HistoryEntry HistoryStore::add(const GenerationOutcome& out, const QString& identityJson) {
  HistoryEntry e;
  e.created = QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
  e.request = out.request;
  e.modelName = out.modelName;
  e.demo = out.demo;
  e.seconds = out.seconds;
  e.identityJson = identityJson;
  // The PNG first (atomic write), the row after: a row always has its image.
  const QString name = QDateTime::currentDateTimeUtc().toString("yyyyMMdd-HHmmss-zzz") + "-" +
                       QString::number(out.request.seed) + ".png";
  e.imagePath = folder_ + "/images/" + name;
  writeImage(e.imagePath, out, identityJson);
  QSqlQuery q(QSqlDatabase::database(connection_));
  q.prepare("INSERT INTO generations (created, image, prompt, negative, sampler, steps, cfg, rescale,"
            " seed, width, height, model, demo, seconds, identity) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
  for (const QVariant& v : QVariantList{e.created, e.imagePath, QString::fromStdString(out.request.prompt),
                                        QString::fromStdString(out.request.negativePrompt),
                                        QString(samplerName(out.request.sampler)), out.request.steps,
                                        out.request.guidanceScale, out.request.guidanceRescale,
                                        qlonglong(out.request.seed), out.request.width, out.request.height,
                                        out.modelName, out.demo ? 1 : 0, out.seconds, identityJson})
    q.addBindValue(v);
  exec(q, "history: cannot record the generation");
  e.id = q.lastInsertId().toLongLong();
  return e;
}

std::vector<HistoryEntry> HistoryStore::list(int limit, const QString& search, const QString& identity) const {
  QSqlQuery q(QSqlDatabase::database(connection_));
  QString sql = "SELECT id, created, image, prompt, negative, sampler, steps, cfg, rescale, seed, width,"
                " height, model, demo, seconds, identity FROM generations WHERE 1=1";
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
  std::vector<HistoryEntry> out;
  if (!q.exec()) return out;
  while (q.next()) {
    HistoryEntry e;
    e.id = q.value(0).toLongLong();
    e.created = q.value(1).toString();
    e.imagePath = q.value(2).toString();
    e.request.prompt = q.value(3).toString().toStdString();
    e.request.negativePrompt = q.value(4).toString().toStdString();
    try {
      e.request.sampler = parseSamplerKind(q.value(5).toString().toStdString());
    } catch (const Error&) {
    }
    e.request.steps = q.value(6).toInt();
    e.request.guidanceScale = q.value(7).toDouble();
    e.request.guidanceRescale = q.value(8).toDouble();
    e.request.seed = uint64_t(q.value(9).toLongLong());
    e.request.width = q.value(10).toInt();
    e.request.height = q.value(11).toInt();
    e.modelName = q.value(12).toString();
    e.demo = q.value(13).toInt() != 0;
    e.seconds = q.value(14).toDouble();
    e.identityJson = q.value(15).toString();
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
