// LoRA synthesis over fp16 bases (the released files' dtype; the golden set's bases are fp32):
// the vectorised and portable kernels against a double-precision product, at sizes that leave
// partial bands and partial 8-lane vectors, and makeLora on fp16 bases against the fp32 route.
#include <ATen/ATen.h>

#include <QtTest>

#include "hyperlora/basis_combine.h"

class TestBasisCombine : public QObject {
  Q_OBJECT
 private slots:
  void kernelsMatchDouble_data() {
    QTest::addColumn<int>("K");
    QTest::addColumn<int>("n");
    QTest::addColumn<bool>("simd");
    for (bool simd : {true, false}) {
      const char* tag = simd ? "vectorised" : "portable";
      QTest::newRow(qPrintable(QString("%1 K128 n8192").arg(tag))) << 128 << 8192 << simd;
      QTest::newRow(qPrintable(QString("%1 K128 n2053").arg(tag))) << 128 << 2053 << simd;
      QTest::newRow(qPrintable(QString("%1 K3 n5").arg(tag))) << 3 << 5 << simd;
      QTest::newRow(qPrintable(QString("%1 K64 n1024").arg(tag))) << 64 << 1024 << simd;
    }
  }

  void kernelsMatchDouble() {
    QFETCH(int, K);
    QFETCH(int, n);
    QFETCH(bool, simd);
    at::manual_seed(11);
    at::Tensor basis = (at::randn({K, n}) * 0.05).to(at::kHalf);
    at::Tensor c = at::randn({K});
    at::Tensor out = at::full({n}, -7.0f);  // every element must be written
    hl::combineHalfBasis(c.data_ptr<float>(), K, static_cast<const uint16_t*>(basis.data_ptr()), n,
                         out.data_ptr<float>(), simd);
    at::Tensor ref = at::matmul(c.to(at::kDouble), basis.to(at::kDouble));
    const double diff = (out.to(at::kDouble) - ref).abs().max().item<double>();
    const double scale = ref.abs().max().item<double>();
    QVERIFY2(diff <= 1e-5 * std::max(1.0, scale),
             qPrintable(QString("max |diff| %1 (max |ref| %2)").arg(diff).arg(scale)));
  }

  void bothKernelsAgree() {
    at::manual_seed(12);
    const int K = 128, n = 4099;
    at::Tensor basis = at::randn({K, n}).to(at::kHalf);
    at::Tensor c = at::randn({K});
    at::Tensor a = at::empty({n}), b = at::empty({n});
    hl::combineHalfBasis(c.data_ptr<float>(), K, static_cast<const uint16_t*>(basis.data_ptr()), n,
                         a.data_ptr<float>(), true);
    hl::combineHalfBasis(c.data_ptr<float>(), K, static_cast<const uint16_t*>(basis.data_ptr()), n,
                         b.data_ptr<float>(), false);
    QVERIFY((a - b).abs().max().item<float>() < 1e-4f);
  }
};

QTEST_GUILESS_MAIN(TestBasisCombine)
#include "test_basis_combine.moc"
