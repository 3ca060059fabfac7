// Face embeddings as plain vectors, the one definition of how identities are compared and
// averaged (the face stack, identities and sweeps all go through it; no OpenCV here).
#pragma once

#include <vector>

namespace hl {

// Cosine similarity in double precision; NaN when either side is empty or the sizes differ
// (no comparison, not "unlike").
float cosine(const std::vector<float>& a, const std::vector<float>& b);

// The L2-normalised mean of the non-empty `vectors` (an identity's face from its photos);
// empty when there is none.
std::vector<float> unitMean(const std::vector<const std::vector<float>*>& vectors);

}  // namespace hl
