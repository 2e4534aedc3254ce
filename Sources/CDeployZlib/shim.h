#ifndef DEPLOY_CDEPLOYZLIB_SHIM_H
#define DEPLOY_CDEPLOYZLIB_SHIM_H
#include <zlib.h>
#endif
