// A long run of the studio's own queue on the demo pack: 200 generations queued five at a time
// through the main window, the LoRA slider moved between them, the last of each five cancelled
// (Esc) while it runs. Afterwards the queue has drained, every cancel landed within one step of
// the worker's step when it was asked, and the resident memory after the warm-up has grown less
// than 5%, with no thread or file descriptor left over.
#include <QAtomicInt>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>
#include <algorithm>

#include "models/demo_pack.h"
#include "process_stats.h"
#include "ui/engine_worker.h"
#include "ui/generate_panel.h"
#include "ui/job_queue.h"
#include "ui/main_window.h"

class TestGuiSoak : public QObject {
  Q_OBJECT
  QTemporaryDir tmp_;

 private slots:
  void initTestCase() {
    QStandardPaths::setTestModeEnabled(true);
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, tmp_.path() + "/settings");
  }

  void twoHundredQueuedWithSlidersAndCancels() {
    const QString pack = tmp_.path() + "/pack";
    hl::writeDemoPack(pack.toStdString());
    hl::ui::MainWindow w;
    w.show();
    QSignalSpy checked(&w, &hl::ui::MainWindow::modelCheckFinished);
    w.openModels(pack);
    QVERIFY(checked.wait(30000));
    const int historyBefore = w.historySize();
    hl::ui::EngineWorker& worker = w.worker();
    // The worker's own step, written on its thread as it reports it.
    QAtomicInt workerStep(0);
    connect(
        &worker, &hl::ui::EngineWorker::progress, this,
        [&](quint64, int step, int, double, QImage) { workerStep.storeRelease(step); },
        Qt::DirectConnection);
    int startedCount = 0, completed = 0, cancelled = 0, worstOvershoot = 0, failed = 0;
    quint64 target = 0;
    int stepAtCancel = -1, lastStepAfter = 0;
    connect(&worker, &hl::ui::EngineWorker::started, this, [&](quint64 id) {
      if (startedCount++ % 5 == 4) target = id, stepAtCancel = -1, lastStepAfter = 0;
    });
    connect(&worker, &hl::ui::EngineWorker::progress, this,
            [&](quint64 id, int step, int, double, QImage) {
              if (id != target) return;
              if (stepAtCancel < 0 && step >= 2) {
                stepAtCancel = workerStep.loadAcquire();
                w.cancelGeneration();
              } else if (stepAtCancel >= 0) {
                lastStepAfter = std::max(lastStepAfter, step);
              }
            });
    connect(&worker, &hl::ui::EngineWorker::finished, this,
            [&](const hl::ui::GenerationOutcome&) { ++completed; });
    connect(&worker, &hl::ui::EngineWorker::failed, this, [&](quint64, QString) { ++failed; });
    connect(&worker, &hl::ui::EngineWorker::cancelled, this, [&](quint64 id) {
      ++cancelled;
      QCOMPARE(id, target);
      worstOvershoot = std::max(worstOvershoot, lastStepAfter - stepAtCancel);
    });

    hl::studio::GenerationSettings g = w.generatePanel()->settings();
    g.prompt = "a portrait in soft light";
    g.negativePrompt.clear();
    g.width = g.height = 64;
    g.steps = 4;
    g.seed = 3;
    g.loras = {{(pack + "/loras/demo-style.safetensors").toStdString(), 0.5}};
    long rssAfterWarmup = 0;
    int threadsAfterWarmup = 0, fdsAfterWarmup = 0;
    for (int round = 0; round < 40; ++round) {
      for (int k = 0; k < 5; ++k) {
        hl::studio::GenerationSettings gi = g;
        gi.loras[0].strength = 0.2 + 0.05 * ((round * 5 + k) % 13);  // the slider moved
        if (k == 4) gi.width = gi.height = 128, gi.steps = 30;       // long enough to be cancelled
        w.generatePanel()->recall(gi);
        w.generate();
      }
      const int want = (round + 1) * 5;
      QTRY_VERIFY_WITH_TIMEOUT(completed + cancelled + failed == want && w.queue()->isEmpty(),
                               120000);
      if (round == 3) {
        rssAfterWarmup = hl::test::statusField("VmRSS:");
        threadsAfterWarmup = int(hl::test::statusField("Threads:"));
        fdsAfterWarmup = hl::test::openFds();
      }
    }
    const long rss = hl::test::statusField("VmRSS:");
    const int threads = int(hl::test::statusField("Threads:")), fds = hl::test::openFds();
    qInfo(
        "200 queued generations: %d completed, %d cancelled (at most %d step after the worker's "
        "step "
        "when asked), %d failed; RSS %ld -> %ld kB (%+.1f%%), threads %d -> %d, fds %d -> %d",
        completed, cancelled, worstOvershoot, failed, rssAfterWarmup, rss,
        100.0 * double(rss - rssAfterWarmup) / double(rssAfterWarmup), threadsAfterWarmup, threads,
        fdsAfterWarmup, fds);
    QCOMPARE(failed, 0);
    QCOMPARE(completed, 160);
    QCOMPARE(cancelled, 40);
    QVERIFY(worstOvershoot <= 1);
    QVERIFY(double(rss) < 1.05 * double(rssAfterWarmup));
    QVERIFY(threads <= threadsAfterWarmup);
    QVERIFY(fds <= fdsAfterWarmup);
    QVERIFY(w.queue()->isEmpty());
    QCOMPARE(w.historySize() - historyBefore, 160);  // every finished image in the history
  }
};

QTEST_MAIN(TestGuiSoak)
#include "test_gui_soak.moc"
