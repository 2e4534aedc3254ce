#ifndef DEPLOY_CDEPLOYZLIB_SHIM_H
#define DEPLOY_CDEPLOYZLIB_SHIM_H
#include <zlib.h>

#if defined(__linux__)
#include <sys/types.h>
/* glibc declares sync_file_range only under _GNU_SOURCE, which the Swift Glibc module is built
   without; this is its prototype, from <fcntl.h>. */
extern int sync_file_range(int fd, __off64_t offset, __off64_t nbytes, unsigned int flags);

/* Asks the kernel to start writing a file range to disk without waiting for it
   (SYNC_FILE_RANGE_WRITE), so that a later fsync has little left to wait for. */
static inline int deploy_start_writeback(int fd, long long offset, long long length) {
    return sync_file_range(fd, (__off64_t)offset, (__off64_t)length, 2 /* SYNC_FILE_RANGE_WRITE */);
}
#endif

#endif
