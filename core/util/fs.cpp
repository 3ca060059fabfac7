#include "util/fs.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#ifndef _WIN32
#include <unistd.h>
#endif

#include "util/error.h"

namespace hl::fs {
namespace stdfs = std::filesystem;

std::string readText(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(path + ": cannot open file (" + std::strerror(errno) + ")");
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void makeDirs(const std::string& dir) {
  std::error_code ec;
  stdfs::create_directories(dir, ec);
  if (ec) throw Error(dir + ": cannot create folder (" + ec.message() + ")");
}

void writeAtomicWith(const std::string& path, const std::function<void(std::FILE*)>& write) {
  stdfs::path target(path);
  if (target.has_parent_path()) makeDirs(target.parent_path().string());
  std::random_device rd;
  std::string tmp = path + ".tmp-" + std::to_string(rd());
  // Every failure names the file being saved and keeps the previous version of it.
  auto failed = [&](const char* what, int err) {
    return Error(path + ": " + what + " (" + std::strerror(err) + "); the previous file is unchanged");
  };
  std::FILE* f = std::fopen(tmp.c_str(), "wb");
  if (!f) throw failed("cannot save: cannot create a file beside it", errno);
  try {
    write(f);
    if (std::fflush(f) != 0 || std::ferror(f)) throw failed("cannot save: writing failed", errno);
#ifndef _WIN32
    if (::fsync(fileno(f)) != 0) throw failed("cannot save: the data did not reach the disk", errno);
#endif
  } catch (...) {
    std::fclose(f);
    std::remove(tmp.c_str());
    throw;
  }
  if (std::fclose(f) != 0) {
    const int err = errno;
    std::remove(tmp.c_str());
    throw failed("cannot save: closing failed", err);
  }
  std::error_code ec;
  stdfs::rename(tmp, target, ec);
  if (ec) {
    std::remove(tmp.c_str());
    throw Error(path + ": cannot replace the file (" + ec.message() + "); the previous file is unchanged");
  }
}

void writeAtomic(const std::string& path, const std::string& bytes) {
  writeAtomicWith(path, [&](std::FILE* f) {
    if (!bytes.empty() && std::fwrite(bytes.data(), 1, bytes.size(), f) != bytes.size())
      throw Error(path + ": cannot save: writing failed (" + std::strerror(errno) + "); the previous file is unchanged");
  });
}

std::string safetensorsFile(const std::string& dir, const std::string& stem) {
  for (const char* suffix : {".safetensors", ".fp16.safetensors"}) {
    const std::filesystem::path p = std::filesystem::path(dir) / (stem + suffix);
    std::error_code ec;
    if (std::filesystem::is_regular_file(p, ec)) return p.string();
  }
  return {};
}

}  // namespace hl::fs
