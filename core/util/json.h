// A small JSON reader/writer whose objects keep their keys in file order.
// HyperLoRA's module list assigns resampler rows by the order of hyper_lora_modules.json,
// so a sorting map would silently scramble the identity LoRA.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace hl::json {

class Value {
 public:
  enum class Type { Null, Bool, Number, String, Array, Object };
  using Member = std::pair<std::string, Value>;

  Value() = default;
  Value(std::nullptr_t) {}
  Value(bool b) : type_(Type::Bool), bool_(b) {}
  Value(int v) : Value(static_cast<int64_t>(v)) {}
  Value(int64_t v) : type_(Type::Number), num_(static_cast<double>(v)), int_(v), isInt_(true) {}
  // Above 2^63 - 1 (ComfyUI's seeds) kept whole and written unsigned.
  Value(uint64_t v) : Value(static_cast<int64_t>(v)) {
    unsigned_ = v > uint64_t(INT64_MAX);
    if (unsigned_) num_ = static_cast<double>(v);
  }
  Value(double v) : type_(Type::Number), num_(v) {}
  Value(const char* s) : type_(Type::String), str_(s) {}
  Value(std::string s) : type_(Type::String), str_(std::move(s)) {}

  static Value array() { Value v; v.type_ = Type::Array; return v; }
  static Value object() { Value v; v.type_ = Type::Object; return v; }

  Type type() const { return type_; }
  bool isNull() const { return type_ == Type::Null; }
  bool isBool() const { return type_ == Type::Bool; }
  bool isNumber() const { return type_ == Type::Number; }
  bool isInteger() const { return type_ == Type::Number && isInt_; }
  bool isUnsigned() const { return unsigned_; }  // an integer above 2^63 - 1
  bool isString() const { return type_ == Type::String; }
  bool isArray() const { return type_ == Type::Array; }
  bool isObject() const { return type_ == Type::Object; }

  // Typed access; throws hl::Error naming the expected type when it does not match.
  bool asBool() const;
  double asDouble() const;
  int64_t asInt() const;
  // An integer from 0 to 2^64 - 1; a negative one is read as its 64-bit pattern, which is how
  // records written before unsigned numbers held seeds above 2^63 - 1.
  uint64_t asUint64() const;
  const std::string& asString() const;

  // Arrays.
  size_t size() const;  // array elements or object members
  const Value& at(size_t i) const;
  const std::vector<Value>& elements() const;
  Value& push(Value v);

  // Objects, in insertion (file) order.
  const std::vector<Member>& members() const;
  const Value* find(std::string_view key) const;
  bool contains(std::string_view key) const { return find(key) != nullptr; }
  const Value& at(std::string_view key) const;  // throws naming the key
  Value& set(std::string key, Value v);          // replaces an existing key in place
  // Appends without looking for an existing key (the parser checks duplicates itself).
  void appendMember(std::string key, Value v);

  // Convenience for config files: value or a default when absent or null.
  int64_t intOr(std::string_view key, int64_t def) const;
  double numberOr(std::string_view key, double def) const;
  bool boolOr(std::string_view key, bool def) const;
  std::string stringOr(std::string_view key, const std::string& def) const;
  std::vector<int64_t> intList(std::string_view key) const;  // accepts a scalar as a 1-list

 private:
  Type type_ = Type::Null;
  bool bool_ = false;
  double num_ = 0.0;
  int64_t int_ = 0;
  bool isInt_ = false;
  bool unsigned_ = false;  // int_ holds the bits of a value above INT64_MAX
  std::string str_;
  std::vector<Value> arr_;
  std::vector<Member> obj_;
};

struct ParseOptions {
  bool rejectDuplicateKeys = true;
  size_t maxDepth = 256;
};

// Parses a whole document; anything but whitespace after it is an error.
// `source` names the file in error messages ("<file>: line L, column C: ...").
Value parse(std::string_view text, const std::string& source = "JSON",
            const ParseOptions& options = {});
Value parseFile(const std::string& path);

// indent < 0 writes compact JSON.
std::string dump(const Value& v, int indent = -1);

}  // namespace hl::json
