// The CPU fp32 convolution (im2col bands + GEMM) against ATen's convolution computed in double:
// kernel sizes, strides, padding, batch, bias, and bands forced small enough to split the rows.
#include <ATen/ATen.h>

#include <QtTest>

#include "sdxl/nn.h"

class TestConvGemm : public QObject {
  Q_OBJECT
 private slots:
  void matchesAtenConvolution_data() {
    QTest::addColumn<int>("batch");
    QTest::addColumn<int>("cin");
    QTest::addColumn<int>("cout");
    QTest::addColumn<int>("height");
    QTest::addColumn<int>("width");
    QTest::addColumn<int>("kernel");
    QTest::addColumn<int>("stride");
    QTest::addColumn<int>("padding");
    QTest::addColumn<bool>("bias");
    QTest::addColumn<qint64>("budget");
    const qint64 big = qint64(1) << 24;
    QTest::newRow("3x3 same") << 1 << 8 << 12 << 9 << 7 << 3 << 1 << 1 << true << big;
    QTest::newRow("3x3 batch 2") << 2 << 8 << 12 << 9 << 7 << 3 << 1 << 1 << true << big;
    QTest::newRow("3x3 no bias") << 2 << 5 << 4 << 6 << 6 << 3 << 1 << 1 << false << big;
    QTest::newRow("3x3 stride 2 pad 1 (UNet down)")
        << 2 << 6 << 6 << 9 << 8 << 3 << 2 << 1 << true << big;
    QTest::newRow("3x3 stride 2 pad 0 (VAE down)")
        << 1 << 6 << 6 << 9 << 9 << 3 << 2 << 0 << true << big;
    QTest::newRow("1x1 shortcut") << 2 << 10 << 3 << 5 << 4 << 1 << 1 << 0 << true << big;
    QTest::newRow("bands of one row") << 2 << 4 << 5 << 11 << 6 << 3 << 1 << 1 << true << qint64(1);
    QTest::newRow("bands of three rows")
        << 1 << 4 << 5 << 11 << 6 << 3 << 1 << 1 << true << qint64(4 * 9 * 6 * 3);
    QTest::newRow("bands, stride 2")
        << 2 << 3 << 4 << 13 << 10 << 3 << 2 << 1 << false << qint64(100);
  }

  void matchesAtenConvolution() {
    QFETCH(int, batch);
    QFETCH(int, cin);
    QFETCH(int, cout);
    QFETCH(int, height);
    QFETCH(int, width);
    QFETCH(int, kernel);
    QFETCH(int, stride);
    QFETCH(int, padding);
    QFETCH(bool, bias);
    QFETCH(qint64, budget);
    at::manual_seed(7);
    at::Tensor x = at::randn({batch, cin, height, width});
    at::Tensor w = at::randn({cout, cin, kernel, kernel});
    at::Tensor b = bias ? at::randn({cout}) : at::Tensor();
    at::Tensor ref =
        at::conv2d(x.to(at::kDouble), w.to(at::kDouble), bias ? b.to(at::kDouble) : at::Tensor(),
                   {stride, stride}, {padding, padding});
    at::Tensor got = hl::nn::conv2dGemm(x, w, b, stride, padding, budget);
    QCOMPARE(got.sizes().vec(), ref.sizes().vec());
    QCOMPARE(got.scalar_type(), at::kFloat);
    const double diff = (got.to(at::kDouble) - ref).abs().max().item<double>();
    QVERIFY2(diff < 1e-4, qPrintable(QString("max |diff| %1").arg(diff)));
  }

  void wrongChannelCountIsNamed() {
    at::Tensor x = at::randn({1, 3, 4, 4});
    at::Tensor w = at::randn({2, 5, 3, 3});
    try {
      hl::nn::conv2dGemm(x, w, at::Tensor(), 1, 1);
      QFAIL("no error for a channel mismatch");
    } catch (const std::exception& e) {
      QVERIFY2(QString(e.what()).contains("3 channels") && QString(e.what()).contains("5"),
               e.what());
    }
  }
};

QTEST_GUILESS_MAIN(TestConvGemm)
#include "test_conv_gemm.moc"
