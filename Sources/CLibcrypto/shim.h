#ifndef DEPLOY_CLIBCRYPTO_SHIM_H
#define DEPLOY_CLIBCRYPTO_SHIM_H
// The low-level SHA-256 API is deprecated in OpenSSL 3 but is the fastest path for
// small inputs (see shared/notes/sigv4-notes.md); silence the deprecation attributes.
#define OPENSSL_SUPPRESS_DEPRECATED 1
#include <openssl/sha.h>
#include <openssl/crypto.h>
#endif
