// The studio's conditioning controls, offscreen on the demo pack: every sampler in the menu, a
// result sent to the Edit tab and inpainted through a painted mask, a ControlNet row with its
// Canny preview, the hires fix, and the face-detail pass failing clearly without face models.
#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QLabel>
#include <QPlainTextEdit>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QtTest>

#include "gui_helpers.h"
#include "models/demo_pack.h"
#include "studio/png_record.h"
#include "ui/control_panel.h"
#include "ui/edit_view.h"
#include "ui/generate_panel.h"
#include "ui/main_window.h"
#include "ui/mask_canvas.h"

class TestGuiEdit : public QObject {
  Q_OBJECT
  QTemporaryDir tmp_;
  QString pack_;

  bool generateAndWait(hl::ui::MainWindow& w) {
    QSignalSpy done(&w, &hl::ui::MainWindow::generationDone);
    w.generate();
    return done.wait(60000);
  }

 private slots:
  void initTestCase() {
    QStandardPaths::setTestModeEnabled(true);
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, tmp_.path() + "/settings");
    QDir(QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation))
        .removeRecursively();
    pack_ = tmp_.path() + "/pack";
    hl::writeDemoPack(pack_.toStdString());
  }

  void everySamplerInTheMenu() {
    hl::ui::MainWindow w;
    auto* sampler = w.findChild<QComboBox*>("sampler");
    QStringList labels;
    for (int i = 0; i < sampler->count(); ++i) labels << sampler->itemText(i);
    for (const char* want :
         {"Euler", "Euler a", "Heun", "DPM++ 2M", "DPM++ 2M Karras", "DPM++ 2M SDE Karras", "UniPC",
          "DDIM", "LCM", "Euler SGM Uniform", "DDIM Trailing", "Euler Karras"})
      QVERIFY2(labels.contains(want), want);
  }

  void sendToEditAndInpaint() {
    hl::ui::MainWindow w;
    quickRuns(w, pack_, 2);
    QVERIFY(generateAndWait(w));
    w.sendToEdit();
    auto* tabs = w.findChild<QTabWidget*>("tabs");
    QCOMPARE(tabs->currentWidget(), static_cast<QWidget*>(w.editView()));
    hl::ui::MaskCanvas* canvas = w.editView()->canvas();
    QCOMPARE(canvas->image().size(), QSize(64, 64));
    QVERIFY(!canvas->hasMask());
    canvas->setBrushSize(16);
    // Image pixel -> widget position, as the canvas draws the image (fitted and centred).
    auto at = [canvas](double x, double y) {
      const QSize img = canvas->image().size();
      const QSizeF s = QSizeF(img).scaled(QSizeF(canvas->size()), Qt::KeepAspectRatio);
      const double k = s.width() / img.width();
      return QPoint(int((canvas->width() - s.width()) / 2 + x * k),
                    int((canvas->height() - s.height()) / 2 + y * k));
    };
    QTest::mousePress(canvas, Qt::LeftButton, {}, at(24, 32));
    QMouseEvent move(QEvent::MouseMove, QPointF(at(40, 32)),
                     canvas->mapToGlobal(QPointF(at(40, 32))), Qt::NoButton, Qt::LeftButton,
                     Qt::NoModifier);
    QApplication::sendEvent(canvas, &move);
    QTest::mouseRelease(canvas, Qt::LeftButton, {}, at(40, 32));
    QVERIFY(canvas->hasMask());
    QCOMPARE(int(canvas->mask().pixel(32, 32) & 0xff),
             255);  // the stroke's middle, image coordinates
    QCOMPARE(int(canvas->mask().pixel(5, 5) & 0xff), 0);
    QVERIFY(w.findChild<QLabel*>("editStatus")->text().contains("Inpainting"));
    w.findChild<QSlider*>("editStrength")->setValue(60);
    QVERIFY(generateAndWait(w));
    const hl::studio::GenerationSettings& s = w.historyAt(w.historySize() - 1).settings();
    QVERIFY(s.edit.inpaint());
    QCOMPARE(s.edit.strength, 0.6);
    QVERIFY(QFileInfo::exists(QString::fromStdString(s.edit.mask)));
    QVERIFY(w.historyAt(w.historySize() - 1)
                .record.a1111()
                .find("Denoising strength: 0.6, Mask blur: 4") != std::string::npos);
    // The eraser takes the mask away again; off, the next image starts from noise.
    w.editView()->canvas()->setErasing(true);
    QTest::mousePress(canvas, Qt::LeftButton, {}, at(32, 32));
    QTest::mouseRelease(canvas, Qt::LeftButton, {}, at(32, 32));
    QCOMPARE(int(canvas->mask().pixel(32, 32) & 0xff), 0);
    w.findChild<QCheckBox*>("editUse")->setChecked(false);
    QVERIFY(generateAndWait(w));
    QVERIFY(!w.historyAt(w.historySize() - 1).settings().edit.active());
    const QByteArray shots = qgetenv("HYPERLORA_SCREENSHOT_DIR");
    if (!shots.isEmpty()) {
      w.findChild<QCheckBox*>("editUse")->setChecked(true);
      w.editView()->canvas()->setErasing(false);
      w.editView()->canvas()->setMask(w.editView()->canvas()->mask());
      tabs->setCurrentWidget(w.editView());
      w.resize(1280, 800);
      QTest::qWait(100);
      QVERIFY(w.grab().save(QString(shots) + "/main_window_edit.png"));
    }
  }

  void controlNetRowWithPreview() {
    hl::ui::MainWindow w;
    quickRuns(w, pack_, 2);
    QVERIFY(generateAndWait(w));
    hl::ui::ControlPanel* panel = w.editView()->controls();
    hl::ui::ControlRow* row = panel->addControl();
    QCOMPARE(panel->count(), 1);
    QVERIFY(QString::fromStdString(row->setting().model)
                .endsWith("demo-controlnet-sdxl"));  // found in controlnet/
    row->setImage(w.historyAt(0).imagePath);
    auto* pre = row->findChild<QComboBox*>("controlPreprocess");
    pre->setCurrentIndex(pre->findData("canny"));
    QVERIFY(!row->preview().isNull());
    const QImage edges = row->preview().convertToFormat(QImage::Format_Grayscale8);
    for (int y = 0; y < edges.height(); ++y)
      for (int x = 0; x < edges.width(); ++x) {
        const int v = qGray(edges.pixel(x, y));
        QVERIFY(v == 0 || v == 255);
      }
    row->findChild<QDoubleSpinBox*>("controlScale")->setValue(0.6);
    row->findChild<QDoubleSpinBox*>("controlEnd")->setValue(0.7);
    QVERIFY(generateAndWait(w));
    const auto& out = w.historyAt(w.historySize() - 1);
    QCOMPARE(out.settings().controls.size(), size_t(1));
    QCOMPARE(out.settings().controls[0].scale, 0.6);
    QVERIFY(out.record.a1111().find(
                "ControlNet 0: \"Module: canny, Model: demo-controlnet-sdxl, Weight: 0.6") !=
            std::string::npos);
    // Recalled from the history: the panel shows that ControlNet again.
    panel->setControls({});
    w.showHistory(w.historySize() - 1);
    QCOMPARE(panel->count(), 1);
    QCOMPARE(panel->row(0)->setting().end, 0.7);
    const QByteArray shots = qgetenv("HYPERLORA_SCREENSHOT_DIR");
    if (!shots.isEmpty()) {
      w.findChild<QTabWidget*>("tabs")->setCurrentWidget(w.editView());
      w.resize(1280, 800);
      QTest::qWait(100);
      QVERIFY(w.grab().save(QString(shots) + "/main_window_controlnet.png"));
    }
    panel->setControls({});
  }

  void unionControlType() {
    hl::ui::MainWindow w;
    quickRuns(w, pack_, 2);
    QVERIFY(generateAndWait(w));
    hl::ui::ControlPanel* panel = w.editView()->controls();
    hl::ui::ControlRow* row = panel->addControl();
    auto* model = row->findChild<QComboBox*>("controlModel");
    QVERIFY(model);
    int promax = -1;
    for (int i = 0; i < model->count(); ++i)
      if (model->itemData(i).toString().endsWith("demo-controlnet-union-promax.safetensors"))
        promax = i;
    QVERIFY(promax >= 0);  // single files in controlnet/ are listed too
    model->setCurrentIndex(promax);
    row->setImage(w.historyAt(0).imagePath);
    auto* type = row->findChild<QComboBox*>("controlType");
    QCOMPARE(type->currentData().toString(), QString());  // auto by default
    type->setCurrentIndex(type->findData("depth"));
    QVERIFY(generateAndWait(w));
    const auto& out = w.historyAt(w.historySize() - 1);
    QCOMPARE(out.settings().controls.at(0).type, std::string("depth"));
    QVERIFY2(out.record.a1111().find("Union Control Type: depth") != std::string::npos,
             out.record.a1111().c_str());
    panel->setControls({});
    w.showHistory(w.historySize() - 1);
    QCOMPARE(panel->row(0)->findChild<QComboBox*>("controlType")->currentData().toString(),
             QString("depth"));
    panel->setControls({});
  }

  void hiresAndFaceDetail() {
    hl::ui::MainWindow w;
    quickRuns(w, pack_, 2);
    w.findChild<QCheckBox*>("hires")->setChecked(true);
    w.findChild<QDoubleSpinBox*>("hiresScale")->setValue(1.5);
    QVERIFY(generateAndWait(w));
    QCOMPARE(w.historyImage(w.historySize() - 1).size(), QSize(96, 96));
    QVERIFY(w.historyAt(w.historySize() - 1).settings().hires.enabled);
    w.findChild<QCheckBox*>("hires")->setChecked(false);
    // The demo pack has no face models: a clear failure, and the studio carries on.
    w.findChild<QCheckBox*>("faceDetail")->setChecked(true);
    QSignalSpy failed(&w.worker(), &hl::ui::EngineWorker::failed);
    w.generate();
    QVERIFY(failed.wait(60000));
    QVERIFY2(failed.at(0).at(1).toString().contains("face models"),
             qPrintable(failed.at(0).at(1).toString()));
    // Settings that cannot run are said before anything is queued: no job starts.
    w.findChild<QSpinBox*>("faceDetailSteps")->setValue(100);
    w.findChild<QDoubleSpinBox*>("faceDetailDenoise")->setValue(0.05);
    QSignalSpy started(&w.worker(), &hl::ui::EngineWorker::started);
    w.generate();
    QTest::qWait(300);
    QCOMPARE(started.count(), 0);
    const QString info = w.findChild<QLabel*>("stepInfo")->text();
    QVERIFY2(info.contains("Not started") && info.contains("schedule of 2000 steps"),
             qPrintable(info));
    const QByteArray shots = qgetenv("HYPERLORA_SCREENSHOT_DIR");
    if (!shots.isEmpty()) {
      w.findChild<QTabWidget*>()->setCurrentIndex(0);  // Generate, where the button is
      w.resize(1280, 800);
      QTest::qWait(100);
      QVERIFY(w.grab().save(QString(shots) + "/main_window_not_started.png"));
    }
    w.findChild<QSpinBox*>("faceDetailSteps")->setValue(10);
    w.findChild<QCheckBox*>("faceDetail")->setChecked(false);
    QVERIFY(generateAndWait(w));
  }
};

int main(int argc, char** argv) {
  QApplication app(argc, argv);
  TestGuiEdit t;
  return QTest::qExec(&t, argc, argv);
}
#include "test_gui_edit.moc"
