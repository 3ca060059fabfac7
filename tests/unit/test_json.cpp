#include "check.h"
#include "util/error.h"
#include "util/json.h"

using hl::json::Value;

HL_TEST(keepsKeyOrder) {
  // Keys deliberately out of alphabetical order, as hyper_lora_modules.json has them.
  Value v = hl::json::parse("{\"z_up\": 1, \"a_down\": 2, \"m_mid\": {\"k2\": 0, \"k1\": 1}}");
  HL_CHECK_EQ(v.members().size(), size_t(3));
  HL_CHECK_EQ(std::string(v.members()[0].first), std::string("z_up"));
  HL_CHECK_EQ(std::string(v.members()[1].first), std::string("a_down"));
  HL_CHECK_EQ(std::string(v.members()[2].first), std::string("m_mid"));
  HL_CHECK_EQ(std::string(v.at("m_mid").members()[0].first), std::string("k2"));
  // And the writer keeps it too.
  HL_CHECK_EQ(std::string(hl::json::dump(v)),
              std::string("{\"z_up\":1,\"a_down\":2,\"m_mid\":{\"k2\":0,\"k1\":1}}"));
}

HL_TEST(roundTripsValues) {
  const char* text =
      "{\"null\": null, \"t\": true, \"f\": false, \"int\": -42, \"big\": 9007199254740993,"
      " \"float\": 0.13025, \"exp\": 1e-05, \"str\": \"a\\\"b\\\\c\\n\\u00e9\\ud83d\\ude00\", "
      "\"arr\": [1, [2, []], {}]}";
  Value v = hl::json::parse(text);
  HL_CHECK(v.at("null").isNull());
  HL_CHECK_EQ(v.at("t").asBool(), true);
  HL_CHECK_EQ(v.at("int").asInt(), int64_t(-42));
  HL_CHECK_EQ(v.at("big").asInt(), int64_t(9007199254740993LL));  // exact beyond 2^53
  HL_CHECK_EQ(v.at("float").asDouble(), 0.13025);
  HL_CHECK_EQ(v.at("exp").asDouble(), 1e-05);
  HL_CHECK_EQ(std::string(v.at("str").asString()),
              std::string("a\"b\\c\n\xc3\xa9\xf0\x9f\x98\x80"));
  HL_CHECK_EQ(v.at("arr").size(), size_t(3));
  Value again = hl::json::parse(hl::json::dump(v, 2));
  HL_CHECK_EQ(hl::json::dump(again), hl::json::dump(v));
  HL_CHECK_EQ(again.at("float").asDouble(), 0.13025);
  HL_CHECK_EQ(again.at("big").asInt(), int64_t(9007199254740993LL));
}

// Integers above 2^63 - 1 (ComfyUI's seeds go to 2^64 - 1) stay whole and are written unsigned;
// reading one as a signed integer is an error, not a negative number.
HL_TEST(unsignedIntegersAbove2To63) {
  const Value v = hl::json::parse(
      "{\"max\": 18446744073709551615, \"neg\": -1, \"over\": 18446744073709551616}");
  HL_CHECK(v.at("max").isUnsigned());
  HL_CHECK_EQ(v.at("max").asUint64(), uint64_t(18446744073709551615ull));
  HL_CHECK_THROWS_WITH("expected an integer up to 2^63 - 1", v.at("max").asInt());
  HL_CHECK_EQ(v.at("neg").asUint64(), uint64_t(18446744073709551615ull));  // earlier records
  HL_CHECK(!v.at("over").isInteger());  // beyond 64 bits: a double, as before
  Value o = Value::object();
  o.set("seed", uint64_t(12345678901234567890ull));
  HL_CHECK_EQ(hl::json::dump(o), std::string("{\"seed\":12345678901234567890}"));
  HL_CHECK_EQ(hl::json::parse(hl::json::dump(o)).at("seed").asUint64(),
              uint64_t(12345678901234567890ull));
}

HL_TEST(configHelpers) {
  Value v = hl::json::parse("{\"a\": [1, 2, 3], \"b\": 5, \"c\": null}");
  HL_CHECK_EQ(v.intList("a").size(), size_t(3));
  HL_CHECK_EQ(v.intList("b").size(), size_t(1));
  HL_CHECK_EQ(v.intOr("c", 7), int64_t(7));
  HL_CHECK_EQ(v.intOr("missing", 9), int64_t(9));
  HL_CHECK_EQ(std::string(v.stringOr("missing", "x")), std::string("x"));
}

HL_TEST(rejectsMalformed) {
  struct Row {
    const char *name, *text, *message;
  };
  const Row rows[] = {
      {"trailing garbage", "{\"a\": 1} x", "unexpected text after the end"},
      {"duplicate key", "{\"a\": 1, \"a\": 2}", "duplicate key \"a\""},
      {"unterminated string", "{\"a\": \"x", "unterminated string"},
      {"missing colon", "{\"a\" 1}", "expected ':'"},
      {"bad literal", "[tru]", "unexpected character"},
      {"leading zero number", "[01]", "expected ',' or ']'"},
      {"bad escape", "[\"\\q\"]", "invalid escape"},
      {"lone surrogate", "[\"\\ud800\"]", "surrogate"},
      {"control char", "[\"a\tb\"]", "control character"},
      {"empty", "", "unexpected end of input"},
      {"trailing comma", "[1,]", "unexpected character ']'"},
  };
  for (const Row& r : rows) {
    hl::test::Scope scope(r.name);
    try {
      hl::json::parse(r.text, "cfg.json");
      HL_FAIL("parse accepted malformed JSON");
    } catch (const hl::Error& e) {
      const std::string what = e.what();
      HL_CHECK_MSG(what.rfind("cfg.json: line ", 0) == 0, what);
      HL_CHECK_MSG(hl::test::contains(what, r.message), what);
    }
  }
}

HL_TEST(reportsLineAndColumn) {
  try {
    hl::json::parse("{\n  \"a\": 1,\n  \"b\": ?\n}", "x.json");
    HL_FAIL("accepted");
  } catch (const hl::Error& e) {
    HL_CHECK_MSG(hl::test::contains(e.what(), "line 3, column 8"), e.what());
  }
}

HL_TEST(typeErrorsNameTheType) {
  Value v = hl::json::parse("{\"a\": \"text\"}");
  HL_CHECK_THROWS(hl::Error, v.at("a").asInt());
  try {
    v.at("missing");
    HL_FAIL("no throw");
  } catch (const hl::Error& e) {
    HL_CHECK(hl::test::contains(e.what(), "missing key \"missing\""));
  }
}
