// libFuzzer's driver, started from the executable's entry point.
//
// SwiftPM links an executable with `main` defined as the module's own entry (`deploy_fuzz_main`),
// so libFuzzer's `main` is never linked in; this entry hands the arguments to libFuzzer's driver
// with the Swift target function.
#include "driver.h"

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int deploy_fuzz_main(int argc, char **argv) {
    return LLVMFuzzerRunDriver(&argc, &argv, LLVMFuzzerTestOneInput);
}
