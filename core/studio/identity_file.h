// .hlid identity files: a named gallery of reference photos, read and written by the CLI
// (generate/make-lora --identity FILE.hlid) and the studio (Save/Open identity).
//   {"format": "hyperlora-studio-identity", "version": 1, "name": "...", "photos": ["...", ...]}
// Photo paths are absolute or relative to the file's folder.
#pragma once

#include <string>
#include <vector>

namespace hl::studio {

struct IdentityFile {
  std::string name;
  std::vector<std::string> photos;   // resolved, present on disk
  std::vector<std::string> missing;  // resolved, listed but not found
};

// Atomic (temp file, then rename): a failed save leaves the old file. Throws naming the file.
void saveIdentityFile(const std::string& path, const std::string& name,
                      const std::vector<std::string>& photos);
// Throws hl::Error naming the file when it is not an identity file; missing photos are listed,
// not an error.
IdentityFile loadIdentityFile(const std::string& path);

}  // namespace hl::studio
