import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import PromQL
import TimeSeries

/// Debian's Prometheus 2.42, run on 127.0.0.1 over a temporary TSDB holding a `RandomDataSet`.
///
/// Every wait is bounded. The server runs under a small shell watchdog that kills it if this test process
/// dies without stopping it, so a crashed test leaves no server behind.
final class PrometheusServer {
    let baseURL: URL
    let directory: URL
    private let shell: SpawnedProcess
    private let pidFile: URL
    private let session: URLSession
    private var stopped = false

    static func onPath(_ tool: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for dir in path.split(separator: ":") {
            let candidate = "\(dir)/\(tool)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    static var available: Bool { onPath("prometheus") != nil && onPath("promtool") != nil }

    /// The first line of `prometheus --version`, to show which Prometheus answered.
    static func version() -> String {
        guard let prometheus = onPath("prometheus"), let (_, text) = try? runBounded(prometheus, ["--version"], seconds: 10) else { return "unknown" }
        return String(text.split(separator: "\n").first ?? "unknown")
    }

    /// Writes the block part with promtool, starts the server, and sends the head part by remote write.
    static func start(with data: RandomDataSet) async throws -> PrometheusServer {
        guard let prometheus = onPath("prometheus"), let promtool = onPath("promtool") else {
            throw DifferentialError("prometheus and promtool must be on PATH")
        }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-differential-\(UUID().uuidString)")
        let tsdb = dir.appendingPathComponent("tsdb")
        try FileManager.default.createDirectory(at: tsdb, withIntermediateDirectories: true)
        do {
            let om = dir.appendingPathComponent("data.om")
            try OpenMetricsText.render(data).write(to: om, atomically: true, encoding: .utf8)
            let (status, output) = try runBounded(promtool, ["tsdb", "create-blocks-from", "openmetrics", "--quiet", om.path, tsdb.path],
                                                  seconds: 120)
            guard status == 0 else { throw DifferentialError("promtool failed (\(status)): \(output)") }
            let config = dir.appendingPathComponent("prometheus.yml")
            // No scrape jobs: the only series are ours. The evaluation interval is the default subquery step.
            try "global:\n  evaluation_interval: 1m\n".write(to: config, atomically: true, encoding: .utf8)
            var lastError: Error = DifferentialError("no attempt")
            for _ in 0..<3 {
                do {
                    let server = try await launch(prometheus, dir: dir, tsdb: tsdb, config: config)
                    do {
                        try await server.remoteWrite(data)
                        return server
                    } catch {
                        server.stop()
                        throw error
                    }
                } catch let error as PortInUse {
                    lastError = error
                }
            }
            throw lastError
        } catch {
            try? FileManager.default.removeItem(at: dir)
            throw error
        }
    }

    private struct PortInUse: Error {}

    private static func launch(_ prometheus: String, dir: URL, tsdb: URL, config: URL) async throws -> PrometheusServer {
        let port = try freePort()
        let log = dir.appendingPathComponent("prometheus.log")
        let pidFile = dir.appendingPathComponent("prometheus.pid")
        try? FileManager.default.removeItem(at: pidFile)
        let args = [
            "--config.file=\(config.path)",
            "--storage.tsdb.path=\(tsdb.path)",
            "--web.listen-address=127.0.0.1:\(port)",
            // Retention counts back from the newest block, not the clock; make sure nothing is dropped.
            "--storage.tsdb.retention.time=100y",
            // The default, stated: Vigil's engine uses the same 5 minutes.
            "--query.lookback-delta=5m",
            "--web.enable-remote-write-receiver",
            "--log.level=warn",
        ]
        // The watchdog: runs prometheus in the background, kills it if this process goes away (and then
        // removes the temporary directory), and exits when prometheus exits.
        let script = """
            "$PROM" "$@" >"$LOG" 2>&1 &
            p=$!
            echo $p >"$PIDFILE"
            ( while kill -0 "$WATCH" 2>/dev/null; do sleep 1; done; kill $p 2>/dev/null ) &
            w=$!
            wait $p
            s=$?
            kill $w 2>/dev/null
            kill -0 "$WATCH" 2>/dev/null || rm -rf "$DIR"
            exit $s
            """
        var env = ProcessInfo.processInfo.environment
        env["PROM"] = prometheus
        env["LOG"] = log.path
        env["PIDFILE"] = pidFile.path
        env["WATCH"] = String(getpid())
        env["DIR"] = dir.path
        let shell = try SpawnedProcess(path: "/bin/sh", arguments: ["-c", script, "sh"] + args, environment: env)
        let server = PrometheusServer(baseURL: URL(string: "http://127.0.0.1:\(port)")!, directory: dir, shell: shell, pidFile: pidFile)
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            if !shell.isRunning {
                let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
                server.stopped = true
                if text.contains("address already in use") { throw PortInUse() }
                throw DifferentialError("prometheus exited at start:\n\(text.suffix(2000))")
            }
            if let (status, _) = try? await server.get("/-/ready"), status == 200 { return server }
            try await Task.sleep(nanoseconds: 100_000_000)
        }
        server.stop()
        throw DifferentialError("prometheus was not ready within 60 seconds")
    }

    private init(baseURL: URL, directory: URL, shell: SpawnedProcess, pidFile: URL) {
        self.baseURL = baseURL
        self.directory = directory
        self.shell = shell
        self.pidFile = pidFile
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = 120
        session = URLSession(configuration: configuration)
    }

    deinit { stop() }

    /// Stops the server (SIGTERM, then SIGKILL after 15 seconds) and removes the temporary directory.
    func stop() {
        guard !stopped else { return }
        stopped = true
        if let text = try? String(contentsOf: pidFile, encoding: .utf8), let pid = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)) {
            kill(pid, SIGTERM)
            let deadline = Date().addingTimeInterval(15)
            while shell.isRunning, Date() < deadline { usleep(50_000) }
            if shell.isRunning { kill(pid, SIGKILL) }
        }
        let deadline = Date().addingTimeInterval(5)
        while shell.isRunning, Date() < deadline { usleep(50_000) }
        if shell.isRunning { shell.kill() }
        try? FileManager.default.removeItem(at: directory)
    }

    // MARK: HTTP

    private func get(_ path: String) async throws -> (Int, Data) {
        var request = URLRequest(url: baseURL.appendingPathComponent(path))
        request.timeoutInterval = 2
        let (data, response) = try await session.data(for: request)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, data)
    }

    private func post(_ path: String, body: Data, headers: [String: String]) async throws -> (Int, Data) {
        var request = URLRequest(url: baseURL.appendingPathComponent(path))
        request.httpMethod = "POST"
        request.httpBody = body
        request.timeoutInterval = 120
        for (k, v) in headers { request.setValue(v, forHTTPHeaderField: k) }
        let (data, response) = try await session.data(for: request)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, data)
    }

    private func remoteWrite(_ data: RandomDataSet) async throws {
        let head = data.series.map { s in (labels: s.labels, samples: s.samples.filter { $0.t >= RandomDataSet.blockEnd }) }
        let (status, body) = try await post("/api/v1/write", body: RemoteWriteRequest.body(head), headers: [
            "Content-Encoding": "snappy",
            "Content-Type": "application/x-protobuf",
            "X-Prometheus-Remote-Write-Version": "0.1.0",
        ])
        guard status / 100 == 2 else {
            throw DifferentialError("remote write failed (\(status)): \(String(decoding: body, as: UTF8.self))")
        }
    }

    /// The JSON body of `/api/v1/query`.
    func instantQuery(_ query: String, at t: Int64) async throws -> Data {
        try await form("/api/v1/query", ["query": query, "time": Self.seconds(t)])
    }

    /// The JSON body of `/api/v1/query_range`.
    func rangeQuery(_ query: String, start: Int64, end: Int64, step: Int64) async throws -> Data {
        try await form("/api/v1/query_range", ["query": query, "start": Self.seconds(start), "end": Self.seconds(end),
                                                "step": Self.seconds(step)])
    }

    private func form(_ path: String, _ fields: [String: String]) async throws -> Data {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        let body = fields.sorted { $0.key < $1.key }
            .map { "\($0.key)=\($0.value.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")" }
            .joined(separator: "&")
        let (_, data) = try await post(path, body: Data(body.utf8), headers: ["Content-Type": "application/x-www-form-urlencoded"])
        return data
    }

    static func seconds(_ t: Int64) -> String {
        let sign = t < 0 ? "-" : ""
        let a = t.magnitude
        let ms = String(a % 1000)
        return "\(sign)\(a / 1000)." + String(repeating: "0", count: 3 - ms.count) + ms
    }

    // MARK: processes

    /// Runs a tool to completion within `seconds`, killing it otherwise; returns its status and output.
    static func runBounded(_ tool: String, _ arguments: [String], seconds: Double) throws -> (Int32, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-differential-\(UUID().uuidString).log")
        FileManager.default.createFile(atPath: output.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: output) }
        let handle = try FileHandle(forWritingTo: output)
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        let deadline = Date().addingTimeInterval(seconds)
        while process.isRunning, Date() < deadline { usleep(20_000) }
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
            throw DifferentialError("\(tool) did not finish within \(seconds) seconds")
        }
        try handle.close()
        let text = (try? String(contentsOf: output, encoding: .utf8)) ?? ""
        return (process.terminationStatus, text)
    }

    /// A port that was free a moment ago (the kernel's choice for port 0).
    static func freePort() throws -> Int {
        #if canImport(Glibc)
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
        let fd = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard fd >= 0 else { throw DifferentialError("socket() failed") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { p -> Int32 in
                guard bind(fd, p, length) == 0 else { return -1 }
                return getsockname(fd, p, &length)
            }
        }
        guard bound == 0 else { throw DifferentialError("bind() failed") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
