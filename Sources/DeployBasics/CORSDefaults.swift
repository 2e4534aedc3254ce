/// What the Serverless Framework's `cors: true` allows, for REST APIs, HTTP APIs and function URLs alike.
public enum CORSDefaults {
    /// The request headers allowed: `Content-Type`, `X-Amz-Date`, `Authorization`, `X-Api-Key`,
    /// `X-Amz-Security-Token`.
    public static let allowedHeaders = ["Content-Type", "X-Amz-Date", "Authorization", "X-Api-Key", "X-Amz-Security-Token"]
}
