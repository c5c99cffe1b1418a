import Foundation

/// Debian's Alertmanager (`/usr/bin/prometheus-alertmanager`) on 127.0.0.1 for a test, with clustering off
/// (`--cluster.listen-address=`) and its own temporary storage and configuration.
///
/// Use `AlertmanagerServer.with { alertmanager in … }`, which stops it and deletes its directory on every path.
public final class AlertmanagerServer: Sendable {
    public static var executable: String {
        ProcessInfo.processInfo.environment["VIGIL_ALERTMANAGER_BINARY"] ?? "/usr/bin/prometheus-alertmanager"
    }

    public static var isAvailable: Bool { FileManager.default.isExecutableFile(atPath: executable) }

    /// A configuration that routes everything to a receiver without integrations.
    public static let minimalConfig = """
        route:
          receiver: blackhole
          group_wait: 0s
          group_interval: 1s
          repeat_interval: 1h
        receivers:
          - name: blackhole
        """

    public let process: ReferenceServerProcess
    public var baseURL: String { process.baseURL }
    public var port: Int { process.port }

    public init(config: String = AlertmanagerServer.minimalConfig, extraFlags: [String] = []) async throws {
        let dir = try ReferenceServerProcess.temporaryDirectory(prefix: "vigil-alertmanager")
        do {
            try config.write(to: dir.appendingPathComponent("alertmanager.yml"), atomically: true, encoding: .utf8)
        } catch {
            try? FileManager.default.removeItem(at: dir)
            throw error
        }
        process = try await ReferenceServerProcess(name: "alertmanager", executable: Self.executable, directory: dir) { port, dir in
            [
                "--config.file=\(dir.appendingPathComponent("alertmanager.yml").path)",
                "--storage.path=\(dir.appendingPathComponent("data").path)",
                "--web.listen-address=127.0.0.1:\(port)",
                "--cluster.listen-address=",
                "--log.level=warn",
            ] + extraFlags
        }
    }

    public func stop() { process.stop() }

    public static func with<T>(config: String = AlertmanagerServer.minimalConfig, extraFlags: [String] = [],
                               _ body: (AlertmanagerServer) async throws -> T) async throws -> T {
        let server = try await AlertmanagerServer(config: config, extraFlags: extraFlags)
        defer { server.stop() }
        return try await body(server)
    }
}
