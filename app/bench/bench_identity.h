#pragma once
#include <c10/core/ScalarType.h>
namespace hl::bench {
int identity(c10::ScalarType dtype, int repeats);
}
