#pragma once
#include <c10/core/ScalarType.h>
namespace hl::bench {
int identity(c10::ScalarType dtype, int repeats, bool profile = false);
// Prints nn::flopCount()'s per-category seconds (linear, conv, attention, the rest of `total`).
void printOpProfile(double total);
}
