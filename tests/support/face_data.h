// The face test data that scripts/fetch-test-data.sh puts in $HYPERLORA_FACE_DATA, and the one
// rule every faces test follows when it is not all there: skip by name outside CI (exit 77),
// fail under CI=true, where the fetch is part of the run.
#pragma once

#include <cstdlib>
#include <filesystem>
#include <string>

namespace hl::test {

inline const char* const kFaceDataFiles[] = {"fr_detect.onnx",   "fr_landmark.onnx",
                                             "fr_feature.onnx",  "astronaut.png",
                                             "grace_hopper.jpg", "bald_guys.jpg"};

inline std::string faceDataDir() {
  const char* d = std::getenv("HYPERLORA_FACE_DATA");
  return d ? d : "";
}

// Empty when every file is in `dir`; otherwise why the data cannot be used.
inline std::string faceDataProblem(const std::string& dir) {
  if (dir.empty()) return "HYPERLORA_FACE_DATA is not set";
  for (const char* f : kFaceDataFiles) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(dir + "/" + f, ec))
      return "no " + std::string(f) + " in \"" + dir + "\" (run scripts/fetch-test-data.sh)";
  }
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
