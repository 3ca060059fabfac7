// Inside the session: telling the front end which stage a request is in (no preview, no timing).
#pragma once

#include <string>

#include "util/progress.h"

namespace hl::studio {

inline void reportStage(const ProgressCallback& progress, const std::string& stage, int step, int total) {
  if (!progress) return;
  Progress p;
  p.stage = stage;
  p.step = step;
  p.total = total;
  progress(p);
}

}  // namespace hl::studio
