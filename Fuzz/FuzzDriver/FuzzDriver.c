// Declarations only (include/FuzzDriver.h); libFuzzer, linked by -sanitize=fuzzer, defines them.
#include "FuzzDriver.h"
