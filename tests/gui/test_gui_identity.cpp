// Identities in the studio: photos in, a LoRA built once per gallery change, and slider moves
// that only re-merge (no model reload, no face or CLIP recomputation). Runs on the demo pack with
// the test-only face models scripts/fetch-test-data.sh fetches.
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QLabel>
#include <QSettings>
#include <QSignalSpy>
#include <QSlider>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

#include "models/demo_pack.h"
#include "ui/identity_panel.h"
#include "gui_helpers.h"
#include "ui/main_window.h"
#include "ui/sweep_view.h"
#include "ui/job_queue.h"
#include <qcustomplot.h>
#include <cmath>
#include <cstring>
#include <QDir>
#include <map>
#include <QDoubleSpinBox>
#include <QFile>
#include <QTabWidget>
#include <QClipboard>
#include <QListWidget>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include "lora/lora.h"
#include "studio/png_record.h"
#include "vision/png_text.h"
#include "vision/image.h"
#include "test_photos.h"
#include "face_data.h"

class TestGuiIdentity : public QObject {
  Q_OBJECT
  QTemporaryDir tmp_;
  QString pack_, data_;

  void generateAndWait(hl::ui::MainWindow& w) {
    QSignalSpy done(&w, &hl::ui::MainWindow::generationDone);
    w.generate();
    QVERIFY2(done.wait(60000), qPrintable(w.findChild<QLabel*>("stepInfo")->text()));
  }

