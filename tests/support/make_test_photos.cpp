// make-test-photos DIR FACE_PHOTO: writes the photo set of test_photos.h and prints one line per
// photo, "file<TAB>used|refused<TAB>expected message", for the CLI test.
#include <cstdio>
#include <exception>

#include "test_photos.h"

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: make-test-photos DIR FACE_PHOTO\n");
    return 2;
  }
  try {
    std::vector<std::string> skipped;
    for (const auto& p : hl::test::writeTestPhotos(argv[1], argv[2], &skipped))
      std::printf("%s\t%s\t%s\n", p.file.c_str(), p.usable ? "used" : "refused", p.says.c_str());
    for (const auto& s : skipped) std::fprintf(stderr, "SKIPPED: %s\n", s.c_str());
  } catch (const std::exception& e) {
    std::fprintf(stderr, "make-test-photos: %s\n", e.what());
    return 1;
  }
  return 0;
}
