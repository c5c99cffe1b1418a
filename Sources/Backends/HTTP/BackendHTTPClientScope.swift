extension BackendHTTPClient {
    /// Runs `body` with a new client and shuts the client down on every path, thrown errors included: a
    /// client that is dropped without `shutdown()` stops the process (AsyncHTTPClient's deinit check).
    public static func with<T>(baseURL: String, settings: HTTPClientSettings = HTTPClientSettings(),
                               _ body: (BackendHTTPClient) async throws -> T) async throws -> T {
        let client = try BackendHTTPClient(baseURL: baseURL, settings: settings)
        do {
            let result = try await body(client)
            await client.shutdown()
            return result
        } catch {
            await client.shutdown()
            throw error
        }
    }
}
