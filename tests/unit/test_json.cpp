#include <QtTest>

#include "util/error.h"
#include "util/json.h"

using hl::json::Value;

class TestJson : public QObject {
  Q_OBJECT

 private slots:
  void keepsKeyOrder() {
    // Keys deliberately out of alphabetical order, as hyper_lora_modules.json has them.
    Value v = hl::json::parse("{\"z_up\": 1, \"a_down\": 2, \"m_mid\": {\"k2\": 0, \"k1\": 1}}");
    QCOMPARE(v.members().size(), size_t(3));
    QCOMPARE(QString::fromStdString(v.members()[0].first), QString("z_up"));
    QCOMPARE(QString::fromStdString(v.members()[1].first), QString("a_down"));
    QCOMPARE(QString::fromStdString(v.members()[2].first), QString("m_mid"));
    QCOMPARE(QString::fromStdString(v.at("m_mid").members()[0].first), QString("k2"));
    // And the writer keeps it too.
    QCOMPARE(QString::fromStdString(hl::json::dump(v)),
             QString("{\"z_up\":1,\"a_down\":2,\"m_mid\":{\"k2\":0,\"k1\":1}}"));
  }

  void roundTripsValues() {
    const char* text =
        "{\"null\": null, \"t\": true, \"f\": false, \"int\": -42, \"big\": 9007199254740993,"
        " \"float\": 0.13025, \"exp\": 1e-05, \"str\": \"a\\\"b\\\\c\\n\\u00e9\\ud83d\\ude00\", \"arr\": [1, [2, []], {}]}";
    Value v = hl::json::parse(text);
    QVERIFY(v.at("null").isNull());
    QCOMPARE(v.at("t").asBool(), true);
    QCOMPARE(v.at("int").asInt(), int64_t(-42));
    QCOMPARE(v.at("big").asInt(), int64_t(9007199254740993LL));  // exact beyond 2^53
    QCOMPARE(v.at("float").asDouble(), 0.13025);
    QCOMPARE(v.at("exp").asDouble(), 1e-05);
    QCOMPARE(QString::fromStdString(v.at("str").asString()), QString::fromUtf8("a\"b\\c\n\xc3\xa9\xf0\x9f\x98\x80"));
    QCOMPARE(v.at("arr").size(), size_t(3));
    Value again = hl::json::parse(hl::json::dump(v, 2));
    QCOMPARE(hl::json::dump(again), hl::json::dump(v));
    QCOMPARE(again.at("float").asDouble(), 0.13025);
    QCOMPARE(again.at("big").asInt(), int64_t(9007199254740993LL));
  }

  void configHelpers() {
    Value v = hl::json::parse("{\"a\": [1, 2, 3], \"b\": 5, \"c\": null}");
    QCOMPARE(v.intList("a").size(), size_t(3));
    QCOMPARE(v.intList("b").size(), size_t(1));
    QCOMPARE(v.intOr("c", 7), int64_t(7));
    QCOMPARE(v.intOr("missing", 9), int64_t(9));
    QCOMPARE(QString::fromStdString(v.stringOr("missing", "x")), QString("x"));
  }

  void rejectsMalformed_data() {
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("message");
    QTest::newRow("trailing garbage") << "{\"a\": 1} x" << "unexpected text after the end";
    QTest::newRow("duplicate key") << "{\"a\": 1, \"a\": 2}" << "duplicate key \"a\"";
    QTest::newRow("unterminated string") << "{\"a\": \"x" << "unterminated string";
    QTest::newRow("missing colon") << "{\"a\" 1}" << "expected ':'";
    QTest::newRow("bad literal") << "[tru]" << "unexpected character";
    QTest::newRow("leading zero number") << "[01]" << "expected ',' or ']'";
    QTest::newRow("bad escape") << "[\"\\q\"]" << "invalid escape";
    QTest::newRow("lone surrogate") << "[\"\\ud800\"]" << "surrogate";
    QTest::newRow("control char") << "[\"a\tb\"]" << "control character";
    QTest::newRow("empty") << "" << "unexpected end of input";
    QTest::newRow("trailing comma") << "[1,]" << "unexpected character ']'";
  }
  void rejectsMalformed() {
    QFETCH(QString, text);
    QFETCH(QString, message);
    try {
      hl::json::parse(text.toStdString(), "cfg.json");
      QFAIL("parse accepted malformed JSON");
    } catch (const hl::Error& e) {
      const QString what = QString::fromUtf8(e.what());
      QVERIFY2(what.startsWith("cfg.json: line "), qPrintable(what));
      QVERIFY2(what.contains(message), qPrintable(what));
    }
  }

  void reportsLineAndColumn() {
    try {
      hl::json::parse("{\n  \"a\": 1,\n  \"b\": ?\n}", "x.json");
      QFAIL("accepted");
    } catch (const hl::Error& e) {
      QVERIFY2(QString(e.what()).contains("line 3, column 8"), e.what());
    }
  }

  void typeErrorsNameTheType() {
    Value v = hl::json::parse("{\"a\": \"text\"}");
    QVERIFY_THROWS_EXCEPTION(hl::Error, v.at("a").asInt());
    try {
      v.at("missing");
      QFAIL("no throw");
    } catch (const hl::Error& e) {
      QVERIFY(QString(e.what()).contains("missing key \"missing\""));
    }
  }
};

QTEST_APPLESS_MAIN(TestJson)
#include "test_json.moc"
