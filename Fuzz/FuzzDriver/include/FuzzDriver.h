// libFuzzer's driver, which the fuzz binary's own main calls: SwiftPM names the main of an executable target
// itself (EnlaceFuzz_main), so libFuzzer's main is not the one that runs.
#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*UserCb)(const uint8_t *Data, size_t Size));
