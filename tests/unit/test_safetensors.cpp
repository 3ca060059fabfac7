#include <ATen/TensorOperators.h>
#include <ATen/ops/arange.h>
#include <ATen/ops/equal.h>
#include <ATen/ops/randn.h>

#include <QTemporaryDir>
#include <QtTest>
#include <cstdio>
#include <fstream>

#include "tensor/safetensors.h"
#include "tensor/tensor_io.h"
#include "util/error.h"
#include "util/half.h"

namespace st = hl::st;

namespace {

// Writes an 8-byte length, the header text (as given, no padding) and the data bytes.
void writeRaw(const std::string& path, const std::string& header, const std::string& data,
              int64_t lengthOverride = -1) {
  std::ofstream f(path, std::ios::binary);
  uint64_t n = lengthOverride >= 0 ? uint64_t(lengthOverride) : header.size();
  for (int i = 0; i < 8; ++i) f.put(char(n >> (8 * i)));
  f << header << data;
}

}  // namespace

class TestSafetensors : public QObject {
  Q_OBJECT

  QTemporaryDir dir_;
  std::string path(const char* name) { return (dir_.path() + "/" + name).toStdString(); }

 private slots:
  void roundTripEveryDtypeRaw() {
    // Raw bytes through the torch-free writer and reader, for all ten dtypes.
    const st::DType all[] = {st::DType::F64, st::DType::F32, st::DType::F16, st::DType::BF16,
                             st::DType::I64, st::DType::I32, st::DType::I16, st::DType::I8,
                             st::DType::U8, st::DType::BOOL};
    std::vector<std::vector<uint8_t>> bufs;
    std::vector<st::WriteEntry> entries;
    int k = 0;
    for (st::DType d : all) {
      std::vector<int64_t> shape{2, 3};
      std::vector<uint8_t> b(6 * st::dtypeSize(d));
      for (size_t i = 0; i < b.size(); ++i) b[i] = uint8_t((i * 37 + k * 11) & (d == st::DType::BOOL ? 1 : 0xFF));
      bufs.push_back(b);
      entries.push_back({std::string("t_") + st::dtypeName(d), d, shape, bufs.back().data(), b.size()});
      ++k;
    }
    entries.push_back({"scalar", st::DType::F32, {}, bufs[1].data(), 4});
    entries.push_back({"empty", st::DType::F16, {0, 4}, nullptr, 0});
    const std::string p = path("raw.safetensors");
    st::write(p, entries, {{"format", "pt"}, {"note", "ünïcode"}});
    auto f = st::File::open(p);
    QCOMPARE(f->tensors().size(), entries.size());
    for (size_t i = 0; i < entries.size(); ++i) {
      const auto& t = f->tensors()[i];
      QCOMPARE(t.name, entries[i].name);  // header order = write order
      QCOMPARE(int(t.dtype), int(entries[i].dtype));
      QCOMPARE(t.shape, entries[i].shape);
      QCOMPARE(t.nbytes(), entries[i].nbytes);
      if (t.nbytes()) QVERIFY(std::memcmp(f->data(t), entries[i].data, t.nbytes()) == 0);
      QCOMPARE(reinterpret_cast<uintptr_t>(f->data(t)) % 8 == 0 || t.nbytes() == 0 ||
                   st::dtypeSize(t.dtype) < 8, true);
    }
    QCOMPARE(QString::fromStdString(f->metadataValue("note")), QString::fromUtf8("ünïcode"));
    QCOMPARE(QString::fromStdString(f->metadataValue("format")), QString("pt"));
    // The header is padded so the data section starts 8-byte aligned.
    std::ifstream in(p, std::ios::binary);
    uint8_t len[8];
    in.read(reinterpret_cast<char*>(len), 8);
    QCOMPARE(int(len[0] % 8), 0);
  }

