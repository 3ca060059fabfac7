#include <ATen/Parallel.h>

#include <QtTest>
#include <thread>

#include "runtime/runtime.h"
#include "util/error.h"
#include "util/progress.h"

class TestRuntime : public QObject {
  Q_OBJECT

 private slots:
  void cpuPolicy() {
    hl::ComputeConfig fp32 = hl::chooseCompute("cpu", hl::Precision::Auto);
    QCOMPARE(fp32.device.type(), c10::kCPU);
    QCOMPARE(fp32.dtype, c10::kFloat);
    QCOMPARE(fp32.intraOpThreads, 1);  // OpenBLAS brings its own pool
    hl::ComputeConfig bf16 = hl::chooseCompute("cpu", hl::Precision::BFloat16);
    QCOMPARE(bf16.dtype, c10::kBFloat16);
    QCOMPARE(bf16.intraOpThreads, int(std::max(1u, std::thread::hardware_concurrency())));
    // fp16 has no CPU kernels in libtorch 1.13: bf16 instead, and the note says so.
    hl::ComputeConfig fp16 = hl::chooseCompute("cpu", hl::Precision::Float16);
    QCOMPARE(fp16.dtype, c10::kBFloat16);
    QVERIFY(QString::fromStdString(fp16.note).contains("fp16"));
    hl::ComputeConfig explicitThreads = hl::chooseCompute("cpu", hl::Precision::Float32, 2);
    QCOMPARE(explicitThreads.intraOpThreads, 2);
  }

  void autoPicksWhatExists() {
    hl::ComputeConfig c = hl::chooseCompute("auto", hl::Precision::Auto);
    QCOMPARE(c.device.is_cuda(), hl::cudaAvailable());
    if (c.device.is_cuda()) QCOMPARE(c.dtype, c10::kHalf);
  }

  void rejectsUnknownDevicesAndPrecisions() {
    QVERIFY_THROWS_EXCEPTION(hl::Error, hl::chooseCompute("tpu", hl::Precision::Auto));
    QVERIFY_THROWS_EXCEPTION(hl::Error, hl::parsePrecision("fp8"));
    if (!hl::cudaAvailable()) {
      try {
        hl::chooseCompute("cuda:0", hl::Precision::Auto);
        QFAIL("CUDA accepted on a machine without it");
      } catch (const hl::Error& e) {
        QVERIFY(QString(e.what()).contains("no CUDA device"));
      }
    }
    QCOMPARE(hl::parsePrecision("bf16"), hl::Precision::BFloat16);
    QCOMPARE(QString(hl::precisionName(hl::Precision::Float32)), QString("fp32"));
  }

  void appliesThreads() {
    hl::ComputeConfig c = hl::chooseCompute("cpu", hl::Precision::Float32, 2);
    QCOMPARE(hl::applyThreads(c), 2);
    QCOMPARE(at::get_num_threads(), 2);
    c.intraOpThreads = 1;
    QCOMPARE(hl::applyThreads(c), 1);
    const QString env = QString::fromStdString(hl::describeEnvironment());
    QVERIFY(env.contains("OPENBLAS_CORETYPE="));
    QVERIFY(env.contains("intra-op threads 1"));
  }

  void cancelToken() {
    hl::CancelToken t;
    QVERIFY(!t.cancelled());
    t.throwIfCancelled();
    std::thread other([&] { t.cancel(); });
    other.join();
    QVERIFY(t.cancelled());
    QVERIFY_THROWS_EXCEPTION(hl::Cancelled, t.throwIfCancelled());
    t.reset();
    QVERIFY(!t.cancelled());
  }

  void scopedTimer() {
    double total = 0;
    std::string seen;
    double reported = -1;
    {
      hl::ScopedTimer a("a", &total);
      hl::ScopedTimer b("stage", [&](const std::string& n, double s) { seen = n; reported = s; });
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    QVERIFY(total >= 0.019 && total < 2.0);
    QCOMPARE(seen, std::string("stage"));
    QVERIFY(reported >= 0.019);
  }

  void progressCallbackCarriesPreview() {
    std::vector<hl::Progress> got;
    hl::ProgressCallback cb = [&](const hl::Progress& p) { got.push_back(p); };
    hl::Progress p;
    p.stage = "denoise";
    p.step = 3;
    p.total = 20;
    p.preview.width = 2;
    p.preview.height = 1;
    p.preview.pixels = {1, 2, 3, 4, 5, 6};
    cb(p);
    QCOMPARE(got.size(), size_t(1));
    QCOMPARE(got[0].preview.pixels.size(), size_t(6));
    QVERIFY(!got[0].preview.empty());
  }
};

QTEST_APPLESS_MAIN(TestRuntime)
#include "test_runtime.moc"
