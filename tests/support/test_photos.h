// The photos people drop on the studio, made from one face photo at test time (nothing is
// committed): forms that must load and still show the face, and forms that must be refused
// with a message naming the file. Shared by the engine, CLI and studio tests.
#pragma once

#include <string>
#include <vector>

namespace hl::test {

struct TestPhoto {
  std::string file;  // name inside the folder
  bool usable;       // the face must be found in it
  std::string says;  // what its message must contain (usable ones: "1 face")
};

// Writes the set into `dir`; CMYK is left out (and named in `skipped`) without ImageMagick.
std::vector<TestPhoto> writeTestPhotos(const std::string& dir, const std::string& facePhoto,
                                       std::vector<std::string>* skipped = nullptr);

}  // namespace hl::test