  void roundTripEveryDtypeTorch() {
    at::Tensor base = at::randn({3, 4, 5});
    st::NamedTensors ts = {
        {"f64", base.to(at::kDouble)},        {"f32", base},
        {"f16", base.to(at::kHalf)},          {"bf16", base.to(at::kBFloat16)},
        {"i64", at::arange(60).view({3, 20})}, {"i32", at::arange(60).to(at::kInt)},
        {"i16", at::arange(60).to(at::kShort)}, {"i8", (at::arange(60) - 30).to(at::kChar)},
        {"u8", at::arange(60).to(at::kByte)},  {"bool", (at::arange(60) % 3 == 0)},
        {"noncontig", base.transpose(0, 2)},
    };
    const std::string p = path("torch.safetensors");
    st::writeTensors(p, ts);
    auto f = st::File::open(p);
    for (const auto& [name, t] : ts) {
      at::Tensor back = st::view(f, name);
      QCOMPARE(back.scalar_type(), t.scalar_type());
      QVERIFY2(at::equal(back, t.contiguous()), name.c_str());
    }
    // Zero copy: the tensor points into the mapping, and keeps it alive after the File goes.
    at::Tensor v = st::view(f, "f32");
    QCOMPARE(static_cast<const void*>(v.data_ptr()), static_cast<const void*>(f->data(f->at("f32"))));
    f.reset();
    QVERIFY(at::equal(v, base));
    // fp16 is upcast exactly.
    auto f2 = st::File::open(p);
    QVERIFY(at::equal(st::loadFloat(f2, "f16"), base.to(at::kHalf).to(at::kFloat)));
  }

  void halfConversionsMatchTorch() {
    at::Tensor x = at::randn({4096}) * 1000;
    at::Tensor h = x.to(at::kHalf), b = x.to(at::kBFloat16);
    const float* xp = x.data_ptr<float>();
    for (int64_t i = 0; i < x.numel(); ++i) {
      uint16_t hv = hl::floatToHalf(xp[i]), bv = hl::floatToBf16(xp[i]);
      QCOMPARE(hv, reinterpret_cast<const uint16_t*>(h.data_ptr())[i]);
      QCOMPARE(bv, reinterpret_cast<const uint16_t*>(b.data_ptr())[i]);
      QCOMPARE(hl::halfToFloat(hv), h[i].item<float>());
      QCOMPARE(hl::bf16ToFloat(bv), b[i].item<float>());
    }
  }

