// How identities are compared and averaged (util/embedding.h), on vectors with known answers.
#include <cmath>

#include "check.h"
#include "util/embedding.h"

HL_TEST(cosineOfKnownVectors) {
  HL_CHECK_NEAR(hl::cosine({1, 0}, {1, 1}), float(1 / std::sqrt(2.0)), 1e-7f);
  HL_CHECK_NEAR(hl::cosine({2, 0, 0}, {5, 0, 0}), 1.0f, 1e-7f);
  HL_CHECK_NEAR(hl::cosine({1, 2, 3}, {-1, -2, -3}), -1.0f, 1e-7f);
  HL_CHECK_NEAR(hl::cosine({1, 0}, {0, 3}), 0.0f, 1e-7f);
  // A zero vector compares as 0, not NaN or infinity.
  HL_CHECK_NEAR(hl::cosine({0, 0}, {1, 1}), 0.0f, 1e-7f);
}

HL_TEST(cosineWithoutAComparisonIsNaN) {
  HL_CHECK(std::isnan(hl::cosine({}, {1, 2})));
  HL_CHECK(std::isnan(hl::cosine({1, 2}, {})));
  HL_CHECK(std::isnan(hl::cosine({1, 2}, {1, 2, 3})));  // embeddings of two different models
}

HL_TEST(unitMeanSkipsEmptyAndNormalises) {
  const std::vector<float> a{3, 0}, b{0, 4}, none;
  const std::vector<float> m = hl::unitMean({&a, &none, &b});
  HL_CHECK_EQ(m.size(), size_t(2));
  HL_CHECK_NEAR(m[0], 0.6f, 1e-7f);
  HL_CHECK_NEAR(m[1], 0.8f, 1e-7f);
  // One vector: itself, normalised.
  const std::vector<float> c{0, -2, 0};
  const std::vector<float> one = hl::unitMean({&c});
  HL_CHECK_NEAR(one[1], -1.0f, 1e-7f);
  HL_CHECK_NEAR(one[0] * one[0] + one[2] * one[2], 0.0f, 1e-12f);
  HL_CHECK(hl::unitMean({}).empty());
  HL_CHECK(hl::unitMean({&none}).empty());
}
