import Foundation
import Testing
@testable import Backends

/// A sleeper that records what it was asked to wait and returns at once.
final class RecordingSleeper: Sleeper, @unchecked Sendable {
    private let lock = NSLock()
    private var recorded: [Duration] = []

    var durations: [Duration] {
        lock.lock()
        defer { lock.unlock() }
        return recorded
    }

    func sleep(for duration: Duration) async throws {
        record(duration)
        try Task.checkCancellation()
    }

    private func record(_ duration: Duration) {
        lock.lock()
        recorded.append(duration)
        lock.unlock()
    }
}

/// A sleeper that never returns until cancelled (keeps a batch deadline from firing).
struct NeverSleeper: Sleeper {
    func sleep(for duration: Duration) async throws {
        try await Task.sleep(for: .seconds(3600))
    }
}

enum Fixtures {
    static var directory: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
    }

    static func bytes(_ relative: String) throws -> [UInt8] {
        Array(try Data(contentsOf: directory.appendingPathComponent(relative)))
    }
}

enum TemporaryFiles {
    static func directory() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-backends-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }
}

/// Settings with quick retries and a short timeout for loopback tests.
func testSettings(attempts: Int = 3, timeout: Duration = .seconds(5)) -> HTTPClientSettings {
    HTTPClientSettings(timeout: timeout, retry: RetryPolicy(maxAttempts: attempts, minBackoff: .milliseconds(30), maxBackoff: .seconds(5)))
}

/// Whether python3 with the `snappy` module (PyPI python-snappy) can be run.
let pythonSnappyAvailable: Bool = {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    p.arguments = ["python3", "-c", "import snappy"]
    p.standardOutput = FileHandle.nullDevice
    p.standardError = FileHandle.nullDevice
    do {
        try p.run()
        p.waitUntilExit()
        return p.terminationStatus == 0
    } catch {
        return false
    }
}()

import TimeSeries

/// `["job": "a"]` as a label set, for readable expectations.
extension Labels: ExpressibleByDictionaryLiteral {}

/// `#expect(a == b)` for an `a` that needs `try await`, which the macro cannot take on its left side.
func expectEqual<T: Equatable>(_ actual: T, _ expected: T, sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(actual == expected, sourceLocation: sourceLocation)
}
