import Foundation
import Logging
import Rules
import TimeSeries
import VigilTesting
@testable import VigilService

/// A temporary folder for one test's `vigil.yml`, rule files and state; removed by `remove()`.
struct TestFolder {
    let url: URL
    var path: String { url.path }

    init() throws {
        url = try ReferenceServerProcess.temporaryDirectory(prefix: "vigil-service-test")
    }

    func write(_ name: String, _ text: String) throws {
        let file = url.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: file, atomically: true, encoding: .utf8)
    }

    func file(_ name: String) -> String { url.appendingPathComponent(name).path }

    func remove() { try? FileManager.default.removeItem(at: url) }
}

/// A value a test changes while a server closure reads it.
final class Shared<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value
    init(_ value: Value) { self.value = value }
    var current: Value {
        get { lock.withLock { value } }
        set { lock.withLock { value = newValue } }
    }
}

/// Quiet logs for tests; VIGIL_TEST_LOG=debug shows them.
func testLogger(_ label: String = "vigil-test") -> Logger {
    var logger = Logger(label: label) { _ in StreamLogHandler.standardError(label: label) }
    let level = ProcessInfo.processInfo.environment["VIGIL_TEST_LOG"].flatMap(Logger.Level.init(rawValue:))
    logger.logLevel = level ?? .critical
    return logger
}

/// Polls `condition` every 100 ms until it holds or `timeout` of real time passes.
func eventually(timeout: Duration = .seconds(60), _ condition: () async throws -> Bool) async rethrows -> Bool {
    let start = ContinuousClock.now
    while ContinuousClock.now - start < timeout {
        if try await condition() { return true }
        try? await Task.sleep(for: .milliseconds(100))
    }
    return try await condition()
}

extension VigilRuntime {
    /// Every alert of the rule named `name`, across groups.
    func alerts(of name: String) async -> [Alert] {
        await ruler.snapshots().flatMap { $0.rules }.filter { $0.name == name }.flatMap(\.alerts)
    }

    func rule(_ name: String) async -> RuleGroupSnapshot.RuleSnapshot? {
        await ruler.snapshots().flatMap { $0.rules }.first { $0.name == name }
    }
}

/// The JSON body of a recorded request, as a dictionary.
func jsonObject(_ request: RecordedRequest) -> [String: Any]? {
    (try? JSONSerialization.jsonObject(with: Data(request.body))) as? [String: Any]
}
