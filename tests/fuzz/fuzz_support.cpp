#include <cstdio>
#include <cstdlib>
#include <fstream>

#include <unistd.h>

#include "fuzz.h"

namespace hl::fuzz {

void require(bool ok, const char* what) {
  if (ok) return;
  std::fprintf(stderr, "fuzz property violated: %s\n", what);
  std::abort();
}

std::string scratchFile(const char* name, const std::string& bytes) {
  static const std::string dir = [] {
    const char* t = std::getenv("TMPDIR");
    return std::string(t && *t ? t : "/tmp") + "/hl-fuzz-" + std::to_string(getpid());
  }();
  static bool made = false;
  if (!made) made = (std::system(("mkdir -p '" + dir + "'").c_str()) == 0);
  const std::string path = dir + "/" + name;
  std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;
  return path;
}

}  // namespace hl::fuzz
