// libtorch views of safetensors entries and a tensor-level writer.
#pragma once

#include <ATen/core/Tensor.h>

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "safetensors/safetensors.h"

namespace hl::st {

at::ScalarType toScalarType(DType d);
DType fromScalarType(at::ScalarType t);  // throws for dtypes safetensors cannot hold

// Zero-copy CPU tensor over the mapped bytes; the tensor keeps the file mapped while alive.
at::Tensor view(const std::shared_ptr<File>& file, const TensorInfo& info);
at::Tensor view(const std::shared_ptr<File>& file, const std::string& name);

// A tensor upcast to float32 (a view when it already is float32).
at::Tensor loadFloat(const std::shared_ptr<File>& file, const std::string& name);

using NamedTensors = std::vector<std::pair<std::string, at::Tensor>>;

// Writes CPU copies of the tensors in the given order. Atomic.
void writeTensors(const std::string& path, const NamedTensors& tensors,
                  const std::vector<std::pair<std::string, std::string>>& metadata = {});

}  // namespace hl::st