  void rejectsMalformed_data() {
    QTest::addColumn<QString>("header");
    QTest::addColumn<int>("dataBytes");
    QTest::addColumn<qint64>("lengthOverride");
    QTest::addColumn<QString>("tensor");  // must be named in the message ("" = none)
    QTest::addColumn<QString>("rule");
    const QString ok = "\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]";
    QTest::newRow("header length over 100 MB") << "{}" << 0 << qint64(200000000) << "" << "exceeds the limit of 100000000 bytes";
    QTest::newRow("header past end of file") << "{}" << 0 << qint64(5000) << "" << "runs past the end";
    QTest::newRow("not JSON at all") << "[1,2]" << 0 << qint64(-1) << "" << "does not start with '{'";
    QTest::newRow("malformed JSON") << "{\"w\": {\"dtype\": \"F32\",}" << 0 << qint64(-1) << "" << "malformed JSON header";
    QTest::newRow("trailing garbage in header") << "{\"w\":{" + ok + "}}xyz" << 8 << qint64(-1) << "" << "unexpected text after the end";
    QTest::newRow("unknown dtype") << "{\"w\":{\"dtype\":\"F8\",\"shape\":[2],\"data_offsets\":[0,2]}}" << 2 << qint64(-1) << "w" << "unknown dtype \"F8\"";
    QTest::newRow("shape and bytes disagree") << "{\"w\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}" << 8 << qint64(-1) << "w" << "needs 12 bytes but data_offsets span 8";
    QTest::newRow("offsets past data") << "{\"w\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]}}" << 8 << qint64(-1) << "w" << "past the data section of 8 bytes";
    QTest::newRow("end before begin") << "{\"w\":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[8,0]}}" << 8 << qint64(-1) << "w" << "end before they begin";
    QTest::newRow("overlap") << "{\"a\":{" + ok + "},\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}" << 12 << qint64(-1) << "b" << "overlaps tensor \"a\"";
    QTest::newRow("gap") << "{\"a\":{" + ok + "},\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[12,16]}}" << 16 << qint64(-1) << "b" << "gap of 4 bytes before tensor";
    QTest::newRow("trailing data") << "{\"a\":{" + ok + "}}" << 12 << qint64(-1) << "" << "4 trailing bytes after the last tensor";
    QTest::newRow("duplicate tensor") << "{\"a\":{" + ok + "},\"a\":{" + ok + "}}" << 8 << qint64(-1) << "a" << "duplicate key";
    QTest::newRow("negative dimension") << "{\"w\":{\"dtype\":\"F32\",\"shape\":[-2],\"data_offsets\":[0,8]}}" << 8 << qint64(-1) << "w" << "non-negative integers";
    QTest::newRow("missing offsets") << "{\"w\":{\"dtype\":\"F32\",\"shape\":[2]}}" << 8 << qint64(-1) << "w" << "data_offsets";
    QTest::newRow("unknown field") << "{\"w\":{" + ok + ",\"extra\":1}}" << 8 << qint64(-1) << "w" << "unknown field \"extra\"";
    QTest::newRow("metadata not strings") << "{\"__metadata__\":{\"k\":3},\"w\":{" + ok + "}}" << 8 << qint64(-1) << "" << "__metadata__ value for \"k\"";
    QTest::newRow("fractional shape") << "{\"w\":{\"dtype\":\"F32\",\"shape\":[2.5],\"data_offsets\":[0,8]}}" << 8 << qint64(-1) << "w" << "non-negative integers";
  }
  void rejectsMalformed() {
    QFETCH(QString, header);
    QFETCH(int, dataBytes);
    QFETCH(qint64, lengthOverride);
    QFETCH(QString, tensor);
    QFETCH(QString, rule);
    const std::string p = path("bad.safetensors");
    writeRaw(p, header.toStdString(), std::string(size_t(dataBytes), '\0'), lengthOverride);
    try {
      st::File::open(p);
      QFAIL("a malformed file was accepted");
    } catch (const hl::Error& e) {
      const QString what = QString::fromUtf8(e.what());
      QVERIFY2(what.startsWith(QString::fromStdString(p)), qPrintable(what));  // names the file
      QVERIFY2(what.contains(rule), qPrintable(what));                         // names the rule
      if (!tensor.isEmpty())
        QVERIFY2(what.contains("\"" + tensor + "\""), qPrintable(what));       // names the tensor
    }
  }

  void rejectsTinyAndMissingFiles() {
    const std::string p = path("short.safetensors");
    { std::ofstream f(p, std::ios::binary); f << "abc"; }
    QVERIFY_THROWS_EXCEPTION(hl::Error, st::File::open(p));
    try {
      st::File::open(path("does-not-exist.safetensors"));
      QFAIL("opened a missing file");
    } catch (const hl::Error& e) {
      QVERIFY(QString(e.what()).contains("cannot open file"));
    }
    try {
      st::File::open(dir_.path().toStdString());
      QFAIL("opened a folder");
    } catch (const hl::Error& e) {
      QVERIFY(QString(e.what()).contains("is a folder"));
    }
  }

  void writerIsAtomicAndValidates() {
    const std::string p = path("atomic.safetensors");
    float x[2] = {1, 2};
    st::write(p, {{"a", st::DType::F32, {2}, x, 8}});
    // A bad entry aborts before anything replaces the good file.
    QVERIFY_THROWS_EXCEPTION(hl::Error, st::write(p, {{"a", st::DType::F32, {3}, x, 8}}));
    QVERIFY_THROWS_EXCEPTION(hl::Error,
                             st::write(p, {{"a", st::DType::F32, {2}, x, 8}, {"a", st::DType::F32, {2}, x, 8}}));
    auto f = st::File::open(p);
    QCOMPARE(f->tensors().size(), size_t(1));
    QCOMPARE(f->at("a").shape, std::vector<int64_t>{2});
    QDir d(dir_.path());
    QCOMPARE(d.entryList({"*.tmp-*"}, QDir::Files).size(), 0);  // no temp files left behind
  }
};

QTEST_APPLESS_MAIN(TestSafetensors)
#include "test_safetensors.moc"
