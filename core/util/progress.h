// Cooperative cancellation, progress reporting and timing shared by every engine stage.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "util/error.h"
#include "util/image.h"

namespace hl {

// Checked between steps; cancel() may be called from any thread.
class CancelToken {
 public:
  void cancel() { flag_.store(true, std::memory_order_relaxed); }
  void reset() { flag_.store(false, std::memory_order_relaxed); }
  bool cancelled() const { return flag_.load(std::memory_order_relaxed); }
  void throwIfCancelled() const {
    if (cancelled()) throw Cancelled();
  }

 private:
  std::atomic<bool> flag_{false};
};

struct Progress {
  std::string stage;      // "encode prompt", "denoise", "decode", ...
  int step = 0;           // 1-based step just finished within the stage
  int total = 0;          // steps in the stage
  double elapsedSeconds = 0.0;
  double stepSeconds = 0.0;  // duration of the step just finished
  RgbImage preview;       // optional cheap preview, empty when none
};

using ProgressCallback = std::function<void(const Progress&)>;

// Measures a scope; reports to a sink or accumulates into a named total.
class ScopedTimer {
 public:
  using Clock = std::chrono::steady_clock;
  using Sink = std::function<void(const std::string& name, double seconds)>;

  explicit ScopedTimer(std::string name, Sink sink = {})
      : name_(std::move(name)), sink_(std::move(sink)), start_(Clock::now()) {}
  ScopedTimer(std::string name, double* accumulate)
      : name_(std::move(name)), accumulate_(accumulate), start_(Clock::now()) {}
  ScopedTimer(const ScopedTimer&) = delete;
  ScopedTimer& operator=(const ScopedTimer&) = delete;
  ~ScopedTimer() {
    double s = seconds();
    if (accumulate_) *accumulate_ += s;
    if (sink_) sink_(name_, s);
  }
  double seconds() const {
    return std::chrono::duration<double>(Clock::now() - start_).count();
  }

 private:
  std::string name_;
  Sink sink_;
  double* accumulate_ = nullptr;
  Clock::time_point start_;
};

}  // namespace hl
