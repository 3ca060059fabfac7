#include <QTemporaryDir>
#include <QtTest>
#include <fstream>

#include "util/error.h"
#include "util/fs.h"
#include "util/sha256.h"
#include "vision/image.h"
#include "vision/png_text.h"

class TestPngText : public QObject {
  Q_OBJECT
  QTemporaryDir tmp_;

 private slots:
  void roundTripsTextAndPixels() {
    hl::RgbImage img;
    img.width = 7;
    img.height = 5;
    for (int i = 0; i < 7 * 5 * 3; ++i) img.pixels.push_back(uint8_t(i * 7));
    const std::string path = (tmp_.path() + "/a.png").toStdString();
    const std::string utf8 = "portrait, caf\xc3\xa9, \xe7\x8c\xab";  // needs iTXt
    hl::writePngWithText(path, img, {{"parameters", "plain ascii\nline 2"}, {"hyperlora", utf8}});
    hl::TextChunks t = hl::readPngText(path);
    QCOMPARE(t.size(), size_t(2));
    QCOMPARE(t[0].first, std::string("parameters"));
    QCOMPARE(t[0].second, std::string("plain ascii\nline 2"));
    QCOMPARE(t[1].second, utf8);
    hl::RgbImage back = hl::loadImageRgb(path);  // still a valid PNG for any decoder
    QCOMPARE(back.pixels, img.pixels);
  }

  void detectsCorruption() {
    hl::RgbImage img;
    img.width = img.height = 2;
    img.pixels.assign(12, 9);
    std::string bytes = hl::encodePngWithText(img, {{"parameters", "x"}});
    bytes[40] ^= 0x20;  // inside the tEXt chunk
    const std::string path = (tmp_.path() + "/bad.png").toStdString();
    hl::fs::writeAtomic(path, bytes);
    QVERIFY_THROWS_EXCEPTION(hl::Error, hl::readPngText(path));
    hl::fs::writeAtomic(path, "GIF89a");
    QVERIFY_THROWS_EXCEPTION(hl::Error, hl::readPngText(path));
  }

  void a1111ParametersRoundTrip() {
    hl::A1111Parameters p;
    p.prompt = "fcsks fxhks fhyks, a (portrait:1.2) of a woman\nwith two lines";
    p.negativePrompt = "blurry, lowres";
    p.steps = 30;
    p.sampler = "DPM++ 2M Karras";
    p.cfgScale = 5;
    p.seed = 4294967295ull;
    p.width = 832;
    p.height = 1216;
    p.modelHash = "31e35c80fc";
    p.modelName = "sd_xl_base_1.0";
    p.extra = {{"ID strength", "0.85"}};
    const std::string text = p.format();
    QVERIFY(QString::fromStdString(text).contains("Steps: 30, Sampler: DPM++ 2M Karras, CFG scale: 5.0, Seed: 4294967295, Size: 832x1216, Model hash: 31e35c80fc, Model: sd_xl_base_1.0"));
    hl::A1111Parameters q = hl::A1111Parameters::parse(text);
    QCOMPARE(q.prompt, p.prompt);
    QCOMPARE(q.negativePrompt, p.negativePrompt);
    QCOMPARE(q.steps, 30);
    QCOMPARE(q.sampler, p.sampler);
    QCOMPARE(q.cfgScale, 5.0);
    QCOMPARE(q.seed, p.seed);
    QCOMPARE(q.width, 832);
    QCOMPARE(q.height, 1216);
    QCOMPARE(q.modelHash, p.modelHash);
    QCOMPARE(q.modelName, p.modelName);
    QCOMPARE(q.extra, p.extra);
  }

  void sha256KnownAnswers() {
    QCOMPARE(hl::sha256Hex(""), std::string("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"));
    QCOMPARE(hl::sha256Hex("abc"), std::string("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
    QCOMPARE(hl::sha256Hex(std::string(1000000, 'a')),
             std::string("cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"));
    const std::string f = (tmp_.path() + "/h.bin").toStdString(), cache = (tmp_.path() + "/c.json").toStdString();
    hl::fs::writeAtomic(f, "abc");
    QCOMPARE(hl::cachedSha256File(f, cache), hl::sha256Hex("abc"));
    QVERIFY(QFile::exists(QString::fromStdString(cache)));
    QCOMPARE(hl::cachedSha256File(f, cache), hl::sha256Hex("abc"));  // from the cache
  }
};

QTEST_APPLESS_MAIN(TestPngText)
#include "test_png_text.moc"
