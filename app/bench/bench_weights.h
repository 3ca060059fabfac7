// Random full-size weights for the benchmarks, drawn as the reference anchors draw them: linear
// and conv weights and biases N(0, 0.02), norms at identity, position ids zero.
#pragma once

#include <c10/core/Device.h>
#include <c10/core/ScalarType.h>

#include "models/weight_specs.h"
#include "nn/nn.h"

namespace hl::bench {

nn::Weights randomWeights(const WeightSpecs& specs, const char* name, c10::Device device,
                          c10::ScalarType dtype);

}  // namespace hl::bench
