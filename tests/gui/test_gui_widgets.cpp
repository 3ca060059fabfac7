// The studio's small pieces on their own: durations as people read them, save dialogs that add
// the format's suffix, and the sweep plot before any sweep.
#include <qcustomplot.h>

#include <QApplication>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QLineEdit>
#include <QTemporaryDir>
#include <QTimer>
#include <QtTest>
#include <limits>

#include "ui/duration_text.h"
#include "ui/generate_panel.h"
#include "ui/save_path.h"
#include "ui/seed_box.h"
#include "ui/sweep_view.h"

class TestGuiWidgets : public QObject {
  Q_OBJECT

 private slots:
  // Seeds as A1111 (up to 2^32 - 1) and ComfyUI (up to 2^64 - 1) write them: kept whole, typed,
  // stepped without wrapping; text that is no seed is refused.
  void seedBoxHoldsAny64BitSeed() {
    hl::ui::SeedBox box;
    const quint64 max = std::numeric_limits<quint64>::max();
    box.setValue(3000000000ull);  // an int spin box clamped this to 2147483647
    QCOMPARE(box.value(), quint64(3000000000ull));
    box.setValue(max);
    QCOMPARE(box.findChild<QLineEdit*>()->text(), QString("18446744073709551615"));
    box.stepBy(1);
    QCOMPARE(box.value(), max);
    box.setValue(1);
    box.stepBy(-5);
    QCOMPARE(box.value(), quint64(0));
    QString text = "18446744073709551616";
    int pos = 0;
    QCOMPARE(box.validate(text, pos), QValidator::Invalid);
    text = "-1";
    QCOMPARE(box.validate(text, pos), QValidator::Invalid);
    QLineEdit* edit = box.findChild<QLineEdit*>();
    edit->selectAll();
    QTest::keyClicks(edit, "12345678901234");
    QTest::keyClick(edit, Qt::Key_Enter);
    QCOMPARE(box.value(), quint64(12345678901234ull));
    QTest::keyClick(&box, Qt::Key_Up);
    QCOMPARE(box.value(), quint64(12345678901235ull));
    // A recalled result's seed comes back whole (the next image reproduces it).
    hl::ui::GeneratePanel panel;
    hl::studio::GenerationSettings recalled;
    recalled.seed = 4294967295ull;  // A1111's largest
    panel.recall(recalled);
    QCOMPARE(panel.settings().seed, quint64(4294967295ull));
  }

  void durationsReadAtAGlance() {
    using hl::ui::durationText;
    QCOMPARE(durationText(0.0321), QString("32 ms"));
    QCOMPARE(durationText(0.9994), QString("999 ms"));
    QCOMPARE(durationText(0.9996), QString("1.0 s"));
    QCOMPARE(durationText(4.24), QString("4.2 s"));
    QCOMPARE(durationText(59.97), QString("1 min 00 s"));
    QCOMPARE(durationText(125.4), QString("2 min 05 s"));
  }

  void saveDialogAddsTheFormatsSuffix() {
    QTemporaryDir dir;
    QString typed;
    QTimer::singleShot(300, [&] {  // a bare name typed into the dialog, then Save
      auto* dialog = qobject_cast<QFileDialog*>(QApplication::activeModalWidget());
      auto* name = dialog ? dialog->findChild<QLineEdit*>("fileNameEdit") : nullptr;
      if (!name) return;
      name->setText("anna");
      typed = name->text();
      QMetaObject::invokeMethod(dialog, "accept");  // protected in QFileDialog, a slot all the same
    });
    const QString path = hl::ui::saveFileName(nullptr, "Export image", dir.path() + "/x.png",
                                              "PNG images (*.png)", "png");
    QCOMPARE(typed, QString("anna"));
    QCOMPARE(path, dir.path() + "/anna.png");
  }

  // Before any sweep the plot spans the range to sweep, and follows it as it is edited.
  void emptySweepPlotSpansTheRange() {
    hl::ui::SweepView v;
    const QCPRange r = v.plot()->xAxis->range();
    QVERIFY2(r.lower < 0.25 && r.lower > 0.1 && r.upper > 1.25 && r.upper < 1.4,
             qPrintable(QString("%1 .. %2").arg(r.lower).arg(r.upper)));
    v.findChild<QDoubleSpinBox*>("sweepTo")->setValue(1.5);
    QVERIFY(v.plot()->xAxis->range().upper > 1.5 && v.plot()->xAxis->range().upper < 1.6);
  }
};

QTEST_MAIN(TestGuiWidgets)
#include "test_gui_widgets.moc"
