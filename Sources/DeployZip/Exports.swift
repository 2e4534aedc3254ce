// Package patterns and Lambda's limits live in DeployBasics, which DeployManifests shares without
// the zip writer; re-exported so that `import DeployZip` keeps offering them.
@_exported import DeployBasics
