#include "util/json.h"

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <unordered_set>

#include "util/error.h"
#include "util/utf8.h"

namespace hl::json {
namespace {

const char* typeName(Value::Type t) {
  switch (t) {
    case Value::Type::Null: return "null";
    case Value::Type::Bool: return "a boolean";
    case Value::Type::Number: return "a number";
    case Value::Type::String: return "a string";
    case Value::Type::Array: return "an array";
    case Value::Type::Object: return "an object";
  }
  return "?";
}

[[noreturn]] void typeError(const char* want, Value::Type got) {
  throw Error(std::string("JSON: expected ") + want + ", found " + typeName(got));
}

class Parser {
 public:
  Parser(std::string_view text, const std::string& source, const ParseOptions& opt)
      : s_(text), source_(source), opt_(opt) {}

  Value document() {
    skipWs();
    Value v = value(0);
    skipWs();
    if (pos_ != s_.size()) fail("unexpected text after the end of the JSON document");
    return v;
  }

 private:
  [[noreturn]] void fail(const std::string& what) const {
    size_t line = 1, col = 1;
    for (size_t i = 0; i < pos_ && i < s_.size(); ++i) {
      if (s_[i] == '\n') { ++line; col = 1; } else { ++col; }
    }
    throw Error(source_ + ": line " + std::to_string(line) + ", column " + std::to_string(col) +
                ": " + what);
  }

  void skipWs() {
    while (pos_ < s_.size() &&
           (s_[pos_] == ' ' || s_[pos_] == '\t' || s_[pos_] == '\n' || s_[pos_] == '\r'))
      ++pos_;
  }

  bool consume(std::string_view lit) {
    if (s_.substr(pos_, lit.size()) == lit) { pos_ += lit.size(); return true; }
    return false;
  }

  Value value(size_t depth) {
    if (depth > opt_.maxDepth) fail("nesting deeper than " + std::to_string(opt_.maxDepth));
    if (pos_ >= s_.size()) fail("unexpected end of input, expected a value");
    char c = s_[pos_];
    if (c == '{') return object(depth);
    if (c == '[') return array(depth);
    if (c == '"') return Value(string());
    if (c == '-' || (c >= '0' && c <= '9')) return number();
    if (consume("true")) return Value(true);
    if (consume("false")) return Value(false);
    if (consume("null")) return Value(nullptr);
    fail(std::string("unexpected character '") + c + "'");
  }

  Value object(size_t depth) {
    ++pos_;  // {
    Value obj = Value::object();
    std::unordered_set<std::string> seen;
    skipWs();
    if (pos_ < s_.size() && s_[pos_] == '}') { ++pos_; return obj; }
    for (;;) {
      skipWs();
      if (pos_ >= s_.size() || s_[pos_] != '"') fail("expected a string key");
      std::string key = string();
      if (opt_.rejectDuplicateKeys && !seen.insert(key).second)
        fail("duplicate key \"" + key + "\"");
      skipWs();
      if (pos_ >= s_.size() || s_[pos_] != ':') fail("expected ':' after key \"" + key + "\"");
      ++pos_;
      skipWs();
      Value v = value(depth + 1);
      obj.appendMember(std::move(key), std::move(v));
      skipWs();
      if (pos_ < s_.size() && s_[pos_] == ',') { ++pos_; continue; }
      if (pos_ < s_.size() && s_[pos_] == '}') { ++pos_; return obj; }
      fail("expected ',' or '}' in object");
    }
  }

  Value array(size_t depth) {
    ++pos_;  // [
    Value arr = Value::array();
    skipWs();
    if (pos_ < s_.size() && s_[pos_] == ']') { ++pos_; return arr; }
    for (;;) {
      skipWs();
      arr.push(value(depth + 1));
      skipWs();
      if (pos_ < s_.size() && s_[pos_] == ',') { ++pos_; continue; }
      if (pos_ < s_.size() && s_[pos_] == ']') { ++pos_; return arr; }
      fail("expected ',' or ']' in array");
    }
  }

  unsigned hex4() {
    if (pos_ + 4 > s_.size()) fail("truncated \\u escape");
    unsigned v = 0;
    for (int i = 0; i < 4; ++i) {
      char c = s_[pos_++];
      v <<= 4;
      if (c >= '0' && c <= '9') v |= unsigned(c - '0');
      else if (c >= 'a' && c <= 'f') v |= unsigned(c - 'a' + 10);
      else if (c >= 'A' && c <= 'F') v |= unsigned(c - 'A' + 10);
      else fail("invalid hex digit in \\u escape");
    }
    return v;
  }

