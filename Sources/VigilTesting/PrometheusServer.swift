import Foundation

/// Debian's Prometheus (`/usr/bin/prometheus`, package `prometheus`) on 127.0.0.1 for a test: a temporary
/// data directory and configuration, a free port, the remote write receiver enabled.
///
/// Use `PrometheusServer.with { prometheus in … }`: the server is stopped and its directory deleted on
/// every path, also when the test throws. `PrometheusServer.isAvailable` guards tests on machines
/// without it.
public final class PrometheusServer: Sendable {
    public static var executable: String {
        ProcessInfo.processInfo.environment["VIGIL_PROMETHEUS_BINARY"] ?? "/usr/bin/prometheus"
    }

    public static var isAvailable: Bool { FileManager.default.isExecutableFile(atPath: executable) }

    public let process: ReferenceServerProcess
    public var baseURL: String { process.baseURL }
    public var port: Int { process.port }
    /// Remote write receiver URL.
    public var remoteWriteURL: String { baseURL + "/api/v1/write" }

    /// - Parameters:
    ///   - scrapeConfigs: YAML of `scrape_configs` entries (the lines under the key), or nil for none.
    ///   - extraFlags: more command-line flags (`--enable-feature=native-histograms`).
    public init(scrapeConfigs: String? = nil, extraFlags: [String] = []) async throws {
        let dir = try ReferenceServerProcess.temporaryDirectory(prefix: "vigil-prometheus")
        var config = "global:\n  scrape_interval: 15s\n  evaluation_interval: 15s\n"
        if let scrapeConfigs {
            config += "scrape_configs:\n" + scrapeConfigs.split(separator: "\n", omittingEmptySubsequences: false)
                .map { "  " + $0 }.joined(separator: "\n") + "\n"
        }
        do {
            try config.write(to: dir.appendingPathComponent("prometheus.yml"), atomically: true, encoding: .utf8)
        } catch {
            try? FileManager.default.removeItem(at: dir)
            throw error
        }
        process = try await ReferenceServerProcess(name: "prometheus", executable: Self.executable, directory: dir) { port, dir in
            [
                "--config.file=\(dir.appendingPathComponent("prometheus.yml").path)",
                "--storage.tsdb.path=\(dir.appendingPathComponent("data").path)",
                "--web.listen-address=127.0.0.1:\(port)",
                "--web.enable-remote-write-receiver",
                "--web.enable-lifecycle",
                "--log.level=warn",
            ] + extraFlags
        }
    }

    public func stop() { process.stop() }

    /// Runs `body` with a started server and stops it afterwards, also when `body` throws.
    public static func with<T>(scrapeConfigs: String? = nil, extraFlags: [String] = [],
                               _ body: (PrometheusServer) async throws -> T) async throws -> T {
        let server = try await PrometheusServer(scrapeConfigs: scrapeConfigs, extraFlags: extraFlags)
        defer { server.stop() }
        return try await body(server)
    }
}
