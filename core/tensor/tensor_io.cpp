#include "tensor/tensor_io.h"

#include <ATen/ops/empty.h>
#include <ATen/ops/from_blob.h>

#include "util/error.h"

namespace hl::st {

at::ScalarType toScalarType(DType d) {
  switch (d) {
    case DType::F64: return at::kDouble;
    case DType::F32: return at::kFloat;
    case DType::F16: return at::kHalf;
    case DType::BF16: return at::kBFloat16;
    case DType::I64: return at::kLong;
    case DType::I32: return at::kInt;
    case DType::I16: return at::kShort;
    case DType::I8: return at::kChar;
    case DType::U8: return at::kByte;
    case DType::BOOL: return at::kBool;
  }
  throw Error("unknown safetensors dtype");
}

DType fromScalarType(at::ScalarType t) {
  switch (t) {
    case at::kDouble: return DType::F64;
    case at::kFloat: return DType::F32;
    case at::kHalf: return DType::F16;
    case at::kBFloat16: return DType::BF16;
    case at::kLong: return DType::I64;
    case at::kInt: return DType::I32;
    case at::kShort: return DType::I16;
    case at::kChar: return DType::I8;
    case at::kByte: return DType::U8;
    case at::kBool: return DType::BOOL;
    default: break;
  }
  throw Error(std::string("safetensors cannot store dtype ") + c10::toString(t));
}

at::Tensor view(const std::shared_ptr<File>& file, const TensorInfo& info) {
  auto options = at::TensorOptions().dtype(toScalarType(info.dtype)).device(at::kCPU);
  const uint8_t* p = file->data(info);
  const size_t elem = dtypeSize(info.dtype);
  if (info.numel() == 0) return at::empty(info.shape, options);
  if (reinterpret_cast<uintptr_t>(p) % elem != 0) {
    // Misaligned data (only possible with odd header sizes from foreign writers): copy once.
    return at::from_blob(const_cast<uint8_t*>(p), info.shape, options).clone();
  }
  auto keepAlive = std::make_shared<std::shared_ptr<File>>(file);
  return at::from_blob(
      const_cast<uint8_t*>(p), info.shape, [keepAlive](void*) mutable { keepAlive.reset(); },
      options);
}

at::Tensor view(const std::shared_ptr<File>& file, const std::string& name) {
  return view(file, file->at(name));
}

at::Tensor loadFloat(const std::shared_ptr<File>& file, const std::string& name) {
  at::Tensor t = view(file, name);
  return t.scalar_type() == at::kFloat ? t : t.to(at::kFloat);
}

void writeTensors(const std::string& path, const NamedTensors& tensors,
                  const std::vector<std::pair<std::string, std::string>>& metadata) {
  std::vector<at::Tensor> keep;
  std::vector<WriteEntry> entries;
  keep.reserve(tensors.size());
  for (const auto& [name, t] : tensors) {
    at::Tensor c = t.detach().to(at::kCPU).contiguous();
    keep.push_back(c);
    WriteEntry e;
    e.name = name;
    e.dtype = fromScalarType(c.scalar_type());
    e.shape.assign(c.sizes().begin(), c.sizes().end());
    e.data = c.data_ptr();
    e.nbytes = uint64_t(c.numel()) * c.element_size();
    entries.push_back(std::move(e));
  }
  write(path, entries, metadata);
}

}  // namespace hl::st
