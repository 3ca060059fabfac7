// The runner checked on itself: a failed check must fail the program (ctest WILL_FAIL), a
// passing one must pass, and labels and skipped sub-cases must not change either outcome.
#include "check.h"

HL_TEST(passes) {
  hl::test::Scope scope("a row");
  HL_CHECK_EQ(1 + 1, 2);
  HL_CHECK_NEAR(0.1 + 0.2, 0.3, 1e-12);
  HL_CHECK_THROWS_WITH("boom", throw std::runtime_error("boom!"));
  hl::test::skipCase("a case", "reported by name, not counted as a pass or a failure");
}

HL_TEST(fails) {
  HL_CHECK_EQ(std::string("actual"), std::string("expected"));
}

HL_TEST(failsOnException) {
  throw std::runtime_error("an unexpected exception fails the test");
}
