// SIGKILL at random moments while a child writes a LoRA export (safetensors), an .hlid identity
// and a text file through the engine's atomic writes: afterwards each file is complete, either
// the old version or the new one, and stray temp files are the only trace.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <filesystem>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "check.h"
#include "safetensors/safetensors.h"
#include "studio/identity_file.h"
#include "util/fs.h"

using namespace hl;

namespace {

hl::test::TempDir dir_;
std::string path(const char* name) { return dir_.path() + "/" + name; }

constexpr size_t kFloats = 2 << 20;  // an 8 MB tensor: a write takes long enough to be hit

// Version v of each file: tensor values all v, identity name "v<v>", text of v repeated.
[[noreturn]] void writeForever() {
  std::vector<float> data(kFloats);
  for (int v = 1;; ++v) {
    std::fill(data.begin(), data.end(), float(v));
    st::write(path("lora.safetensors"), {{"lora_unet_x.lora_down.weight", st::DType::F32, {int64_t(kFloats)},
                                          data.data(), data.size() * sizeof(float)}});
    studio::saveIdentityFile(path("person.hlid"), "v" + std::to_string(v), {path("lora.safetensors")});
    fs::writeAtomic(path("settings.txt"), std::string(1 << 20, char('a' + v % 26)));
  }
}

void checkLora() {
  if (!std::filesystem::exists(path("lora.safetensors"))) return;
  auto f = st::File::open(path("lora.safetensors"));
  HL_CHECK_EQ(f->tensors().size(), size_t(1));
  const st::TensorInfo& t = f->tensors()[0];
  HL_CHECK_EQ(t.nbytes(), uint64_t(kFloats * sizeof(float)));
  const float* p = reinterpret_cast<const float*>(f->data(t));
  HL_CHECK(p[0] >= 1.0f);
  HL_CHECK_EQ(p[kFloats - 1], p[0]);  // all of one version, no torn write
}

}  // namespace

HL_TEST(killedWritersLeaveOldOrNewFiles) {
  std::mt19937 rng(20261202);
  int versionsSeen = 0;
  for (int round = 0; round < 25; ++round) {
    const pid_t child = fork();
    if (child == 0) writeForever();
    std::this_thread::sleep_for(std::chrono::milliseconds(20 + rng() % 200));
    kill(child, SIGKILL);
    int status = 0;
    waitpid(child, &status, 0);
    HL_CHECK(WIFSIGNALED(status));
    checkLora();
    if (std::filesystem::exists(path("person.hlid"))) {
      const studio::IdentityFile id = studio::loadIdentityFile(path("person.hlid"));
      HL_CHECK(id.name.size() >= 2 && id.name[0] == 'v');
      ++versionsSeen;
    }
    if (std::filesystem::exists(path("settings.txt"))) {
      const std::string s = fs::readText(path("settings.txt"));
      HL_CHECK_EQ(s.size(), size_t(1 << 20));
      HL_CHECK_EQ(s.find_first_not_of(s[0]), std::string::npos);
    }
  }
  HL_CHECK(versionsSeen > 0);
  hl::test::infof("25 kills: every file old or new, %d rounds had saved an identity", versionsSeen);
}
