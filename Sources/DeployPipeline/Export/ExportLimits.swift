/// What the exports cannot write, refused with what to do instead.
enum ExportLimits {
    /// Routes on a REST API made elsewhere: the export would need that API's root resource, which
    /// only API Gateway knows.
    static func checkRestAPI(_ function: FunctionDeployment, format: String) throws {
        guard let existing = function.api.existing else { return }
        throw DeploymentDiagnosis(
            kind: .invalidInput,
            summary: "\(function.name): its routes go on a REST API made elsewhere (\(existing)), which \(format) export does not "
                + "write yet.",
            fix: "Deploy these routes with the pipeline, or export without `restApiId` (the export then makes an API of its own).")
    }
}
