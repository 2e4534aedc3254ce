#ifndef DEPLOY_FUZZ_DRIVER_H
#define DEPLOY_FUZZ_DRIVER_H
/// The executable's entry point: runs libFuzzer's driver on LLVMFuzzerTestOneInput.
int deploy_fuzz_main(int argc, char **argv);
#endif
