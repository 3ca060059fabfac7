#pragma once
namespace hl::bench {
int faces(int repeats);  // built only with OpenCV (not in HYPERLORA_TORCH_ONLY builds)
}
