import Foundation
import Rules
import Testing
import TimeSeries
@testable import Storage

@Suite struct FileRuleStateStoreTests {
    static func temporaryFolder() -> String {
        let path = NSTemporaryDirectory() + "vigil-storage-\(UUID().uuidString)"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    static func state() -> RuleGroupState {
        var alerting = AlertingRuleEvaluator.State()
        let labels = Labels([Label("alertname", "Down"), Label("instance", "a")])
        alerting.active[labels] = Alert(state: .firing, labels: labels, annotations: [Label("summary", "down")],
                                        value: 0, activeAt: 1_000, firedAt: 61_000, lastSentAt: 61_000, validUntil: 301_000)
        alerting.lastEvaluationTimestamp = 61_000
        return RuleGroupState(rules: [.init(name: "Down", labels: ["severity": "page"], alerting: alerting,
                                            status: RuleStatus(health: .ok, lastEvaluationTimestamp: 61_000), previousSeries: [])],
                              lastEvaluationTimestamp: 61_000)
    }

    @Test func savedStatesComeBackInANewStore() async throws {
        let folder = Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let key = RuleGroupKey(file: "/etc/vigil/rules/node.yaml", name: "node / disks")
        let store = try FileRuleStateStore(storagePath: folder)
        try await store.saveState(Self.state(), of: key)
        let reopened = try FileRuleStateStore(storagePath: folder)
        #expect(await reopened.loadState(of: key) == Self.state())
        #expect(await reopened.loadState(of: RuleGroupKey(file: "other.yaml", name: "node / disks")) == nil)
        await reopened.removeState(of: key)
        #expect(await reopened.loadState(of: key) == nil)
    }

    @Test func aDamagedFileIsIgnoredAndCounted() async throws {
        let folder = Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let key = RuleGroupKey(file: "a.yaml", name: "g")
        let store = try FileRuleStateStore(storagePath: folder)
        try await store.saveState(Self.state(), of: key)
        let path = await store.path(of: key)
        try Data("{\"version\":1,\"gro".utf8).write(to: URL(fileURLWithPath: path))
        #expect(await store.loadState(of: key) == nil)
        #expect(await store.unreadableFiles == 1)
        // A later save replaces it whole.
        try await store.saveState(Self.state(), of: key)
        #expect(await store.loadState(of: key) == Self.state())
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder + "/rules").filter { $0.contains(".tmp-") }
        #expect(leftovers.isEmpty)
    }

    @Test func anUnwritableFolderIsAClearError() throws {
        #expect(throws: AtomicFile.WriteError.self) {
            try AtomicFile.write(Data("x".utf8), to: "/proc/vigil-cannot-write-here/state.json")
        }
        do {
            try AtomicFile.write(Data("x".utf8), to: "/proc/vigil-cannot-write-here/state.json")
        } catch {
            #expect(error.description.hasPrefix("cannot write /proc/vigil-cannot-write-here/state.json: "))
        }
    }
}
