// SHA-256 lives in DeployHashing, which DeployZip shares without the signer; it is re-exported
// here so that `import DeploySigV4` keeps offering `SHA256Hasher` and `SHA256Digest`.
@_exported import DeployHashing
