#include "studio/identity_file.h"

#include <filesystem>

#include "util/error.h"
#include "util/fs.h"
#include "util/json.h"

namespace hl::studio {

namespace {
constexpr const char* kFormat = "hyperlora-studio-identity";
}

void saveIdentityFile(const std::string& path, const std::string& name,
                      const std::vector<std::string>& photos) {
  json::Value o = json::Value::object();
  o.set("format", kFormat);
  o.set("version", 1);
  o.set("name", name);
  json::Value list = json::Value::array();
  for (const auto& p : photos) list.push(p);
  o.set("photos", list);
  try {
    fs::writeAtomic(path, json::dump(o, 2) + "\n");
  } catch (const Error& e) {
    throw Error(path + ": cannot save the identity: " + e.what());
  }
}

IdentityFile loadIdentityFile(const std::string& path) {
  namespace sfs = std::filesystem;
  std::error_code ec;
  if (!sfs::is_regular_file(path, ec)) throw Error(path + ": no such identity file");
  json::Value o;
  try {
    o = json::parseFile(path);
  } catch (const Error& e) {
    throw Error(path + ": not a HyperLoRA identity file (" + e.what() + ")");
  }
  const json::Value* photos = o.isObject() ? o.find("photos") : nullptr;
  if (!o.isObject() || o.stringOr("format", "") != kFormat || !photos || !photos->isArray())
    throw Error(path + ": not a HyperLoRA identity file (expected \"format\": \"" + kFormat +
                "\" and a \"photos\" list)");
  if (o.intOr("version", 1) > 1)
    throw Error(path + ": identity file version " + std::to_string(o.intOr("version", 1)) +
                " is newer than this build reads (1)");
  IdentityFile f;
  f.name = o.stringOr("name", "");
  const sfs::path base = sfs::absolute(path, ec).parent_path();
  for (const auto& v : photos->elements()) {
    if (!v.isString()) throw Error(path + ": \"photos\" must hold file paths (strings)");
    sfs::path p(v.asString());
    if (p.is_relative()) p = base / p;
    const std::string resolved = p.lexically_normal().string();
    (sfs::is_regular_file(resolved, ec) ? f.photos : f.missing).push_back(resolved);
  }
  return f;
}

}  // namespace hl::studio
