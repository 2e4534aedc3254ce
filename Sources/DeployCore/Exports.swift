// Regions, partitions and spelling suggestions live in DeployBasics, which DeployManifests shares
// without the rest of the core; re-exported so that `import DeployCore` keeps offering them.
@_exported import DeployBasics