  std::string string() {
    ++pos_;  // opening quote
    std::string out;
    for (;;) {
      if (pos_ >= s_.size()) fail("unterminated string");
      char c = s_[pos_++];
      if (c == '"') return out;
      if (static_cast<unsigned char>(c) < 0x20) fail("control character inside a string");
      if (c != '\\') { out += c; continue; }
      if (pos_ >= s_.size()) fail("unterminated escape");
      char e = s_[pos_++];
      switch (e) {
        case '"': out += '"'; break;
        case '\\': out += '\\'; break;
        case '/': out += '/'; break;
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'n': out += '\n'; break;
        case 'r': out += '\r'; break;
        case 't': out += '\t'; break;
        case 'u': {
          unsigned cp = hex4();
          if (cp >= 0xD800 && cp <= 0xDBFF) {
            if (!consume("\\u")) fail("unpaired UTF-16 surrogate");
            unsigned lo = hex4();
            if (lo < 0xDC00 || lo > 0xDFFF) fail("invalid UTF-16 low surrogate");
            cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
          } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
            fail("unpaired UTF-16 surrogate");
          }
          hl::appendUtf8(out, char32_t(cp));
          break;
        }
        default: fail(std::string("invalid escape '\\") + e + "'");
      }
    }
  }

  Value number() {
    size_t start = pos_;
    bool isInt = true;
    if (s_[pos_] == '-') ++pos_;
    if (pos_ >= s_.size() || !isdigit(static_cast<unsigned char>(s_[pos_])))
      fail("invalid number");
    if (s_[pos_] == '0') {
      ++pos_;
    } else {
      while (pos_ < s_.size() && isdigit(static_cast<unsigned char>(s_[pos_]))) ++pos_;
    }
    if (pos_ < s_.size() && s_[pos_] == '.') {
      isInt = false;
      ++pos_;
      if (pos_ >= s_.size() || !isdigit(static_cast<unsigned char>(s_[pos_])))
        fail("invalid number: digits expected after '.'");
      while (pos_ < s_.size() && isdigit(static_cast<unsigned char>(s_[pos_]))) ++pos_;
    }
    if (pos_ < s_.size() && (s_[pos_] == 'e' || s_[pos_] == 'E')) {
      isInt = false;
      ++pos_;
      if (pos_ < s_.size() && (s_[pos_] == '+' || s_[pos_] == '-')) ++pos_;
      if (pos_ >= s_.size() || !isdigit(static_cast<unsigned char>(s_[pos_])))
        fail("invalid number: digits expected in exponent");
      while (pos_ < s_.size() && isdigit(static_cast<unsigned char>(s_[pos_]))) ++pos_;
    }
    std::string text(s_.substr(start, pos_ - start));
    if (isInt) {
      errno = 0;
      long long v = std::strtoll(text.c_str(), nullptr, 10);
      if (errno == 0) return Value(static_cast<int64_t>(v));
      errno = 0;
      unsigned long long u = std::strtoull(text.c_str(), nullptr, 10);
      if (text[0] != '-' && errno == 0) return Value(static_cast<uint64_t>(u));
    }
    return Value(std::strtod(text.c_str(), nullptr));
  }

  std::string_view s_;
  std::string source_;
  ParseOptions opt_;
  size_t pos_ = 0;
};

void escapeTo(std::string& out, const std::string& s) {
  out += '"';
  for (unsigned char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      default:
        if (c < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else {
          out += char(c);
        }
    }
  }
  out += '"';
}

void dumpTo(std::string& out, const Value& v, int indent, int level) {
  auto newline = [&](int lvl) {
    if (indent < 0) return;
    out += '\n';
    out.append(size_t(indent * lvl), ' ');
  };
  switch (v.type()) {
    case Value::Type::Null: out += "null"; break;
    case Value::Type::Bool: out += v.asBool() ? "true" : "false"; break;
    case Value::Type::Number:
      if (v.isInteger()) {
        out += v.isUnsigned() ? std::to_string(v.asUint64()) : std::to_string(v.asInt());
      } else {
        double d = v.asDouble();
        if (!std::isfinite(d)) { out += "null"; break; }
        char buf[32];
        std::snprintf(buf, sizeof buf, "%.17g", d);
        // Prefer the shortest text that reads back to the same double.
        for (int prec = 6; prec < 17; ++prec) {
          char shorter[32];
          std::snprintf(shorter, sizeof shorter, "%.*g", prec, d);
          if (std::strtod(shorter, nullptr) == d) { std::snprintf(buf, sizeof buf, "%s", shorter); break; }
        }
        out += buf;
        if (out.find_first_of(".eE", out.size() - std::char_traits<char>::length(buf)) ==
            std::string::npos)
          out += ".0";
      }
      break;
    case Value::Type::String: escapeTo(out, v.asString()); break;
    case Value::Type::Array: {
      out += '[';
      const auto& el = v.elements();
      for (size_t i = 0; i < el.size(); ++i) {
        if (i) out += indent < 0 ? "," : ",";
        newline(level + 1);
        dumpTo(out, el[i], indent, level + 1);
      }
      if (!el.empty()) newline(level);
      out += ']';
      break;
    }
    case Value::Type::Object: {
      out += '{';
      const auto& m = v.members();
      for (size_t i = 0; i < m.size(); ++i) {
        if (i) out += ',';
        newline(level + 1);
        escapeTo(out, m[i].first);
        out += indent < 0 ? ":" : ": ";
        dumpTo(out, m[i].second, indent, level + 1);
      }
      if (!m.empty()) newline(level);
      out += '}';
      break;
    }
  }
}

}  // namespace

