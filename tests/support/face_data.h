// The face test data that scripts/fetch-test-data.sh puts in $HYPERLORA_FACE_DATA, and the one
// rule every faces test follows when it is not all there: skip by name outside CI (exit 77),
// fail under CI=true, where the fetch is part of the run.
#pragma once

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

namespace hl::test {

// The list scripts/fetch-test-data.sh copies next to the data (tests/faces/face-data.sha256):
// sha256sum lines, "SUM  NAME".
inline constexpr const char* kFaceDataList = "face-data.sha256";

inline std::string faceDataDir() {
  const char* d = std::getenv("HYPERLORA_FACE_DATA");
  return d ? d : "";
}

// Empty when every file of the list is in `dir`; otherwise why the data cannot be used.
inline std::string faceDataProblem(const std::string& dir) {
  if (dir.empty()) return "HYPERLORA_FACE_DATA is not set";
  const std::string hint = " (run scripts/fetch-test-data.sh)";
  std::ifstream list(dir + "/" + kFaceDataList);
  if (!list) return "no " + std::string(kFaceDataList) + " in \"" + dir + "\"" + hint;
  std::string sum, name;
  int files = 0;
  while (list >> sum >> name) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(dir + "/" + name, ec))
      return "no " + name + " in \"" + dir + "\"" + hint;
    ++files;
  }
  if (files == 0) return std::string(kFaceDataList) + " in \"" + dir + "\" lists no file" + hint;
  return {};
}

enum class FaceData { Present, Skip, Fail };

// Present, or Skip/Fail with `why` set. The fetch script copies only files whose pinned sha256
// matches, so a present file is the expected one.
inline FaceData faceDataStatus(std::string* why) {
  *why = faceDataProblem(faceDataDir());
  if (why->empty()) return FaceData::Present;
  const char* ci = std::getenv("CI");
  return ci && std::string(ci) == "true" ? FaceData::Fail : FaceData::Skip;
}

#ifdef HL_SKIP
// In a check.h test's setup: the data folder, or the whole program skipped/failed by that rule.
inline std::string requireFaceData() {
  std::string why;
  const FaceData data = faceDataStatus(&why);
  if (data == FaceData::Fail) HL_FAIL(why + " (CI=true needs it)");
  if (data == FaceData::Skip) HL_SKIP(why);
  return faceDataDir();
}
#endif

}  // namespace hl::test
