// One import for a pipeline program: configuration, credentials and signing, the transport, the
// service clients, the pipeline, manifests, packaging and local runs. The fine-grained products
// (DeploySigV4, DeployZip, …) stay for programs that want only one of them.
@_exported import DeployAPIGateway
@_exported import DeployAsyncHTTPClient
@_exported import DeployBasics
@_exported import DeployCloudFormation
@_exported import DeployCloudWatch
@_exported import DeployCore
@_exported import DeployEventBridge
@_exported import DeployIAM
@_exported import DeployLambda
@_exported import DeployLocal
@_exported import DeployLogs
@_exported import DeployManifests
@_exported import DeployPipeline
@_exported import DeployS3
@_exported import DeploySTS
@_exported import DeploySecrets
@_exported import DeploySigV4
@_exported import DeployZip
@_exported import HTTPTypes
@_exported import Logging
