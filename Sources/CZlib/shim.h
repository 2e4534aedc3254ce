#ifndef DEPLOY_CZLIB_SHIM_H
#define DEPLOY_CZLIB_SHIM_H
#include <zlib.h>
#endif
