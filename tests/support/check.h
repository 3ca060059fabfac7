// A small test runner with no dependencies beyond the standard library, so the engine's unit and
// parity tests build wherever the engine builds (a GPU machine with nothing but a libtorch).
// A test is a function registered with HL_TEST; a failed check ends that test. Sub-cases a test
// cannot run yet are reported as skipped by name (never as passed). Exit code: 1 on any failure,
// 77 (ctest's skip) when nothing ran, 0 otherwise.
#pragma once

#include <cmath>
#include <exception>
#include <functional>
#include <sstream>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

namespace hl::test {

struct Failure : std::exception {};  // ends the current test; already recorded
struct Skipped : std::exception {
  explicit Skipped(std::string r) : reason(std::move(r)) {}
  std::string reason;
};

void registerTest(const char* name, void (*fn)());
// Runs once before the first test; a failure or skip there fails or skips every test.
void registerSetup(void (*fn)());
[[noreturn]] void fail(const char* file, int line, const std::string& what);
[[noreturn]] void skip(const std::string& reason);
// A sub-case (a reference case, a table row) that this build does not run: reported by name.
void skipCase(const std::string& name, const std::string& reason);
// A line of information under the current test (figures, worst tensors).
void info(const std::string& line);
void infof(const char* format, ...) __attribute__((format(printf, 1, 2)));
std::string format(const char* format, ...) __attribute__((format(printf, 1, 2)));
// Labels failures inside its scope, e.g. the table row or reference case being checked.
class Scope {
 public:
  explicit Scope(std::string label);
  ~Scope();
  Scope(const Scope&) = delete;
  Scope& operator=(const Scope&) = delete;
};

// A fresh directory, removed with everything in it at the end of the scope.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }
  std::string file(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

// Sets (or with nullptr unsets) an environment variable and restores it at the end of the scope.
class EnvVar {
 public:
  EnvVar(const char* name, const char* value);
  ~EnvVar();
  EnvVar(const EnvVar&) = delete;
  EnvVar& operator=(const EnvVar&) = delete;

 private:
  std::string name_, old_;
  bool had_ = false;
};

bool contains(const std::string& haystack, const std::string& needle);

template <typename T, typename = void>
struct Printable : std::false_type {};
template <typename T>
struct Printable<T,
                 std::void_t<decltype(std::declval<std::ostream&>() << std::declval<const T&>())>>
    : std::true_type {};

template <typename T>
std::string show(const T& v) {
  std::ostringstream s;
  if constexpr (std::is_same_v<T, bool>) {
    s << (v ? "true" : "false");
  } else if constexpr (std::is_enum_v<T>) {
    s << static_cast<long long>(v);
  } else if constexpr (std::is_same_v<T, std::string> || std::is_same_v<T, const char*> ||
                       std::is_same_v<T, char*>) {
    s << '"' << v << '"';
  } else if constexpr (std::is_floating_point_v<T>) {
    s.precision(9);
    s << v;
  } else if constexpr (Printable<T>::value) {
    s << v;
  } else {
    s << "(value)";
  }
  return s.str();
}
template <typename T>
std::string show(const std::vector<T>& v) {
  std::string s = "[";
  for (size_t i = 0; i < v.size() && i < 16; ++i) s += (i ? ", " : "") + show(v[i]);
  if (v.size() > 16) s += ", ... (" + std::to_string(v.size()) + " items)";
  return s + "]";
}

template <typename A, typename B>
bool equalValues(const A& a, const B& b) {
  if constexpr (std::is_arithmetic_v<A> && std::is_arithmetic_v<B>) {
    if constexpr (std::is_floating_point_v<A> || std::is_floating_point_v<B>)
      return double(a) == double(b);
    else
      return static_cast<long double>(a) == static_cast<long double>(b);
  } else {
    return a == b;
  }
}

template <typename A, typename B>
void checkEqual(const A& a, const B& b, const char* ea, const char* eb, const char* file,
                int line) {
  if (equalValues(a, b)) return;
  fail(file, line,
       std::string(ea) + " == " + eb + "\n    actual:   " + show(a) + "\n    expected: " + show(b));
}

void checkNear(double a, double b, double tol, const char* ea, const char* eb, const char* file,
               int line);

struct AutoRegister {
  AutoRegister(const char* name, void (*fn)()) { registerTest(name, fn); }
  explicit AutoRegister(void (*fn)()) { registerSetup(fn); }
};

int runAll(int argc, char** argv);

}  // namespace hl::test

#define HL_TEST(name)                                                    \
  static void hl_test_##name();                                          \
  static ::hl::test::AutoRegister hl_reg_##name(#name, &hl_test_##name); \
  static void hl_test_##name()

#define HL_SETUP()                                         \
  static void hl_setup();                                  \
  static ::hl::test::AutoRegister hl_reg_setup(&hl_setup); \
  static void hl_setup()

#define HL_CHECK(cond)                                                        \
  do {                                                                        \
    if (!(cond)) ::hl::test::fail(__FILE__, __LINE__, "HL_CHECK(" #cond ")"); \
  } while (0)
#define HL_CHECK_MSG(cond, msg)                                                           \
  do {                                                                                    \
    if (!(cond))                                                                          \
      ::hl::test::fail(__FILE__, __LINE__, std::string("HL_CHECK(" #cond "): ") + (msg)); \
  } while (0)
#define HL_CHECK_EQ(a, b) ::hl::test::checkEqual((a), (b), #a, #b, __FILE__, __LINE__)
#define HL_CHECK_NEAR(a, b, tol) ::hl::test::checkNear((a), (b), (tol), #a, #b, __FILE__, __LINE__)
#define HL_FAIL(msg) ::hl::test::fail(__FILE__, __LINE__, (msg))
#define HL_SKIP(reason) ::hl::test::skip(reason)
// The expression (commas allowed) throws an exception of `type` or a subclass.
#define HL_CHECK_THROWS(type, ...)                                                       \
  do {                                                                                   \
    bool hl_thrown = false;                                                              \
    try {                                                                                \
      (void)(__VA_ARGS__);                                                               \
    } catch (const type&) {                                                              \
      hl_thrown = true;                                                                  \
    }                                                                                    \
    if (!hl_thrown)                                                                      \
      ::hl::test::fail(__FILE__, __LINE__, "expected " #__VA_ARGS__ " to throw " #type); \
  } while (0)
// The expression (commas allowed) throws an std::exception whose message contains `text`.
#define HL_CHECK_THROWS_WITH(text, ...)                                                         \
  do {                                                                                          \
    std::string hl_message;                                                                     \
    bool hl_thrown = false;                                                                     \
    try {                                                                                       \
      (void)(__VA_ARGS__);                                                                      \
    } catch (const std::exception& hl_e) {                                                      \
      hl_thrown = true;                                                                         \
      hl_message = hl_e.what();                                                                 \
    }                                                                                           \
    if (!hl_thrown) ::hl::test::fail(__FILE__, __LINE__, "expected " #__VA_ARGS__ " to throw"); \
    if (!::hl::test::contains(hl_message, (text)))                                              \
      ::hl::test::fail(__FILE__, __LINE__,                                                      \
                       std::string("message lacks \"") + (text) + "\": " + hl_message);         \
  } while (0)
