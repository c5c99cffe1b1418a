import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A reference server (Debian's Prometheus or Alertmanager) run as a child process on 127.0.0.1 for one
/// test: its own temporary directory, a free port, readiness by polling `/-/ready` a bounded number of
/// times, and `stop()` that terminates it and deletes the directory.
public final class ReferenceServerProcess: @unchecked Sendable {
    public let name: String
    public let port: Int
    public let directory: URL
    public var baseURL: String { "http://127.0.0.1:\(port)" }
    public var logFile: URL { directory.appendingPathComponent("server.log") }

    private let process: Process
    private var watchdog: Process?
    private let lock = NSLock()
    private var stopped = false

    /// Starts `executable` with `arguments(port, directory)` and waits until it answers `/-/ready`.
    public init(name: String, executable: String, directory: URL,
                arguments: (_ port: Int, _ directory: URL) -> [String], readyTimeout: Duration = .seconds(30)) async throws {
        self.name = name
        self.directory = directory
        let port = try FreePort.find()
        self.port = port
        _ = FileManager.default.createFile(atPath: directory.appendingPathComponent("server.log").path, contents: nil)
        let log = try FileHandle(forWritingTo: directory.appendingPathComponent("server.log"))
        let p = Process()
        p.executableURL = URL(fileURLWithPath: executable)
        p.arguments = arguments(port, directory)
        p.currentDirectoryURL = directory
        p.standardOutput = log
        p.standardError = log
        p.standardInput = FileHandle.nullDevice
        process = p
        do {
            try p.run()
            watchdog = Self.startWatchdog(serverPid: p.processIdentifier, directory: directory)
            try await waitUntilReady(timeout: readyTimeout)
        } catch {
            stop()
            throw error
        }
    }

    /// A separate process that stops the server and deletes its directory if the test process dies without
    /// calling `stop()` (a crash, a kill). It only polls and signals: the shell inherits the test thread's
    /// blocked signals, so it is not asked to handle any, and `stop()` ends it with SIGKILL.
    /// `$1` is the test process, `$2` the server, `$3` the directory.
    static let watchdogScript = """
        while kill -0 "$1" 2>/dev/null && kill -0 "$2" 2>/dev/null; do sleep 1; done
        if kill -0 "$2" 2>/dev/null; then kill "$2"; sleep 2; kill -9 "$2" 2>/dev/null; rm -rf "$3"; fi
        """

    private static func startWatchdog(serverPid: Int32, directory: URL) -> Process? {
        let w = Process()
        w.executableURL = URL(fileURLWithPath: "/bin/sh")
        w.arguments = ["-c", watchdogScript, "vigil-server-watchdog", String(getpid()), String(serverPid), directory.path]
        w.standardInput = FileHandle.nullDevice
        w.standardOutput = FileHandle.nullDevice
        w.standardError = FileHandle.nullDevice
        do {
            try w.run()
            return w
        } catch {
            return nil
        }
    }

    /// Makes a fresh temporary directory for a server.
    public static func temporaryDirectory(prefix: String) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    private func waitUntilReady(timeout: Duration) async throws {
        let pause = Duration.milliseconds(100)
        let tries = max(1, Int(timeout / pause))
        for _ in 0..<tries {
            if !process.isRunning {
                throw LoopbackServerError("\(name) exited with status \(process.terminationStatus) before it was ready: \(logTail())")
            }
            if let status = try? LoopbackHTTPGet.status(port: port, path: "/-/ready"), status == 200 { return }
            try await Task.sleep(for: pause)
        }
        throw LoopbackServerError("\(name) was not ready on port \(port) after \(timeout): \(logTail())")
    }

    /// The end of the server's log, for failure messages.
    public func logTail(_ bytes: Int = 2000) -> String {
        guard let data = try? Data(contentsOf: logFile) else { return "(no log)" }
        return String(decoding: data.suffix(bytes), as: UTF8.self)
    }

    /// Terminates the server (SIGTERM, then SIGKILL after 10 s) and deletes its directory. Safe to call twice.
    public func stop() {
        lock.lock()
        let already = stopped
        stopped = true
        let watchdog = self.watchdog
        lock.unlock()
        guard !already else { return }
        if let watchdog, watchdog.isRunning { kill(watchdog.processIdentifier, SIGKILL) }
        if process.isRunning {
            process.terminate()
            if !waitForExit(seconds: 10) {
                kill(process.processIdentifier, SIGKILL)
                _ = waitForExit(seconds: 5)
            }
        }
        try? FileManager.default.removeItem(at: directory)
    }

    /// Polls rather than `waitUntilExit()`, which must not hang a test run if the child is stuck.
    private func waitForExit(seconds: Double) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while process.isRunning && Date() < deadline { usleep(20_000) }
        return !process.isRunning
    }

    deinit { stop() }
}

/// A free TCP port on 127.0.0.1: bind to port 0, read the port, close. Another process could take it before
/// the server binds; on a test machine that is rare, and the server then fails to start with a clear log.
enum FreePort {
    static func find() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw LoopbackServerError("socket() failed: \(errno)") }
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = 0
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0 else { throw LoopbackServerError("bind() failed: \(errno)") }
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        let named = withUnsafeMutablePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) }
        }
        guard named == 0 else { throw LoopbackServerError("getsockname() failed: \(errno)") }
        return Int(UInt16(bigEndian: addr.sin_port))
    }
}

/// A blocking HTTP/1.0 GET on 127.0.0.1 that returns the status code: enough to poll `/-/ready` without an
/// HTTP client library.
enum LoopbackHTTPGet {
    static func status(port: Int, path: String) throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw LoopbackServerError("socket() failed") }
        defer { close(fd) }
        var timeout = timeval(tv_sec: 2, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = UInt16(port).bigEndian
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw LoopbackServerError("connect() failed") }
        let request = Array("GET \(path) HTTP/1.0\r\nHost: 127.0.0.1:\(port)\r\n\r\n".utf8)
        guard request.withUnsafeBytes({ send(fd, $0.baseAddress, $0.count, 0) }) == request.count else {
            throw LoopbackServerError("send() failed")
        }
        var buffer = [UInt8](repeating: 0, count: 64)
        let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        guard n > 12 else { throw LoopbackServerError("no response") }
        // "HTTP/1.x NNN ..."
        let line = String(decoding: buffer[0..<n], as: UTF8.self)
        let parts = line.split(separator: " ")
        guard parts.count >= 2, let code = Int(parts[1]) else { throw LoopbackServerError("not an HTTP response") }
        return code
    }
}
