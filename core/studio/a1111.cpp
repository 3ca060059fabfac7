#include "studio/a1111.h"

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <sstream>

namespace hl {
namespace {

bool toInt(const std::string& v, long long& out) {
  if (v.empty()) return false;
  char* end = nullptr;
  errno = 0;
  out = std::strtoll(v.c_str(), &end, 10);
  return errno == 0 && *end == '\0';
}

bool toUnsigned(const std::string& v, uint64_t& out) {
  if (v.empty() || v[0] == '-') return false;
  char* end = nullptr;
  errno = 0;
  out = std::strtoull(v.c_str(), &end, 10);
  return errno == 0 && *end == '\0';
}

bool toDouble(const std::string& v, double& out) {
  if (v.empty()) return false;
  char* end = nullptr;
  errno = 0;
  out = std::strtod(v.c_str(), &end);
  return errno == 0 && *end == '\0';
}

// The settings line as (key, value) pairs: "Key: value" separated by ", ", a value either plain
// (up to the next comma) or double-quoted with backslash escapes.
std::vector<std::pair<std::string, std::string>> splitSettings(const std::string& line) {
  std::vector<std::pair<std::string, std::string>> out;
  size_t i = 0;
  const size_t n = line.size();
  while (i < n) {
    while (i < n && (line[i] == ' ' || line[i] == ',')) ++i;
    const size_t colon = line.find(": ", i);
    if (colon == std::string::npos) break;
    std::string key = line.substr(i, colon - i);
    i = colon + 2;
    std::string value;
    if (i < n && line[i] == '"') {
      ++i;
      while (i < n && line[i] != '"') {
        if (line[i] == '\\' && i + 1 < n) ++i;
        value += line[i++];
      }
      if (i < n) ++i;  // the closing quote
      while (i < n && line[i] != ',') ++i;
    } else {
      const size_t comma = line.find(',', i);
      value = line.substr(i, comma == std::string::npos ? std::string::npos : comma - i);
      i = comma == std::string::npos ? n : comma;
    }
    // A key never holds a comma: text before one belongs to no field.
    const size_t stray = key.rfind(',');
    if (stray != std::string::npos) key = key.substr(stray + 1);
    while (!key.empty() && key.front() == ' ') key.erase(0, 1);
    out.emplace_back(key, value);
  }
  return out;
}

}  // namespace

std::string pyFloat(double v) {
  // Python's repr: the shortest text that reads back as the same double.
  char buf[40];
  for (int digits = 1; digits <= 17; ++digits) {
    std::snprintf(buf, sizeof buf, "%.*g", digits, v);
    if (std::strtod(buf, nullptr) == v) break;
  }
  std::string s = buf;
  if (s.find_first_of(".eEn") == std::string::npos) s += ".0";
  return s;
}

std::string quoteA1111(const std::string& v) {
  if (v.find_first_of(",:\"") == std::string::npos) return v;
  std::string out = "\"";
  for (char c : v) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

std::string A1111Parameters::format() const {
  std::ostringstream o;
  o << prompt << "\n";
  if (!negativePrompt.empty()) o << "Negative prompt: " << negativePrompt << "\n";
  o << "Steps: " << steps << ", Sampler: " << quoteA1111(sampler);
  for (const auto& [k, v] : extra)
    if (k == "Schedule type") o << ", Schedule type: " << quoteA1111(v);
  o << ", CFG scale: " << pyFloat(cfgScale) << ", Seed: " << seed << ", Size: " << width << "x"
    << height;
  if (!modelHash.empty()) o << ", Model hash: " << quoteA1111(modelHash);
  if (!modelName.empty()) o << ", Model: " << quoteA1111(modelName);
  for (const auto& [k, v] : extra)
    if (k != "Schedule type") o << ", " << k << ": " << quoteA1111(v);
  return o.str();
}

A1111Parameters A1111Parameters::parse(const std::string& text) {
  A1111Parameters p;
  const size_t last = text.rfind('\n');
  const std::string settings = last == std::string::npos ? text : text.substr(last + 1);
  const std::string head = last == std::string::npos ? "" : text.substr(0, last);
  const std::string negTag = "Negative prompt: ";
  if (head.rfind(negTag, 0) == 0) {
    p.negativePrompt = head.substr(negTag.size());
  } else {
    const size_t neg = head.find("\n" + negTag);
    p.prompt = head.substr(0, neg);
    if (neg != std::string::npos) p.negativePrompt = head.substr(neg + 1 + negTag.size());
  }
  if (last == std::string::npos && settings.find("Steps: ") == std::string::npos) {
    p.prompt = text;  // a bare prompt
    return p;
  }
  for (const auto& [k, v] : splitSettings(settings)) {
    long long i = 0;
    double d = 0;
    bool known = true;
    if (k == "Steps" && toInt(v, i))
      p.steps = int(i);
    else if (k == "Sampler")
      p.sampler = v;
    else if (k == "CFG scale" && toDouble(v, d))
      p.cfgScale = d;
    else if (uint64_t seed = 0; k == "Seed" && toUnsigned(v, seed))  // a bad value keeps the seed read
      p.seed = seed;
    else if (k == "Size") {
      long long w = 0, h = 0;
      const size_t x = v.find('x');
      known = x != std::string::npos && toInt(v.substr(0, x), w) && toInt(v.substr(x + 1), h);
      if (known) {
        p.width = int(w);
        p.height = int(h);
      }
    } else if (k == "Model hash")
      p.modelHash = v;
    else if (k == "Model")
      p.modelName = v;
    else
      known = false;
    if (!known) p.extra.emplace_back(k, v);
  }
  return p;
}

const std::string* A1111Parameters::find(const std::string& key) const {
  for (const auto& [k, v] : extra)
    if (k == key) return &v;
  return nullptr;
}

}  // namespace hl
