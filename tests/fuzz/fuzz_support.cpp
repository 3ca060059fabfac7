#include <cstdio>
#include <cstdlib>
#include <filesystem>
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
    // The process id padded to one width: error messages quote the path, and a path of another
    // length takes other branches in the string code, which the fixed-seed run must not see.
    char id[16];
    std::snprintf(id, sizeof id, "%010d", int(getpid()));
    return std::string(t && *t ? t : "/tmp") + "/hl-fuzz-" + id;
  }();
  static bool made = false;
  if (!made) {
    std::error_code ec;
    made = std::filesystem::create_directories(dir, ec) || std::filesystem::is_directory(dir, ec);
    // Gone when the run ends normally; a crash leaves it beside its artifact.
    if (made) std::atexit([] { std::error_code e; std::filesystem::remove_all(dir, e); });
  }
  const std::string path = dir + "/" + name;
  std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;
  return path;
}

}  // namespace hl::fuzz
