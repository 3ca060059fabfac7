// Error type of the engine: every message says which file, which tensor and which rule.
#pragma once

#include <stdexcept>
#include <string>

namespace hl {

class Error : public std::runtime_error {
 public:
  explicit Error(const std::string& message) : std::runtime_error(message) {}
};

// Raised when a CancelToken was triggered; callers treat it as "stopped", not as a failure.
class Cancelled : public Error {
 public:
  Cancelled() : Error("cancelled") {}
};

// The device or host ran out of memory; the message says what was asked and what to change.
class OutOfMemory : public Error {
 public:
  explicit OutOfMemory(const std::string& message) : Error(message) {}
};

}  // namespace hl