 private slots:
  void initTestCase() {
    QStandardPaths::setTestModeEnabled(true);
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, tmp_.path() + "/settings");
    data_ = qEnvironmentVariable("HYPERLORA_FACE_DATA");
    pack_ = tmp_.path() + "/pack";
    hl::writeDemoPack(pack_.toStdString());
    QSettings().setValue("models/faces", data_);
  }

  void init() { QFile::remove(hl::ui::MainWindow::sessionPath()); }  // each test starts empty

  // Identities have names, are saved to .hlid files and opened again (missing photos reported),
  // and the panel comes back after a restart.
  void identitiesSaveOpenAndRestart() {
    const QString file = tmp_.path() + "/grace.hlid";
    {
      hl::ui::MainWindow w;
      hl::ui::IdentityPanel* id = w.identityPanel();
      id->setName(0, "Grace");
      id->addPhotos(0, {data_ + "/grace_hopper.jpg", data_ + "/astronaut.png"});
      id->setName(1, "Guys");
      id->addPhotos(1, {data_ + "/bald_guys.jpg"});
      id->setStrength(0.6);
      id->setMix(0.3);
      id->saveIdentity(0, file);
      QCOMPARE(w.identityPanel()->settings().nameA, std::string("Grace"));
    }  // closing saves the session
    {
      hl::ui::MainWindow w;  // a restart
      const hl::studio::IdentityRecord s = w.identityPanel()->settings();
      QCOMPARE(s.nameA, std::string("Grace"));
      QCOMPARE(s.nameB, std::string("Guys"));
      QCOMPARE(s.photosA, (std::vector<std::string>{(data_ + "/grace_hopper.jpg").toStdString(),
                                                    (data_ + "/astronaut.png").toStdString()}));
      QCOMPARE(s.photosB, std::vector<std::string>{(data_ + "/bald_guys.jpg").toStdString()});
      QCOMPARE(s.strength, 0.6);
      QCOMPARE(s.mix, 0.3);
      // Open the saved identity into B: name and photos replace B's.
      QVERIFY(w.openIdentity(file, 1));
      QCOMPARE(w.identityPanel()->settings().nameB, std::string("Grace"));
      QCOMPARE(w.identityPanel()->settings().photosB, s.photosA);
    }
    // A file whose photo has gone: the others load and the note names the missing one.
    QFile f(file);
    QVERIFY(f.open(QIODevice::ReadOnly));
    QByteArray json = f.readAll();
    f.close();
    json.replace("astronaut.png", "gone.png");
    const QString edited = tmp_.path() + "/edited.hlid";
    QFile e(edited);
    QVERIFY(e.open(QIODevice::WriteOnly) && e.write(json) > 0);
    e.close();
    hl::ui::IdentityPanel panel;
    const QString note = panel.openIdentity(0, edited);
    QVERIFY2(note.contains("1 of the identity's photos are missing") && note.contains("gone.png"), qPrintable(note));
    QCOMPARE(panel.settings().photosA, std::vector<std::string>{(data_ + "/grace_hopper.jpg").toStdString()});
    // Not an identity file: a clear error naming the file.
    QFile bad(tmp_.path() + "/bad.hlid");
    QVERIFY(bad.open(QIODevice::WriteOnly) && bad.write("{\"photos\": 3}") > 0);
    bad.close();
    try {
      panel.openIdentity(0, bad.fileName());
      QFAIL("no error");
    } catch (const std::exception& ex) {
      QVERIFY2(QString(ex.what()).contains("bad.hlid: not a HyperLoRA identity file"), ex.what());
    }
    QCOMPARE(panel.settings().photosA, std::vector<std::string>{(data_ + "/grace_hopper.jpg").toStdString()});  // nothing lost
  }

  void slidersOnlyReMerge() {
    hl::ui::MainWindow w;
    quickRuns(w, pack_, 2);
    hl::ui::IdentityPanel* id = w.identityPanel();
    QVERIFY(!w.findChild<QSlider*>("mix")->isEnabled());  // needs both identities
    QVERIFY(w.findChild<QCheckBox*>("baseLora")->isEnabled());  // the demo variant has one
    id->addPhotos(0, {data_ + "/astronaut.png", data_ + "/grace_hopper.jpg"});
    generateAndWait(w);
    QCOMPARE(w.worker().modelLoads(), 1);
    QCOMPARE(w.worker().identityBuilds(), 1);
    QCOMPARE(w.worker().merges(), 1);
    QVERIFY(w.findChild<QLabel*>("identityReport")->text().contains("astronaut.png: 1 face"));

    id->setStrength(0.4);  // the ID strength slider
    generateAndWait(w);
    QCOMPARE(w.worker().modelLoads(), 1);       // no reload
    QCOMPARE(w.worker().identityBuilds(), 1);   // no face / CLIP / resampler work
    QCOMPARE(w.worker().merges(), 2);           // just a re-merge

    id->addPhotos(1, {data_ + "/bald_guys.jpg"});
    QVERIFY(w.findChild<QSlider*>("mix")->isEnabled());
    id->setMix(0.5);
    generateAndWait(w);
    QCOMPARE(w.worker().identityBuilds(), 2);  // B was built once
    QCOMPARE(w.worker().modelLoads(), 1);

    // Live mode: a released slider regenerates with the same seed.
    w.findChild<QCheckBox*>("live")->setChecked(true);
    const uint64_t seed = w.historyAt(w.historySize() - 1).settings().seed;
    QSignalSpy done(&w, &hl::ui::MainWindow::generationDone);
    id->setMix(0.8);
    emit w.findChild<QSlider*>("mix")->sliderReleased();
    QVERIFY(done.wait(60000));
    QCOMPARE(w.historyAt(w.historySize() - 1).settings().seed, seed);
    QCOMPARE(w.worker().identityBuilds(), 2);
    // The latest slider position wins: a second release while a live image is still running
    // cancels it, and only the newest position becomes a result.
    w.findChild<QSpinBox*>("steps")->setValue(80);
    const int before = w.historySize();
    QSignalSpy progress(&w.worker(), &hl::ui::EngineWorker::progress);
    QSignalSpy cancelled(&w.worker(), &hl::ui::EngineWorker::cancelled);
    done.clear();
    id->setMix(0.3);
    emit w.findChild<QSlider*>("mix")->sliderReleased();
    QVERIFY(progress.wait(60000));  // the first live image is running
    id->setMix(0.6);
    emit w.findChild<QSlider*>("mix")->sliderReleased();
    QVERIFY(done.wait(120000));
    QCOMPARE(cancelled.count(), 1);
    QCOMPARE(w.historySize(), before + 1);
    QCOMPARE(w.historyAt(before).settings().identity.mix, 0.6);
    QCOMPARE(w.historyAt(before).settings().seed, seed);
    w.findChild<QSpinBox*>("steps")->setValue(2);
    // The identity's LoRA energy per UNet block is plotted, one bar per block of the LoRA.
    QCustomPlot* energy = w.identityPanel()->energyPlot();
    QVERIFY(!energy->isHidden());
    auto* bars = qobject_cast<QCPBars*>(energy->plottable(0));
    QVERIFY(bars && bars->dataCount() > 0);
    for (int i = 0; i < bars->dataCount(); ++i) QVERIFY(bars->data()->at(i)->value > 0);
    const QByteArray shots = qgetenv("HYPERLORA_SCREENSHOT_DIR");
    if (!shots.isEmpty()) {
      w.findChild<QTabWidget*>("tabs")->setCurrentIndex(0);
      QTest::qWait(200);
      QVERIFY(w.grab().save(QString(shots) + "/main_window_identity.png"));
    }
  }

  // Adding photos builds the identity at once: each photo gets its status, overlay and crop,
  // a photo without a face says so; pasted pictures join a gallery.
  void photoStatusOverlayAndPaste() {
    hl::ui::MainWindow w;
    w.show();
    w.openModels(pack_);
    QImage grey(200, 160, QImage::Format_RGB888);
    grey.fill(QColor(127, 127, 127));
    const QString greyPath = tmp_.path() + "/grey.png";
    QVERIFY(grey.save(greyPath));
    hl::ui::IdentityPanel* id = w.identityPanel();
    QSignalSpy prepared(&w, &hl::ui::MainWindow::identityPrepared);
    QSignalSpy analysed(&w.worker(), &hl::ui::EngineWorker::photosAnalysed);
    QSignalSpy photoProgress(&w.worker(), &hl::ui::EngineWorker::photoProgress);
    id->addPhotos(0, {data_ + "/grace_hopper.jpg", greyPath});
    QVERIFY(prepared.wait(60000));
    QCOMPARE(w.worker().identityBuilds(), 1);
    QCOMPARE(w.worker().merges(), 0);  // nothing merged before a generation needs it
    QCOMPARE(analysed.count(), 1);
    QCOMPARE(photoProgress.count(), 2);  // one step per photo, for the progress bar
    QCOMPARE(photoProgress.at(1).at(1).toInt(), 2);
    QCOMPARE(photoProgress.at(1).at(2).toInt(), 2);
    const auto photos = analysed.at(0).at(1).value<QVector<hl::ui::PhotoAnalysis>>();
    QCOMPARE(photos.size(), 2);
    QVERIFY(photos[0].used && photos[0].facesFound == 1);
    QVERIFY(photos[0].box.width() > 20 && QRectF(QPointF(0, 0), QSizeF(photos[0].imageSize)).contains(photos[0].box));
    QVERIFY(!photos[0].landmarks.isEmpty());
    QVERIFY(!photos[0].crop.isNull());
    QVERIFY(!photos[1].used);
    QVERIFY2(id->photoStatus(0, 0).contains("grace_hopper.jpg: 1 face"), qPrintable(id->photoStatus(0, 0)));
    QVERIFY2(id->photoStatus(0, 1).contains("grey.png: no face found"), qPrintable(id->photoStatus(0, 1)));
    QVERIFY(id->gallery(0)->item(1)->text().startsWith(QString::fromUtf8("\u2717")));
    id->gallery(0)->setCurrentRow(0);
    QVERIFY(w.findChild<QLabel*>("photoCrop")->isVisibleTo(id));
    QVERIFY(w.findChild<QLabel*>("photoDetail")->text().contains("1 face"));
    // Only the grey photo in B: no usable face, the panel says so and nothing crashes.
    QSignalSpy failed(&w.worker(), &hl::ui::EngineWorker::failed);
    id->addPhotos(1, {greyPath});
    QVERIFY(failed.wait(60000));
    QVERIFY(w.findChild<QLabel*>("identityReport")->text().contains("no usable face"));
    QVERIFY(id->photoStatus(1, 0).contains("no face found"));
    QVERIFY(!w.findChild<QSlider*>("mix")->isEnabled());  // B has no LoRA
    id->gallery(1)->selectAll();
    id->removeSelected(1);
    // Paste a picture: saved as a PNG, then added like a file.
    QGuiApplication::clipboard()->setImage(QImage(data_ + "/astronaut.png"));
    id->paste(1, tmp_.path() + "/pasted");
    QCOMPARE(id->gallery(1)->count(), 1);
    const QString pasted = QString::fromStdString(id->settings().photosB.at(0));
    QVERIFY(pasted.startsWith(tmp_.path() + "/pasted/") && QImage(pasted).size() == QImage(data_ + "/astronaut.png").size());
    QTRY_VERIFY_WITH_TIMEOUT(id->photoStatus(1, 0).contains("1 face"), 60000);
    QVERIFY(w.findChild<QSlider*>("mix")->isEnabled());
  }

  // Every form of photo dropped on a gallery: each says what became of it under its own name, the
  // identity is built from the usable ones, and the GIF's first frame is what Qt's decoder shows.
  void photosOfEveryKind() {
    hl::ui::MainWindow w;
    w.show();
    w.openModels(pack_);
    const QString dir = tmp_.path() + "/forms";
    QVERIFY(QDir().mkpath(dir));
    const auto set = hl::test::writeTestPhotos(dir.toStdString(), (data_ + "/grace_hopper.jpg").toStdString());
    QStringList paths;
    for (const auto& p : set) paths << dir + "/" + QString::fromStdString(p.file);
    hl::ui::IdentityPanel* id = w.identityPanel();
    QSignalSpy prepared(&w, &hl::ui::MainWindow::identityPrepared);
    id->addPhotos(0, paths);
    QVERIFY(prepared.wait(120000));
    QCOMPARE(id->gallery(0)->count(), int(set.size()));
    for (int row = 0; row < int(set.size()); ++row) {
      const QString status = id->photoStatus(0, row);
      const auto& p = set[size_t(row)];
      QVERIFY2(status.startsWith(QString::fromStdString(p.file) + ": "), qPrintable(status));
      QVERIFY2(status.contains(QString::fromStdString(p.says)), qPrintable(status));
      QCOMPARE(id->gallery(0)->item(row)->text().startsWith(QString::fromUtf8("\u2717")), !p.usable);
    }
    QVERIFY(w.findChild<QSlider*>("mix") != nullptr);
    const hl::RgbImage ours = hl::loadImageRgb((dir + "/animated.gif").toStdString());
    const QImage qt = QImage(dir + "/animated.gif").convertToFormat(QImage::Format_RGB888);
    QCOMPARE(qt.width(), ours.width);
    QCOMPARE(qt.height(), ours.height);
    int wrong = 0;
    for (int y = 0; y < qt.height(); ++y)
      wrong += std::memcmp(qt.constScanLine(y), ours.pixels.data() + size_t(y) * size_t(ours.width) * 3, size_t(ours.width) * 3) != 0;
    QCOMPARE(wrong, 0);
    id->gallery(0)->selectAll();
    id->removeSelected(0);
  }

  // Export: the image carries its HyperLoRA settings, the LoRA loads back with the energy the
  // panel plots, and a restart brings the identity settings of the history back.
  void exportImageAndLora() {
    QString pngPath, loraPath = tmp_.path() + "/identity.safetensors";
    double strength = 0;
    {
      hl::ui::MainWindow w;
      quickRuns(w, pack_, 2);
      w.identityPanel()->addPhotos(0, {data_ + "/astronaut.png"});
      w.identityPanel()->setStrength(0.65);
      generateAndWait(w);
      strength = w.historyAt(w.historySize() - 1).settings().identity.strength;
      QCOMPARE(strength, 0.65);
      pngPath = tmp_.path() + "/out.png";
      QVERIFY(w.exportImage(w.historySize() - 1, pngPath));
      const auto chunks = hl::readPngText(pngPath.toStdString());
      std::map<std::string, std::string> text(chunks.begin(), chunks.end());
      QVERIFY(text.at("parameters").find("HyperLoRA strength: 0.65") != std::string::npos);
      QVERIFY(text.at("parameters").rfind("fcsks fxhks fhyks, ", 0) == 0);  // the prompt as sent
      const hl::studio::GenerationRecord rec = hl::studio::readRecord(pngPath.toStdString());
      QCOMPARE(rec.settings.seed, w.historyAt(w.historySize() - 1).settings().seed);
      QCOMPARE(rec.settings.identity.strength, 0.65);
      QCOMPARE(rec.settings.identity.photosA.at(0), (data_ + "/astronaut.png").toStdString());
      QCOMPARE(rec.modelHash.size(), size_t(10));  // the studio writes the model hash too

      const int builds = w.worker().identityBuilds();
      QSignalSpy exported(&w, &hl::ui::MainWindow::loraExported);
      w.exportIdentityLora(loraPath);
      QVERIFY(exported.wait(60000));
      QCOMPARE(w.worker().identityBuilds(), builds);  // written from the cached identity
      const hl::LoraFile lora = hl::LoraFile::load(loraPath.toStdString());
      QVERIFY(!lora.layers.empty());
      QCOMPARE(lora.layers[0].down.scalar_type(), at::kHalf);  // as the official Save LoRA node
      const auto energy = hl::unetBlockEnergy(lora);
      auto* bars = qobject_cast<QCPBars*>(w.identityPanel()->energyPlot()->plottable(0));
      QCOMPARE(bars->dataCount(), int(energy.size()));
      for (int i = 0; i < bars->dataCount(); ++i) {
        const double plotted = bars->data()->at(i)->value;
        QVERIFY2(std::abs(energy[size_t(i)].second - plotted) <= 1e-2 * plotted,
                 qPrintable(QString("%1: %2 vs %3").arg(i).arg(energy[size_t(i)].second).arg(plotted)));
      }
    }
    hl::ui::MainWindow again;  // a restart
    const hl::ui::GenerationOutcome& last = again.historyAt(again.historySize() - 1);
    QCOMPARE(last.settings().identity.strength, strength);
    QCOMPARE(last.settings().identity.photosA, std::vector<std::string>{(data_ + "/astronaut.png").toStdString()});
    again.identityPanel()->setStrength(0.1);
    again.showHistory(again.historySize() - 1);  // recalls the slider too
    QCOMPARE(again.findChild<QDoubleSpinBox*>("idStrengthValue")->value(), 0.65);
  }

  // A 3-value strength sweep: 3 images at one seed, each in the history with its strength, and a
  // plot with one point per image carrying the measured face similarity.
  void strengthSweep() {
    hl::ui::MainWindow w;
    quickRuns(w, pack_, 2);
    QSignalSpy prepared(&w, &hl::ui::MainWindow::identityPrepared);
    w.identityPanel()->addPhotos(0, {data_ + "/grace_hopper.jpg"});
    QVERIFY(prepared.wait(60000));  // built in the background as soon as the gallery changed
    const int before = w.historySize();
    QSignalSpy done(&w, &hl::ui::MainWindow::generationDone);
    w.runSweep(hl::ui::SweepKind::Strength, hl::ui::SweepView::steps(0.25, 1.25, 3));
    QCOMPARE(w.queue()->rowCount(), 2);  // the first one is running
    for (int i = 0; i < 3; ++i) QVERIFY2(done.count() > i || done.wait(60000), "sweep image missing");
    hl::ui::SweepView* sweep = w.sweepView();
    QCOMPARE(sweep->imageCount(), 3);
    QCOMPARE(w.historySize(), before + 3);
    const double expected[3] = {0.25, 0.75, 1.25};
    const uint64_t seed = w.historyAt(before).settings().seed;
    QCPGraph* sim = sweep->plot()->graph(0);
    QCOMPARE(sim->dataCount(), 3);
    for (int i = 0; i < 3; ++i) {
      const hl::ui::GenerationOutcome& o = w.historyAt(before + i);
      QCOMPARE(o.settings().seed, seed);  // one seed for the row
      QVERIFY(std::abs(o.settings().identity.strength - expected[i]) < 1e-9);
      QVERIFY(o.facesFound >= 0);  // measured
      QVERIFY(std::abs(sim->data()->at(i)->key - expected[i]) < 1e-9);
      const double y = sim->data()->at(i)->value;
      QVERIFY(std::isnan(o.similarityA) ? std::isnan(y) : std::abs(y - o.similarityA) < 1e-12);
      QCOMPARE(o.facesFound == 0, std::isnan(o.similarityA));
    }
    QCOMPARE(w.worker().identityBuilds(), 1);  // the sweep only re-merges
    QVERIFY(!w.sweepView()->plot()->graph(1)->visible());  // no B
    // An A <-> B sweep: the mix varies, both similarities are plotted.
    w.identityPanel()->addPhotos(1, {data_ + "/astronaut.png"});
    QVERIFY(prepared.wait(60000));
    const int before2 = w.historySize();
    done.clear();
    w.runSweep(hl::ui::SweepKind::Mix, hl::ui::SweepView::steps(0.0, 1.0, 2));
    for (int i = 0; i < 2; ++i) QVERIFY2(done.count() > i || done.wait(60000), "mix sweep image missing");
    QCOMPARE(sweep->imageCount(), 2);
    QCOMPARE(w.historyAt(before2).settings().identity.mix, 0.0);
    QCOMPARE(w.historyAt(before2 + 1).settings().identity.mix, 1.0);
    QCOMPARE(w.historyAt(before2).settings().seed, w.historyAt(before2 + 1).settings().seed);
    QVERIFY(sweep->plot()->graph(1)->visible());
    QCOMPARE(sweep->plot()->graph(1)->dataCount(), 2);
    QCOMPARE(w.worker().identityBuilds(), 2);  // A once, B once
    const QByteArray shots = qgetenv("HYPERLORA_SCREENSHOT_DIR");
    if (!shots.isEmpty()) QVERIFY(w.grab().save(QString(shots) + "/main_window_sweep.png"));
  }
};

int main(int argc, char** argv) {
  std::string why;
  const auto data = hl::test::faceDataStatus(&why);
  if (data != hl::test::FaceData::Present) {
    const bool fail = data == hl::test::FaceData::Fail;
    std::fprintf(stderr, "%s: %s\n", fail ? "FAIL" : "SKIPPED", why.c_str());
    return fail ? 1 : 77;
  }
  QApplication app(argc, argv);
  TestGuiIdentity t;
  return QTest::qExec(&t, argc, argv);
}
#include "test_gui_identity.moc"
