// The history survives what happens to computers: a database damaged or emptied at start is
// moved aside and rebuilt from its images; a writer killed with SIGKILL at random moments in
// the middle of history inserts, PNG exports and settings saves leaves every committed entry,
// every image readable and the settings either old or new, never broken.
#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QImage>
#include <QProcess>
#include <QRandomGenerator>
#include <QSettings>
#include <QTemporaryDir>
#include <QtTest>

#include <csignal>
#include <cstdio>

#include "studio/png_record.h"
#include "ui/history_store.h"

using hl::ui::GenerationOutcome;
using hl::ui::HistoryStore;

namespace {

GenerationOutcome outcome(int i) {
  GenerationOutcome o;
  o.record.settings.prompt = "portrait number " + std::to_string(i);
  o.record.settings.seed = uint64_t(1000 + i);
  o.record.settings.width = o.record.settings.height = 64;
  o.record.settings.steps = 4;
  o.record.modelName = "demo";
  o.image = QImage(64, 64, QImage::Format_RGB888);
  o.image.fill(QColor(i * 20 % 255, 80, 160));
  return o;
}

// The child of the kill test: adds entries, exports a large PNG and saves settings in a loop,
// saying on stdout what it has committed.
int writer(const QString& dir) {
  HistoryStore store(dir + "/history");
  QSettings settings(dir + "/settings.ini", QSettings::IniFormat);
  GenerationOutcome big = outcome(0);
  big.image = QImage(1024, 1024, QImage::Format_RGB888);
  big.image.fill(Qt::darkCyan);
  for (int i = 1;; ++i) {
    store.add(outcome(i));
    std::printf("committed %d\n", store.count());
    std::fflush(stdout);
    HistoryStore::writeImage(dir + "/export.png", big);
    settings.setValue("generate/prompt", QString("prompt %1").arg(i));
    settings.setValue("generate/blob", QString(20000, QChar('a' + i % 26)));
    settings.sync();
  }
}

}  // namespace

class TestHistoryStore : public QObject {
  Q_OBJECT
  QTemporaryDir tmp_;

  QString filled(const QString& name, int n) {
    const QString dir = tmp_.path() + "/" + name;
    HistoryStore s(dir);
    for (int i = 0; i < n; ++i) s.add(outcome(i));
    return dir;
  }

 private slots:
  void aDamagedDatabaseIsRebuiltFromTheImages() {
    const QString dir = filled("damaged", 3);
    {
      QFile f(dir + "/history.sqlite");
      QVERIFY(f.open(QIODevice::ReadWrite));
      f.seek(0);
      f.write(QByteArray(4096, '\x5a'));  // the header and the first page overwritten
    }
    {
      HistoryStore s(dir);
      QVERIFY2(s.recoveryNote().contains("damaged"), qPrintable(s.recoveryNote()));
      QVERIFY2(s.recoveryNote().contains("3 images"), qPrintable(s.recoveryNote()));
      QCOMPARE(s.count(), 3);
      const auto entries = s.list();
      QCOMPARE(entries.size(), size_t(3));
      QCOMPARE(QString::fromStdString(entries.back().record.settings.prompt), QString("portrait number 0"));
      QCOMPARE(entries.front().record.settings.seed, uint64_t(1002));
      const QStringList aside = QDir(dir).entryList({"history.sqlite.damaged-*"});
      QVERIFY2(!aside.isEmpty(), qPrintable(QDir(dir).entryList().join(", ")));
    }
    // The next start finds a healthy database and says nothing.
    HistoryStore again(dir);
    QVERIFY(again.recoveryNote().isEmpty());
    QCOMPARE(again.count(), 3);
  }

  void aTruncatedDatabaseIsRebuilt() {
    const QString dir = filled("truncated", 2);
    QVERIFY(QFile::resize(dir + "/history.sqlite", 1000));
    HistoryStore s(dir);
    QCOMPARE(s.count(), 2);
    QVERIFY(!s.recoveryNote().isEmpty());
  }

  void aDeletedDatabaseComesBackFromTheImages() {
    const QString dir = filled("deleted", 4);
    QVERIFY(QFile::remove(dir + "/history.sqlite"));
    QFile::remove(dir + "/history.sqlite-wal");
    QFile::remove(dir + "/history.sqlite-shm");
    HistoryStore s(dir);
    QCOMPARE(s.count(), 4);
    QVERIFY2(s.recoveryNote().contains("indexed again"), qPrintable(s.recoveryNote()));
  }

  void killedWritersLoseNothingCommitted() {
    const QString dir = tmp_.path() + "/killed";
    int lastCommitted = 0;
    for (int round = 0; round < 12; ++round) {
      QProcess child;
      child.setProcessChannelMode(QProcess::ForwardedErrorChannel);
      child.start(QCoreApplication::applicationFilePath(), {"--writer", dir});
      QVERIFY(child.waitForStarted());
      // Let it commit a little, then kill it at a random moment of its loop.
      QVERIFY(child.waitForReadyRead(20000));
      QTest::qWait(int(QRandomGenerator::global()->bounded(5, 120)));
      ::kill(pid_t(child.processId()), SIGKILL);
      QVERIFY(child.waitForFinished(10000));
      for (const QByteArray& line : child.readAllStandardOutput().split('\n'))
        if (line.startsWith("committed ")) lastCommitted = line.mid(10).toInt();
      HistoryStore s(dir + "/history");
      QVERIFY2(s.recoveryNote().isEmpty(), qPrintable(s.recoveryNote()));
      QVERIFY2(s.count() >= lastCommitted, qPrintable(QString("%1 rows, %2 committed").arg(s.count()).arg(lastCommitted)));
      for (const auto& e : s.list()) {
        const QImage img(e.imagePath);
        QVERIFY2(!img.isNull(), qPrintable(e.imagePath));
        QCOMPARE(hl::studio::readRecord(e.imagePath.toStdString()).settings.prompt, e.record.settings.prompt);
      }
      if (QFile::exists(dir + "/export.png")) {
        QCOMPARE(QImage(dir + "/export.png").size(), QSize(1024, 1024));
      }
      QSettings settings(dir + "/settings.ini", QSettings::IniFormat);
      QCOMPARE(settings.status(), QSettings::NoError);
      if (settings.contains("generate/prompt")) {
        QVERIFY(settings.value("generate/prompt").toString().startsWith("prompt "));
        QCOMPARE(settings.value("generate/blob").toString().size(), 20000);
      }
    }
    QVERIFY2(lastCommitted >= 12, qPrintable(QString::number(lastCommitted)));
    std::printf("killed 12 writers; %d entries committed, all present\n", lastCommitted);
  }
};

int main(int argc, char** argv) {
  QCoreApplication app(argc, argv);
  if (argc == 3 && QByteArray(argv[1]) == "--writer") return writer(QString::fromLocal8Bit(argv[2]));
  TestHistoryStore t;
  return QTest::qExec(&t, argc, argv);
}
#include "test_history_store.moc"
