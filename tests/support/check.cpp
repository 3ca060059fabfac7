#include "check.h"

#include <stdlib.h>
#include <unistd.h>

#include <chrono>
#include <cstdarg>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <iostream>

namespace hl::test {
namespace {

struct TestEntry {
  const char* name;
  void (*fn)();
};

std::vector<TestEntry>& registry() {
  static std::vector<TestEntry> r;
  return r;
}

void (*&setupFn())() {
  static void (*fn)() = nullptr;
  return fn;
}

struct CaseSkip {
  std::string test, name, reason;
};

struct State {
  const char* current = "";
  std::vector<std::string> scopes;
  std::vector<CaseSkip> caseSkips;
};
State& state() {
  static State s;
  return s;
}

std::string scopeText() {
  std::string s;
  for (const auto& l : state().scopes) s += (s.empty() ? "" : " / ") + l;
  return s;
}

}  // namespace

void registerTest(const char* name, void (*fn)()) {
  registry().push_back({name, fn});
}
void registerSetup(void (*fn)()) {
  setupFn() = fn;
}

void fail(const char* file, int line, const std::string& what) {
  const std::string where = scopeText();
  std::cerr << "FAIL  " << state().current << (where.empty() ? "" : " [" + where + "]") << "\n  "
            << std::filesystem::path(file).filename().string() << ":" << line << ": " << what
            << std::endl;
  throw Failure();
}

void skip(const std::string& reason) {
  throw Skipped(reason);
}

void skipCase(const std::string& name, const std::string& reason) {
  state().caseSkips.push_back({state().current, name, reason});
  std::cout << "SKIP  " << state().current << " / " << name << ": " << reason << std::endl;
}

void info(const std::string& line) {
  std::cout << "      " << line << std::endl;
}

std::string format(const char* format, ...) {
  char buf[4096];
  va_list args;
  va_start(args, format);
  std::vsnprintf(buf, sizeof buf, format, args);
  va_end(args);
  return buf;
}

void infof(const char* format, ...) {
  char buf[4096];
  va_list args;
  va_start(args, format);
  std::vsnprintf(buf, sizeof buf, format, args);
  va_end(args);
  info(buf);
}

Scope::Scope(std::string label) {
  state().scopes.push_back(std::move(label));
}
Scope::~Scope() {
  state().scopes.pop_back();
}

TempDir::TempDir() {
  std::string tmpl = (std::filesystem::temp_directory_path() / "hl-test-XXXXXX").string();
  std::vector<char> buf(tmpl.begin(), tmpl.end());
  buf.push_back('\0');
  if (!mkdtemp(buf.data())) throw std::runtime_error("mkdtemp failed for " + tmpl);
  path_ = buf.data();
}
TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

EnvVar::EnvVar(const char* name, const char* value) : name_(name) {
  if (const char* o = std::getenv(name)) {
    had_ = true;
    old_ = o;
  }
  if (value)
    setenv(name, value, 1);
  else
    unsetenv(name);
}
EnvVar::~EnvVar() {
  if (had_)
    setenv(name_.c_str(), old_.c_str(), 1);
  else
    unsetenv(name_.c_str());
}

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

void checkNear(double a, double b, double tol, const char* ea, const char* eb, const char* file,
               int line) {
  if (std::fabs(a - b) <= tol) return;
  fail(file, line,
       std::string(ea) + " ~= " + eb + " within " + show(tol) + "\n    actual:   " + show(a) +
           "\n    expected: " + show(b) + "\n    diff:     " + show(std::fabs(a - b)));
}

int runAll(int argc, char** argv) {
  std::vector<std::string> filters;
  for (int i = 1; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--list")) {
      for (const auto& t : registry()) std::cout << t.name << "\n";
      return 0;
    }
    filters.push_back(argv[i]);
  }
  int passed = 0, failed = 0, skipped = 0;
  std::vector<std::string> failedNames, skippedNames;
  // The setup runs as the first test would; when it does not pass, every test takes its outcome.
  std::string setupFailure, setupSkip;
  if (setupFn()) {
    state().current = "setup";
    try {
      setupFn()();
    } catch (const Failure&) {
      setupFailure = "the setup failed";
    } catch (const Skipped& s) {
      setupSkip = s.reason;
    } catch (const std::exception& e) {
      setupFailure = std::string("the setup threw: ") + e.what();
      std::cerr << "FAIL  setup: " << e.what() << std::endl;
    }
  }
  for (const auto& t : registry()) {
    if (!filters.empty()) {
      bool match = false;
      for (const auto& f : filters) match |= contains(t.name, f);
      if (!match) continue;
    }
    state().current = t.name;
    state().scopes.clear();
    const auto start = std::chrono::steady_clock::now();
    std::string outcome;
    try {
      if (!setupFailure.empty()) fail("setup", 0, setupFailure);
      if (!setupSkip.empty()) skip(setupSkip);
      t.fn();
      ++passed;
      outcome = "PASS";
    } catch (const Failure&) {
      ++failed;
      failedNames.push_back(t.name);
      outcome = "FAIL";
    } catch (const Skipped& s) {
      ++skipped;
      skippedNames.push_back(std::string(t.name) + ": " + s.reason);
      outcome = "SKIP";
      std::cout << "SKIP  " << t.name << ": " << s.reason << std::endl;
    } catch (const std::exception& e) {
      ++failed;
      failedNames.push_back(t.name);
      outcome = "FAIL";
      const std::string where = scopeText();
      std::cerr << "FAIL  " << t.name << (where.empty() ? "" : " [" + where + "]")
                << "\n  unexpected exception: " << e.what() << std::endl;
    }
    const double s =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    char line[64];
    std::snprintf(line, sizeof line, " (%.2f s)", s);
    std::cout << outcome << "  " << t.name << line << std::endl;
  }
  std::cout << "\n" << passed << " passed, " << failed << " failed, " << skipped << " skipped";
  if (!state().caseSkips.empty())
    std::cout << ", " << state().caseSkips.size() << " sub-cases skipped";
  std::cout << "\n";
  for (const auto& n : failedNames) std::cout << "  failed: " << n << "\n";
  for (const auto& n : skippedNames) std::cout << "  skipped: " << n << "\n";
  for (const auto& c : state().caseSkips)
    std::cout << "  skipped case: " << c.test << " / " << c.name << ": " << c.reason << "\n";
  if (failed) return 1;
  if (passed == 0) return 77;
  return 0;
}

}  // namespace hl::test

int main(int argc, char** argv) {
  return hl::test::runAll(argc, argv);
}