bool Value::asBool() const {
  if (type_ != Type::Bool) typeError("a boolean", type_);
  return bool_;
}
double Value::asDouble() const {
  if (type_ != Type::Number) typeError("a number", type_);
  return num_;
}
int64_t Value::asInt() const {
  if (type_ != Type::Number) typeError("an integer", type_);
  if (unsigned_)
    throw Error("JSON: expected an integer up to 2^63 - 1, found " + std::to_string(asUint64()));
  if (isInt_) return int_;
  if (num_ != std::floor(num_) || std::fabs(num_) > 9.007199254740992e15)
    throw Error("JSON: expected an integer, found " + std::to_string(num_));
  return static_cast<int64_t>(num_);
}
uint64_t Value::asUint64() const {
  return unsigned_ ? static_cast<uint64_t>(int_) : static_cast<uint64_t>(asInt());
}
const std::string& Value::asString() const {
  if (type_ != Type::String) typeError("a string", type_);
  return str_;
}
size_t Value::size() const {
  if (type_ == Type::Array) return arr_.size();
  if (type_ == Type::Object) return obj_.size();
  typeError("an array or object", type_);
}
const Value& Value::at(size_t i) const {
  if (type_ != Type::Array) typeError("an array", type_);
  if (i >= arr_.size())
    throw Error("JSON: index " + std::to_string(i) + " out of range (size " +
                std::to_string(arr_.size()) + ")");
  return arr_[i];
}
const std::vector<Value>& Value::elements() const {
  if (type_ != Type::Array) typeError("an array", type_);
  return arr_;
}
Value& Value::push(Value v) {
  if (type_ != Type::Array) typeError("an array", type_);
  arr_.push_back(std::move(v));
  return arr_.back();
}
const std::vector<Value::Member>& Value::members() const {
  if (type_ != Type::Object) typeError("an object", type_);
  return obj_;
}
const Value* Value::find(std::string_view key) const {
  if (type_ != Type::Object) return nullptr;
  for (const auto& m : obj_)
    if (m.first == key) return &m.second;
  return nullptr;
}
const Value& Value::at(std::string_view key) const {
  if (type_ != Type::Object) typeError("an object", type_);
  const Value* v = find(key);
  if (!v) throw Error("JSON: missing key \"" + std::string(key) + "\"");
  return *v;
}
Value& Value::set(std::string key, Value v) {
  if (type_ != Type::Object) typeError("an object", type_);
  for (auto& m : obj_)
    if (m.first == key) { m.second = std::move(v); return m.second; }
  obj_.emplace_back(std::move(key), std::move(v));
  return obj_.back().second;
}
void Value::appendMember(std::string key, Value v) {
  if (type_ != Type::Object) typeError("an object", type_);
  obj_.emplace_back(std::move(key), std::move(v));
}
int64_t Value::intOr(std::string_view key, int64_t def) const {
  const Value* v = find(key);
  return (v && !v->isNull()) ? v->asInt() : def;
}
double Value::numberOr(std::string_view key, double def) const {
  const Value* v = find(key);
  return (v && !v->isNull()) ? v->asDouble() : def;
}
bool Value::boolOr(std::string_view key, bool def) const {
  const Value* v = find(key);
  return (v && !v->isNull()) ? v->asBool() : def;
}
std::string Value::stringOr(std::string_view key, const std::string& def) const {
  const Value* v = find(key);
  return (v && !v->isNull()) ? v->asString() : def;
}
std::vector<int64_t> Value::intList(std::string_view key) const {
  const Value& v = at(key);
  std::vector<int64_t> out;
  if (v.isNumber()) {
    out.push_back(v.asInt());
  } else {
    for (const auto& e : v.elements()) out.push_back(e.asInt());
  }
  return out;
}

Value parse(std::string_view text, const std::string& source, const ParseOptions& options) {
  return Parser(text, source, options).document();
}

Value parseFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(path + ": cannot open file");
  std::ostringstream ss;
  ss << in.rdbuf();
  return parse(ss.str(), path);
}

std::string dump(const Value& v, int indent) {
  std::string out;
  dumpTo(out, v, indent, 0);
  return out;
}

}  // namespace hl::json
