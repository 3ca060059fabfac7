// A full disk (a 1 MiB tmpfs) while saving a LoRA export, an .hlid identity and a text file:
// each save fails with a message naming the file and the reason, the previous file is intact,
// no temp file is left, and saving works again once there is room. Needs root for the mount.
#include <sys/mount.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "check.h"
#include "safetensors/safetensors.h"
#include "studio/identity_file.h"
#include "util/error.h"
#include "util/fs.h"

using namespace hl;

namespace {

hl::test::TempDir dir_;

struct SmallDisk {
  std::string path = dir_.path() + "/small";
  bool mounted = false;
  SmallDisk() {
    std::filesystem::create_directories(path);
    mounted = ::mount("tmpfs", path.c_str(), "tmpfs", 0, "size=1m") == 0;
  }
  ~SmallDisk() {
    if (mounted) ::umount(path.c_str());
  }
};

void expectDiskFull(const std::function<void()>& save, const std::string& file) {
  try {
    save();
    HL_FAIL("saved " + file + " on a full disk");
  } catch (const Error& e) {
    const std::string what = e.what();
    HL_CHECK_MSG(what.rfind(file + ": cannot save", 0) == 0, what);
    HL_CHECK_MSG(hl::test::contains(what, "No space left on device"), what);
    HL_CHECK_MSG(hl::test::contains(what, "the previous file is unchanged"), what);
  }
}

size_t strayTemps(const std::string& dir) {
  size_t n = 0;
  for (const auto& e : std::filesystem::directory_iterator(dir))
    n += e.path().filename().string().find(".tmp-") != std::string::npos;
  return n;
}

}  // namespace

HL_TEST(fullDiskKeepsThePreviousFiles) {
  if (geteuid() != 0) HL_SKIP("mounting a small tmpfs needs root");
  SmallDisk disk;
  if (!disk.mounted) HL_SKIP("this machine does not allow mounting a tmpfs");
  const std::string lora = disk.path + "/identity.safetensors", hlid = disk.path + "/person.hlid",
                    text = disk.path + "/settings.txt";
  std::vector<float> small(1024, 1.0f), big(600 * 1024, 2.0f);  // 4 KiB, then 2.4 MB
  st::write(lora, {{"w", st::DType::F32, {1024}, small.data(), small.size() * 4}});
  studio::saveIdentityFile(hlid, "before", {lora});
  fs::writeAtomic(text, "before");

  expectDiskFull([&] { st::write(lora, {{"w", st::DType::F32, {int64_t(big.size())}, big.data(), big.size() * 4}}); },
                 lora);
  expectDiskFull([&] { fs::writeAtomic(text, std::string(2 << 20, 'x')); }, text);
  // Fill what is left, so that even the small identity file cannot be written.
  const std::string filler = disk.path + "/filler";
  {
    std::FILE* f = std::fopen(filler.c_str(), "wb");
    HL_CHECK(f != nullptr);
    const std::string block(4096, 'f');
    while (std::fwrite(block.data(), 1, block.size(), f) == block.size() && std::fflush(f) == 0) {
    }
    std::fclose(f);
  }
  expectDiskFull([&] { studio::saveIdentityFile(hlid, "after", {lora}); }, hlid);

  auto f = st::File::open(lora);
  HL_CHECK_EQ(f->tensors().at(0).shape.at(0), int64_t(1024));
  HL_CHECK_EQ(studio::loadIdentityFile(hlid).name, std::string("before"));
  HL_CHECK_EQ(fs::readText(text), std::string("before"));
  HL_CHECK_EQ(strayTemps(disk.path), size_t(0));
  // Room again: saving works.
  std::filesystem::remove(filler);
  studio::saveIdentityFile(hlid, "after", {lora});
  HL_CHECK_EQ(studio::loadIdentityFile(hlid).name, std::string("after"));
}
