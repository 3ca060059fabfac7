#include <QLabel>
#include <QPlainTextEdit>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTreeWidget>
#include <QtTest>

#include "models/demo_pack.h"
#include "ui/main_window.h"

class TestMainWindow : public QObject {
  Q_OBJECT
  QTemporaryDir tmp_;
  QString pack_;

 private slots:
  void initTestCase() {
    QStandardPaths::setTestModeEnabled(true);
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
    QVERIFY(banner && banner->isVisible());
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
    if (!shots.isEmpty()) QVERIFY(w.grab().save(QString(shots) + "/main_window_models.png"));
  }

  void reportsMissingModels() {
    QTemporaryDir empty;
    hl::ui::MainWindow w;
    QSignalSpy done(&w, &hl::ui::MainWindow::modelCheckFinished);
    w.openModels(empty.path());
    QVERIFY(done.wait(30000));
    auto* banner = w.findChild<QLabel*>("demoBanner");
    QVERIFY(!banner->isVisible());
    auto* summary = w.findChild<QLabel*>("modelSummary");
    QVERIFY(summary->text().contains("No usable SDXL checkpoint"));
    auto* tree = w.findChild<QTreeWidget*>("componentTree");
    for (int i = 0; i < tree->topLevelItemCount(); ++i)
      QCOMPARE(tree->topLevelItem(i)->text(1), QString("missing"));
  }
};

QTEST_MAIN(TestMainWindow)
#include "test_main_window.moc"
