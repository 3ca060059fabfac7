#include "vision/onnx_patch.h"

#include <onnx/onnx_pb.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "util/error.h"

namespace hl::faces {

std::string patchOnnxModel(const std::string& bytes, const std::string& name, int64_t batch,
                           int64_t height, int64_t width, std::vector<std::string>* firstOps) {
  onnx::ModelProto model;
  if (!model.ParseFromString(bytes)) throw Error(name + ": not a valid ONNX model");
  if (model.graph().input_size() == 0) throw Error(name + ": the ONNX graph has no input");
  auto* type = model.mutable_graph()->mutable_input(0)->mutable_type();
  if (!type->has_tensor_type())
    throw Error(name + ": the ONNX graph's first input is not a tensor");
  auto* shape = type->mutable_tensor_type()->mutable_shape();
  if (shape->dim_size() != 4)
    throw Error(name + ": expected a 4-D image input, found " + std::to_string(shape->dim_size()) +
                " dims");
  const int64_t dims[4] = {batch, 0, height, width};
  for (int i = 0; i < 4; ++i)
    if (dims[i] > 0) shape->mutable_dim(i)->set_dim_value(dims[i]);
  if (firstOps) {
    firstOps->clear();
    for (int i = 0; i < std::min(8, model.graph().node_size()); ++i)
      firstOps->push_back(model.graph().node(i).op_type());
  }
  std::string out;
  if (!model.SerializeToString(&out))
    throw Error(name + ": the ONNX model cannot be written back (over 2 GB?)");
  return out;
}

std::string patchOnnxInput(const std::string& path, int64_t batch, int64_t height, int64_t width,
                           std::vector<std::string>* firstOps) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(path + ": cannot open the model file");
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return patchOnnxModel(bytes.str(), path, batch, height, width, firstOps);
}

}  // namespace hl::faces
