// insightface's ONNX files with their input size fixed (OpenCV 4.6 refuses dynamic H/W). The
// protobuf parse of a user-supplied file lives here alone (no OpenCV), so it is fuzzed alone.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace hl::faces {

// The ONNX model in `bytes` with its first input's dims fixed (0 = keep), serialised for
// readNetFromONNX. `firstOps` receives the op types of the first 8 nodes (insightface's
// mean/std rule). Throws hl::Error starting with `name` for anything but a 4-D image input.
std::string patchOnnxModel(const std::string& bytes, const std::string& name, int64_t batch,
                           int64_t height, int64_t width,
                           std::vector<std::string>* firstOps = nullptr);
// The same for a file.
std::string patchOnnxInput(const std::string& path, int64_t batch, int64_t height, int64_t width,
                           std::vector<std::string>* firstOps = nullptr);

}  // namespace hl::faces
