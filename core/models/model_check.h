// Opens every file of a discovered model set and checks it against its config: safetensors
// headers validated, every tensor present with the expected shape, configs and tokenizer files
// parsed. The same checks run before the engines load anything.
#pragma once

#include <string>
#include <vector>

#include "models/discovery.h"

namespace hl {

struct FileCheck {
  std::string component;
  std::string path;
  bool ok = false;
  std::string message;  // the error, or a one-line summary ("621 tensors, F16")
  size_t tensors = 0;
};

struct ModelSetCheck {
  std::vector<FileCheck> files;
  bool ok() const;
  std::string report() const;
};

ModelSetCheck verifyModelSet(const ModelSet& set);

}  // namespace hl
