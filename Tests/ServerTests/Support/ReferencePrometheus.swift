import VigilTesting
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Debian's Prometheus (`/usr/bin/prometheus`, package prometheus) run on loopback for a comparison: a temp
/// directory with the config, the rule file and the TSDB, a free port, bounded waits, and a stop that
/// always happens (SIGTERM, then SIGKILL after a grace period). Private to these tests; the shared
/// starters belong to VigilTesting.
final class ReferencePrometheus: @unchecked Sendable {
    static let binary = "/usr/bin/prometheus"
    static var isInstalled: Bool { FileManager.default.isExecutableFile(atPath: binary) }

    let directory: URL
    let port: Int
    private let process: Process

    private init(directory: URL, port: Int, process: Process) {
        self.directory = directory
        self.port = port
        self.process = process
    }

    /// Starts Prometheus with one rule file evaluated every `interval`, and waits until it is ready.
    static func start(ruleFile: String, interval: String = "1s") async throws -> ReferencePrometheus {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-prometheus-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try ruleFile.write(to: directory.appendingPathComponent("rules.yml"), atomically: true, encoding: .utf8)
        try "global:\n  evaluation_interval: \(interval)\nrule_files: [rules.yml]\n"
            .write(to: directory.appendingPathComponent("prometheus.yml"), atomically: true, encoding: .utf8)
        let port = try freePort()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.currentDirectoryURL = directory
        process.arguments = [
            "--config.file=prometheus.yml", "--storage.tsdb.path=data",
            "--web.listen-address=127.0.0.1:\(port)", "--log.level=warn",
        ]
        // Times in UTC, as Vigil writes them; no proxy between the test and loopback.
        var environment = ProcessInfo.processInfo.environment
        environment["TZ"] = "UTC"
        process.environment = environment
        let logPath = directory.appendingPathComponent("log.txt").path
        FileManager.default.createFile(atPath: logPath, contents: nil)
        let log = FileHandle(forWritingAtPath: logPath)
        process.standardOutput = log
        process.standardError = log
        try process.run()
        let prometheus = ReferencePrometheus(directory: directory, port: port, process: process)
        do {
            try await prometheus.waitUntil("ready", timeout: .seconds(30)) {
                (try? await RawHTTPClient.get(port, "/-/ready"))?.status == 200
            }
        } catch {
            prometheus.stop()
            throw error
        }
        return prometheus
    }

    /// Polls `condition` every 100 ms until it holds or `timeout` passes.
    func waitUntil(_ what: String, timeout: Duration, _ condition: () async throws -> Bool) async throws {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            guard process.isRunning else { throw ClientError("prometheus exited while waiting until \(what): \(logTail)") }
            if try await condition() { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw ClientError("prometheus not \(what) after \(timeout): \(logTail)")
    }

    var logTail: String {
        let text = (try? String(contentsOf: directory.appendingPathComponent("log.txt"), encoding: .utf8)) ?? ""
        return String(text.suffix(2000))
    }

    /// SIGTERM, up to 10 s for a clean exit, then SIGKILL; the temp directory goes either way.
    func stop() {
        if process.isRunning {
            process.terminate()
            let deadline = Date().addingTimeInterval(10)
            while process.isRunning && Date() < deadline { usleep(50_000) }
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(at: directory)
    }

    /// A port the system has just handed out for loopback and released.
    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw ClientError("socket() failed") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        guard bound else { throw ClientError("could not find a free port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
