// The ONNX input patch in front of OpenCV DNN (user-supplied face models): any bytes, no
// crash; a patched model parses back with the asked input dims.
#include <onnx/onnx_pb.h>

#include "fuzz.h"
#include "vision/onnx_patch.h"

HL_FUZZ_TARGET() {
  try {
    std::vector<std::string> ops;
    const std::string out =
        hl::faces::patchOnnxModel(hl::fuzz::text(data, size), "fuzz.onnx", 1, 64, 48, &ops);
    onnx::ModelProto m;
    hl::fuzz::require(m.ParseFromString(out), "the patched model parses");
    const auto& shape = m.graph().input(0).type().tensor_type().shape();
    hl::fuzz::require(shape.dim_size() == 4, "still 4-D");
    hl::fuzz::require(shape.dim(0).dim_value() == 1 && shape.dim(2).dim_value() == 64 &&
                          shape.dim(3).dim_value() == 48,
                      "the asked dims are set");
    hl::fuzz::require(ops.size() <= 8, "at most 8 first ops");
  } catch (const hl::Error& e) {
    hl::fuzz::require(std::string(e.what()).rfind("fuzz.onnx: ", 0) == 0,
                      "the message names the file");
  }
  return 0;
}
