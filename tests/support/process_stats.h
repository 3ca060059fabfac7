// This process's figures from /proc (Linux), for the soak and memory tests: header-only, so
// both the Qt-free runner's tests and the Qt Test programs include it.
#pragma once

#include <dirent.h>

#include <fstream>
#include <string>

namespace hl::test {

// A field of /proc/self/status ("VmRSS:", "VmHWM:" in kB, "Threads:"), or -1.
inline long statusField(const char* key) {
  std::ifstream in("/proc/self/status");
  std::string k;
  long v = 0;
  while (in >> k) {
    if (k == key) {
      in >> v;
      return v;
    }
    std::getline(in, k);
  }
  return -1;
}

inline int openFds() {
  int n = 0;
  if (DIR* d = opendir("/proc/self/fd")) {
    while (readdir(d)) ++n;
    closedir(d);
  }
  return n;
}

}  // namespace hl::test
