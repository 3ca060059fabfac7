#include <QCheckBox>
#include <QComboBox>
#include <QApplication>
#include <QListWidget>
#include <QMouseEvent>
#include <cmath>
#include <QProcess>

#include "ui/compare_view.h"
#include "ui/seed_box.h"
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QPlainTextEdit>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTabWidget>
#include <QTreeWidget>
#include <QtTest>

#include "models/demo_pack.h"
#include "ui/history_store.h"
#include "ui/job_queue.h"
#include "ui/history_model.h"
#include <QElapsedTimer>
#include <QSqlDatabase>
#include <QSqlQuery>
#include "ui/settings_dialog.h"
#include <QDialogButtonBox>
#include <QLineEdit>
#include <QSettings>
#include <QTranslator>
#include "studio/png_record.h"
#include "vision/png_text.h"
#include "gui_helpers.h"
#include "ui/main_window.h"
#include <qcustomplot.h>

class TestMainWindow : public QObject {
  Q_OBJECT
  QTemporaryDir tmp_;
  QString pack_;

 private slots:
  void initTestCase() {
    QStandardPaths::setTestModeEnabled(true);
    // Settings of this run only, never the user's.
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, tmp_.path() + "/settings");
    // Test mode has its own data folder: start every run with an empty history.
    QDir(QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation)).removeRecursively();
    pack_ = tmp_.path() + "/pack";
    hl::writeDemoPack(pack_.toStdString());
  }

  void showsTheDemoPackAndValidatesIt() {
    hl::ui::MainWindow w;
    w.show();
    QSignalSpy done(&w, &hl::ui::MainWindow::modelCheckFinished);
    w.openModels(pack_);
    QVERIFY(done.wait(30000));
    QCOMPARE(done.first().first().toBool(), true);
    QVERIFY(!w.checkRunning());

    auto* banner = w.findChild<QLabel*>("demoBanner");
    QVERIFY(banner && !banner->isHidden());  // shown (on the Models tab)
    QVERIFY(banner->text().contains("images are noise"));

    auto* tree = w.findChild<QTreeWidget*>("componentTree");
    QCOMPARE(tree->topLevelItemCount(), 5);
    int missing = 0;
    for (int i = 0; i < tree->topLevelItemCount(); ++i) {
      QTreeWidgetItem* it = tree->topLevelItem(i);
      if (it->text(1) == "missing") {
        ++missing;
        QVERIFY(it->text(0).contains("Face models"));
        QVERIFY(it->childCount() >= 2);  // what is missing, where it was looked for, the hint
      }
    }
    QCOMPARE(missing, 1);
    auto* log = w.findChild<QPlainTextEdit*>("checkLog");
    QVERIFY(log->toPlainText().contains("[ok]    UNet"));
    QVERIFY(!log->toPlainText().contains("[error]"));
    const QByteArray shots = qgetenv("HYPERLORA_SCREENSHOT_DIR");
    if (!shots.isEmpty()) {
      w.findChild<QTabWidget*>("tabs")->setCurrentWidget(w.findChild<QWidget*>("modelsPage"));
      QVERIFY(w.grab().save(QString(shots) + "/main_window_models.png"));
    }
  }

  void generatesWithProgressAndHistory() {
    hl::ui::MainWindow w;
    const bool active = showActive(w);
    QVERIFY(active || qgetenv("QT_QPA_PLATFORM") != "offscreen");
    w.openModels(pack_);
    auto* size = w.findChild<QComboBox*>("size");
    size->setCurrentIndex(size->findData(QSize(64, 64)));
    w.findChild<QSpinBox*>("steps")->setValue(3);
    w.findChild<QPlainTextEdit*>("prompt")->setPlainText("a portrait of a test");
    QSignalSpy progress(&w.worker(), &hl::ui::EngineWorker::progress);
    QSignalSpy done(&w, &hl::ui::MainWindow::generationDone);
    if (active) QTest::keyClick(&w, Qt::Key_Return, Qt::ControlModifier);  // the shortcut, as a user would
    else w.generate();
    QVERIFY2(done.wait(60000), qPrintable(w.findChild<QLabel*>("stepInfo")->text()));
    QCOMPARE(progress.count(), 3);
    QCOMPARE(w.historySize(), 1);
    QVERIFY(!w.historyImage(0).isNull());
    QCOMPARE(w.historyImage(0).width(), 64);
    QCOMPARE(w.findChild<QProgressBar*>("generationProgress")->value(), 3);
    QVERIFY(!w.findChild<QLabel*>("imageBanner")->isHidden());  // demo output is labelled (on whichever tab is shown)
    // A second generation reuses the loaded model.
    w.findChild<QPlainTextEdit*>("prompt")->setPlainText("another prompt");
    w.generate();
    QVERIFY(done.wait(60000));
    QCOMPARE(w.historySize(), 2);
    QCOMPARE(w.worker().modelLoads(), 1);
    // Both prompts are in the history, newest first; Ctrl+Up walks back to the first one.
    auto* history = w.findChild<QComboBox*>("promptHistory");
    QCOMPARE(history->itemText(0), QString("another prompt"));
    QCOMPARE(history->itemText(1), QString("a portrait of a test"));
    auto* prompt = w.findChild<QPlainTextEdit*>("prompt");
    prompt->setFocus();
    QTest::keyClick(prompt, Qt::Key_Up, Qt::ControlModifier);  // delivered to the widget directly
    QTest::keyClick(prompt, Qt::Key_Up, Qt::ControlModifier);
    QCOMPARE(prompt->toPlainText(), QString("a portrait of a test"));
    QTest::mouseClick(w.findChild<QPushButton*>("negativePreset"), Qt::LeftButton);
    QVERIFY(w.findChild<QPlainTextEdit*>("negativePrompt")->toPlainText().startsWith("big breast, nsfw, lowres"));
    // Selecting a result recalls its settings.
    w.showHistory(0);
    QCOMPARE(w.findChild<QPlainTextEdit*>("prompt")->toPlainText(), QString("a portrait of a test"));
    QCOMPARE(w.findChild<hl::ui::SeedBox*>("seed")->value(), w.historyAt(0).settings().seed);
    QVERIFY(!w.findChild<QCheckBox*>("randomSeed")->isChecked());
    // The line under the image describes the shown result, not the latest one.
    const QString info = w.findChild<QLabel*>("stepInfo")->text();
    QVERIFY2(info.startsWith(QString("Result #1: seed %1, made in ").arg(w.historyAt(0).settings().seed)),
             qPrintable(info));
    const QByteArray shots = qgetenv("HYPERLORA_SCREENSHOT_DIR");
    if (!shots.isEmpty()) {
      w.findChild<QTabWidget*>("tabs")->setCurrentIndex(0);  // the window remembers the last tab
      QTest::qWait(300);  // thumbnails arrive from their worker threads
      QVERIFY(w.grab().save(QString(shots) + "/main_window_generate.png"));
    }
    // Compare the two results: one shared zoom and pan, and a split view for two.
    const int n = w.historySize();
    auto* sel = w.historyView()->selectionModel();
    sel->select(w.historyView()->model()->index(n - 2, 0), QItemSelectionModel::Select);
    sel->select(w.historyView()->model()->index(n - 1, 0), QItemSelectionModel::Select);
    if (active) QTest::keyClick(&w, Qt::Key_K, Qt::ControlModifier);
    else w.compareSelected();
    hl::ui::CompareCanvas* canvas = w.compareView()->canvas();
    QCOMPARE(canvas->imageCount(), 2);
    const double fitWidth = canvas->imageRect(0).width();
    canvas->setZoom(3.0, QPointF(100, 100));
    QCOMPARE(canvas->imageRect(0).size(), canvas->imageRect(1).size());  // synchronised zoom
    QVERIFY(std::abs(canvas->imageRect(0).width() - 3.0 * fitWidth) < 1e-6);
    QTest::mousePress(canvas, Qt::LeftButton, {}, QPoint(50, 50));
    QTest::mouseMove(canvas, QPoint(90, 70));
    QMouseEvent move(QEvent::MouseMove, QPointF(90, 70), QPointF(90, 70), Qt::NoButton, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(canvas, &move);
    QCOMPARE(canvas->imageRect(0).topLeft() - canvas->imageRect(1).topLeft() + QPointF(canvas->width() / 2.0, 0),
             QPointF(0, 0));  // the same pan in both cells
    w.findChild<QCheckBox*>("compareSplit")->setChecked(true);
    QVERIFY(canvas->split());
    if (!shots.isEmpty()) QVERIFY(w.grab().save(QString(shots) + "/main_window_compare.png"));
  }

  // The studio and the CLI write the same "parameters" text for the same settings (one record in
  // core), and each reads the other's PNG.
  void studioAndCliWriteTheSameText() {
    const QString cli = qEnvironmentVariable("HYPERLORA_CLI");
    if (cli.isEmpty()) QSKIP("HYPERLORA_CLI is not set");
    hl::ui::MainWindow w;
    quickRuns(w, pack_, 2);
    w.findChild<QPlainTextEdit*>("prompt")->setPlainText("a (red:1.2) fox, studio light");
    w.findChild<QPlainTextEdit*>("negativePrompt")->setPlainText("blurry, lowres");
    auto* sampler = w.findChild<QComboBox*>("sampler");
    sampler->setCurrentIndex(sampler->findData(QString("dpmpp_2m_sde_karras")));
    w.findChild<QDoubleSpinBox*>("cfg")->setValue(4.5);
    w.findChild<QCheckBox*>("randomSeed")->setChecked(false);
    w.findChild<hl::ui::SeedBox*>("seed")->setValue(777);
    QSignalSpy done(&w, &hl::ui::MainWindow::generationDone);
    w.generate();
    QVERIFY(done.wait(60000));
    const QString studioPng = tmp_.path() + "/studio.png", cliPng = tmp_.path() + "/cli.png";
    QVERIFY(w.exportImage(w.historySize() - 1, studioPng));
    QProcess p;
    p.start(cli, {"generate", "--model", pack_, "--prompt", "a (red:1.2) fox, studio light", "--negative",
                  "blurry, lowres", "--sampler", "dpmpp_2m_sde_karras", "--cfg", "4.5", "--seed", "777",
                  "--steps", "2", "--width", "64", "--height", "64", "--out", cliPng});
    QVERIFY(p.waitForFinished(120000));
    QVERIFY2(p.exitCode() == 0, p.readAllStandardError().constData());
    auto parameters = [](const QString& png) {
      for (const auto& [k, v] : hl::readPngText(png.toStdString()))
        if (k == "parameters") return v;
      return std::string();
    };
    const std::string a = parameters(studioPng), b = parameters(cliPng);
    QVERIFY(!a.empty());
    QCOMPARE(a, b);
    QVERIFY(a.find("Sampler: DPM++ 2M SDE, Schedule type: Karras") != std::string::npos);
    QVERIFY(a.find("Model hash: ") != std::string::npos);
    // Each reads the other's PNG: the CLI's png-info, the studio's record reader.
    QCOMPARE(hl::studio::readRecord(cliPng.toStdString()).settings.seed, uint64_t(777));
    p.start(cli, {"png-info", studioPng});
    QVERIFY(p.waitForFinished(30000));
    QVERIFY(QString::fromUtf8(p.readAllStandardOutput()).contains("\"sampler\": \"dpmpp_2m_sde_karras\""));
  }

  // Batch count queues one job per image at consecutive seeds; the step-time plot follows the run.
  void batchQueueAndStepPlot() {
    hl::ui::MainWindow w;
    quickRuns(w, pack_, 3);
    w.findChild<QSpinBox*>("batch")->setValue(3);
    const int before = w.historySize();
    QSignalSpy done(&w, &hl::ui::MainWindow::generationDone);
    w.generate();
    QCOMPARE(w.queue()->rowCount(), 2);  // one running, two waiting
    for (int i = 0; i < 3; ++i) QVERIFY2(done.count() > i || done.wait(60000), "batch image missing");
    QCOMPARE(w.historySize(), before + 3);
    const uint64_t seed = w.historyAt(before).settings().seed;
    for (int i = 1; i < 3; ++i) QCOMPARE(w.historyAt(before + i).settings().seed, seed + uint64_t(i));
    QVERIFY(w.queue()->isEmpty());
    QCOMPARE(w.worker().modelLoads(), 1);
    QCOMPARE(w.stepPlot()->graph(0)->dataCount(), 3);  // one point per step of the last run
    {  // every point inside the frame, the slowest one below its top
      bool found = false;
      const QCPRange values = w.stepPlot()->graph(0)->getValueRange(found);
      QVERIFY(found);
      QCOMPARE(w.stepPlot()->yAxis->range().lower, 0.0);
      QVERIFY(w.stepPlot()->yAxis->range().upper > values.upper * 1.1);
    }
    QVERIFY(!w.findChild<QPushButton*>("cancelButton")->isEnabled());  // idle again
    w.findChild<QSpinBox*>("batch")->setValue(1);
    // Export the last one: a PNG whose parameters and (empty) HyperLoRA chunk read back.
    const QString png = QDir::tempPath() + "/hyperlora-export-test.png";
    QVERIFY(w.exportImage(w.historySize() - 1, png));
    const auto chunks = hl::readPngText(png.toStdString());
    QCOMPARE(int(chunks.size()), 2);
    QCOMPARE(chunks[0].first, std::string("parameters"));
    QCOMPARE(hl::studio::GenerationRecord::fromA1111(chunks[0].second).settings.seed, seed + 2);
    QCOMPARE(chunks[1].first, std::string("hyperlora"));
    QCOMPARE(hl::studio::readRecord(png.toStdString()).settings.seed, seed + 2);
    QVERIFY(!hl::studio::readRecord(png.toStdString()).settings.identity.active());
    QFile::remove(png);
  }

  // The queue model: reorder, remove, and live updates that replace each other.
  void queueReorderRemoveLive() {
    hl::ui::JobQueue q;
    for (int i = 0; i < 3; ++i) {
      hl::ui::GenerationJob j;
      j.settings.seed = uint64_t(10 + i);
      q.append(j);
    }
    QCOMPARE(q.move(2, -1), 1);
    QCOMPARE(q.at(1).settings.seed, uint64_t(12));
    QCOMPARE(q.at(2).settings.seed, uint64_t(11));
    QCOMPARE(q.move(0, -1), 0);  // already first
    QVERIFY(q.removeRows(0, 1));
    QCOMPARE(q.rowCount(), 2);
    QVERIFY(q.data(q.index(0), Qt::DisplayRole).toString().startsWith("1. "));
    hl::ui::GenerationJob live;
    live.settings.seed = 1;
    q.pushLive(live);
    live.settings.seed = 2;
    q.pushLive(live);  // the latest slider position wins
    QCOMPARE(q.rowCount(), 3);
    QCOMPARE(q.at(0).settings.seed, uint64_t(2));
    QVERIFY(q.at(0).live);
    QCOMPARE(q.takeFirst().settings.seed, uint64_t(2));
    QCOMPARE(q.at(0).settings.seed, uint64_t(12));
    q.clear();
    QVERIFY(q.isEmpty());
  }

  void historySurvivesARestart() {
    QString prompt = "persisted " + QString::number(QDateTime::currentMSecsSinceEpoch());
    uint64_t seed = 0;
    int before = 0;
    {
      hl::ui::MainWindow w;
      w.openModels(pack_);
      before = w.historySize();
      auto* size = w.findChild<QComboBox*>("size");
      size->setCurrentIndex(size->findData(QSize(64, 64)));
      w.findChild<QSpinBox*>("steps")->setValue(2);
      w.findChild<QPlainTextEdit*>("prompt")->setPlainText(prompt);
      QSignalSpy done(&w, &hl::ui::MainWindow::generationDone);
      w.generate();
      QVERIFY(done.wait(60000));
      seed = w.historyAt(w.historySize() - 1).settings().seed;
      QVERIFY(QFile::exists(w.historyAt(w.historySize() - 1).imagePath));
    }
    hl::ui::MainWindow again;  // as after a restart
    QCOMPARE(again.historySize(), before + 1);
    const auto& last = again.historyAt(again.historySize() - 1);
    QCOMPARE(QString::fromStdString(last.settings().prompt), prompt);
    QCOMPARE(last.settings().seed, seed);
    again.showHistory(again.historySize() - 1);  // the image loads lazily from its PNG
    QCOMPARE(again.historyImage(again.historySize() - 1).width(), 64);
    QVERIFY(again.historyAt(again.historySize() - 1).image.isNull());  // not kept in memory
    QCOMPARE(again.findChild<QPlainTextEdit*>("prompt")->toPlainText(), prompt);
  }

  // 10,000 saved results: the strip holds them all, thumbnails are made only for what is shown,
  // and search and the identity filter work on all of them.
  void tenThousandResults() {
    const QString folder = QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation) + "/history";
    const int existing = hl::ui::HistoryStore(folder).count();
    const QString png = folder + "/images/bulk.png";
    QImage img(64, 64, QImage::Format_RGB888);
    img.fill(QColor(30, 120, 200));
    QVERIFY(img.save(png));
    {
      QSqlDatabase db = QSqlDatabase::addDatabase("QSQLITE", "bulk");
      db.setDatabaseName(folder + "/history.sqlite");
      QVERIFY(db.open());
      QVERIFY(db.transaction());
      QSqlQuery q(db);
      q.prepare("INSERT INTO generations (created, image, prompt, negative, sampler, steps, cfg, rescale, seed,"
                " width, height, model, demo, seconds, identity) VALUES (?,?,?,'','euler',20,5,0,?,64,64,'m',1,1,?)");
      for (int i = 0; i < 10000; ++i) {
        q.addBindValue("2026-01-01T00:00:00Z");
        q.addBindValue(png);
        q.addBindValue(QString("bulk prompt %1%2").arg(i).arg(i == 4242 ? " needle" : ""));
        q.addBindValue(i);
        q.addBindValue(i % 10 == 0 ? QString(R"({"name_a":"Ada","photos_a":["/p/ada.jpg"],"strength":0.85})") : QString());
        QVERIFY(q.exec());
      }
      QVERIFY(db.commit());
    }
    QSqlDatabase::removeDatabase("bulk");
    QElapsedTimer t;
    t.start();
    {
      hl::ui::MainWindow w;
      const qint64 constructed = t.elapsed();
      w.show();
      QVERIFY(QTest::qWaitForWindowExposed(&w));
      QTest::qWait(300);
      qInfo("10,000 entries: window built in %lld ms, shown in %lld ms, %d thumbnails decoded",
            constructed, t.elapsed(), w.historyModel()->thumbnailLoads());
      QCOMPARE(w.historySize(), existing + 10000);
      QVERIFY2(w.historyModel()->thumbnailLoads() < 100, "thumbnails must be made only for visible results");
      w.findChild<QLineEdit*>("historySearch")->setText("needle");
      QCOMPARE(w.historyView()->model()->rowCount(), 1);
      w.findChild<QLineEdit*>("historySearch")->clear();
      auto* identity = w.findChild<QComboBox*>("historyIdentity");
      const int ada = identity->findData("Ada");
      QVERIFY(ada > 0);
      identity->setCurrentIndex(ada);
      QCOMPARE(w.historyView()->model()->rowCount(), 1000);
      identity->setCurrentIndex(0);
      QCOMPARE(w.historyView()->model()->rowCount(), existing + 10000);
      // Walking to the newest result shows its image, read from disk on demand.
      QTest::keyClick(&w, Qt::Key_Right, Qt::ControlModifier);
      QCOMPARE(w.historyImage(w.historySize() - 1).size(), QSize(64, 64));
    }
    {
      QSqlDatabase db = QSqlDatabase::addDatabase("QSQLITE", "bulk");
      db.setDatabaseName(folder + "/history.sqlite");
      QVERIFY(db.open());
      QSqlQuery q(db);
      QVERIFY(q.exec("DELETE FROM generations WHERE prompt LIKE 'bulk prompt %'"));
    }
    QSqlDatabase::removeDatabase("bulk");
  }

  void historyStoreSearch() {
    QTemporaryDir dir;
    hl::ui::HistoryStore store(dir.path());
    hl::ui::GenerationOutcome o;
    o.image = QImage(8, 8, QImage::Format_RGB888);
    o.image.fill(Qt::red);
    o.record.settings.prompt = "a red_ball 100% round";
    o.record.settings.width = o.record.settings.height = 8;
    o.record.settings.identity.photosA = {"/photos/alice.jpg"};
    store.add(o);
    o.record.settings.prompt = "a blue cube";
    o.record.settings.identity = {};
    store.add(o);
    QCOMPARE(store.count(), 2);
    QCOMPARE(int(store.list(10, "red_ball").size()), 1);
    QCOMPARE(int(store.list(10, "100%").size()), 1);   // LIKE wildcards are escaped
    QCOMPARE(int(store.list(10, "_").size()), 1);
    QCOMPARE(int(store.list(10, "", "alice.jpg").size()), 1);
    QCOMPARE(QString::fromStdString(store.list(10).front().record.settings.prompt), QString("a blue cube"));  // newest first
    // Every row's PNG exists and carries the parameters.
    for (const auto& e : store.list(10)) QVERIFY(QFile::exists(e.imagePath));
  }

  void cancelStopsWithinAStep() {
    hl::ui::MainWindow w;
    const bool active = showActive(w);
    QVERIFY(active || qgetenv("QT_QPA_PLATFORM") != "offscreen");
    w.openModels(pack_);
    auto* size = w.findChild<QComboBox*>("size");
    size->setCurrentIndex(size->findData(QSize(256, 256)));
    w.findChild<QSpinBox*>("steps")->setValue(60);
    const int before = w.historySize();
    QSignalSpy progress(&w.worker(), &hl::ui::EngineWorker::progress);
    QSignalSpy cancelled(&w.worker(), &hl::ui::EngineWorker::cancelled);
    w.generate();
    QVERIFY(progress.wait(60000));
    if (active) QTest::keyClick(&w, Qt::Key_Escape);
    else w.cancelGeneration();
    QVERIFY(cancelled.wait(30000));
    QVERIFY(progress.count() < 60);
    QCOMPARE(w.historySize(), before);
    QVERIFY(w.findChild<QLabel*>("stepInfo")->text().contains("Cancelled"));
  }

  // Settings: models detected under a root, precision, memory mode, LoRA mode and export folder saved, and a changed
  // engine setting reloads the model once; the first-run dialog checks a folder before use.
  void settingsAndFirstRun() {
    hl::ui::MainWindow w;
    w.show();
    hl::ui::SettingsDialog* d = w.showSettings();
    d->setRoot(pack_);
    QVERIFY(d->detected().isDemo);
    QVERIFY(d->findChild<QLabel*>("settingsSummary")->text().startsWith("Ready to generate"));
    auto* precision = d->findChild<QComboBox*>("precision");
    precision->setCurrentIndex(precision->findData("bf16"));
    auto* memory = d->findChild<QComboBox*>("memory");  // the studio generates in every memory mode
    memory->setCurrentIndex(memory->findData("sequential"));
    auto* lora = d->findChild<QComboBox*>("loraApply");
    QVERIFY(lora);
    lora->setCurrentIndex(lora->findData("runtime"));
    auto* graphs = d->findChild<QCheckBox*>("cudaGraphs");
    QVERIFY(graphs && graphs->isChecked());  // on unless turned off
    graphs->setChecked(false);
    d->findChild<QLineEdit*>("outputFolder")->setText(tmp_.path());
    QTest::mouseClick(d->findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok), Qt::LeftButton);
    QCOMPARE(QSettings().value("engine/precision").toString(), QString("bf16"));
    QCOMPARE(QSettings().value("engine/memory").toString(), QString("sequential"));
    QCOMPARE(QSettings().value("engine/loraApply").toString(), QString("runtime"));
    QVERIFY(hl::ui::EngineSettings::load().choice(pack_).placement.lora == hl::LoraApply::Runtime);
    QCOMPARE(QSettings().value("engine/cudaGraphs").toBool(), false);
    QVERIFY(!hl::ui::EngineSettings::load().choice(pack_).placement.cudaGraphs);
    QCOMPARE(QSettings().value("models/root").toString(), pack_);
    QCOMPARE(QSettings().value("output/folder").toString(), tmp_.path());
    QCOMPARE(w.modelSet().root, pack_.toStdString());
    auto* size = w.findChild<QComboBox*>("size");
    size->setCurrentIndex(size->findData(QSize(64, 64)));
    w.findChild<QSpinBox*>("steps")->setValue(2);
    QSignalSpy done(&w, &hl::ui::MainWindow::generationDone);
    w.generate();
    QVERIFY(done.wait(60000));
    QCOMPARE(w.worker().modelLoads(), 1);
    QSettings().setValue("engine/precision", "fp32");  // a changed engine setting: one reload
    w.generate();
    QVERIFY(done.wait(60000));
    QCOMPARE(w.worker().modelLoads(), 2);
    w.generate();
    QVERIFY(done.wait(60000));
    QCOMPARE(w.worker().modelLoads(), 2);
    QSettings().setValue("engine/precision", "auto");
    QSettings().setValue("engine/memory", "resident");
    QSettings().setValue("engine/loraApply", "auto");
    QSettings().setValue("engine/cudaGraphs", true);

    hl::ui::FirstRunDialog* f = w.showFirstRun();
    auto* use = f->findChild<QPushButton*>("firstRunUse");
    QVERIFY(!use->isEnabled());
    QTemporaryDir empty;
    f->check(empty.path());
    QVERIFY(!use->isEnabled());
    QVERIFY(f->findChild<QLabel*>("firstRunSummary")->text().contains("No usable SDXL checkpoint"));
    f->check(pack_);
    QVERIFY(use->isEnabled());
    QSettings().remove("models/root");
    QTest::mouseClick(use, Qt::LeftButton);
    QVERIFY(QSettings().value("ui/firstRunDone").toBool());
    QCOMPARE(QSettings().value("models/root").toString(), pack_);
    const QByteArray shots = qgetenv("HYPERLORA_SCREENSHOT_DIR");
    if (!shots.isEmpty()) {
      hl::ui::SettingsDialog* s = w.showSettings();
      QTest::qWait(100);
      QVERIFY(s->grab().save(QString(shots) + "/settings_dialog.png"));
      s->close();
      hl::ui::FirstRunDialog* fr = w.showFirstRun();
      fr->check(empty.path());
      QTest::qWait(100);  // let the new text lay out
      QVERIFY(fr->grab().save(QString(shots) + "/first_run_dialog.png"));
      fr->close();
    }
  }

  // Switching the language in the settings: the next start runs in Simplified Chinese.
  void switchLanguage() {
    {
      hl::ui::MainWindow w;
      hl::ui::SettingsDialog* d = w.showSettings();
      auto* language = d->findChild<QComboBox*>("language");
      language->setCurrentIndex(language->findData("zh_CN"));
      QTest::mouseClick(d->findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok), Qt::LeftButton);
    }
    QCOMPARE(hl::ui::uiLanguage(), QString("zh_CN"));
    QTranslator translator;  // what the studio does at start, with the .qm files of this build
    QVERIFY(hl::ui::loadTranslation(translator, hl::ui::uiLanguage(), qEnvironmentVariable("HYPERLORA_QM_DIR")));
    QCoreApplication::installTranslator(&translator);
    {
      hl::ui::MainWindow w;
      auto* tabs = w.findChild<QTabWidget*>("tabs");
      QCOMPARE(tabs->tabText(0), QString::fromUtf8("生成"));
      QCOMPARE(tabs->tabText(1), QString::fromUtf8("编辑"));
      QCOMPARE(tabs->tabText(2), QString::fromUtf8("扫描"));
      QCOMPARE(w.findChild<QPushButton*>("generateButton")->text(), QString::fromUtf8("生成"));
      const QByteArray shots = qgetenv("HYPERLORA_SCREENSHOT_DIR");
      if (!shots.isEmpty()) {
        w.show();
        tabs->setCurrentIndex(0);
        QTest::qWait(100);
        QVERIFY(w.grab().save(QString(shots) + "/main_window_zh_CN.png"));
      }
    }
    QCoreApplication::removeTranslator(&translator);
    QSettings().setValue("ui/language", "en");
  }

  void reportsMissingModels() {
    QTemporaryDir empty;
    hl::ui::MainWindow w;
    QSignalSpy done(&w, &hl::ui::MainWindow::modelCheckFinished);
    w.openModels(empty.path());
    QVERIFY(done.wait(30000));
    auto* banner = w.findChild<QLabel*>("demoBanner");
    QVERIFY(banner->isHidden());
    auto* summary = w.findChild<QLabel*>("modelSummary");
    QVERIFY(summary->text().contains("No usable SDXL checkpoint"));
    auto* tree = w.findChild<QTreeWidget*>("componentTree");
    for (int i = 0; i < tree->topLevelItemCount(); ++i)
      QCOMPARE(tree->topLevelItem(i)->text(1), QString("missing"));
  }
};

QTEST_MAIN(TestMainWindow)
#include "test_main_window.moc"
