import Foundation
import Rules

/// Rule group states as JSON files under `<storage.path>/rules/`, one per group, each written atomically.
///
/// The file name is derived from the group's key (file and name may hold any characters); the key is
/// stored inside too, so a file is recognised whatever its name. A file that cannot be read or decoded is
/// treated as absent — the group starts without saved state — and counted, never fatal.
public actor FileRuleStateStore: RuleStateStore {
    public let folder: String
    public private(set) var unreadableFiles = 0

    struct Entry: Codable {
        var version = 1
        var group: RuleGroupKey
        var state: RuleGroupState
    }

    public init(storagePath: String) throws(AtomicFile.WriteError) {
        folder = (storagePath as NSString).appendingPathComponent("rules")
        try AtomicFile.ensureFolder(folder)
    }

    public func loadState(of group: RuleGroupKey) -> RuleGroupState? {
        let path = self.path(of: group)
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        guard let data = FileManager.default.contents(atPath: path),
              let entry = try? JSONDecoder().decode(Entry.self, from: data), entry.group == group else {
            unreadableFiles += 1
            return nil
        }
        return entry.state
    }

    public func saveState(_ state: RuleGroupState, of group: RuleGroupKey) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data = try encoder.encode(Entry(group: group, state: state))
        try AtomicFile.write(data, to: path(of: group))
    }

    public func removeState(of group: RuleGroupKey) {
        try? FileManager.default.removeItem(atPath: path(of: group))
    }

    /// `<sanitised name>-<hash of file and name>.json`: readable in a directory listing, unique by the hash.
    func path(of group: RuleGroupKey) -> String {
        let readable = String(group.name.unicodeScalars.prefix(40).map { s -> Character in
            (s.properties.isAlphabetic || ("0"..."9").contains(s) || s == "-" || s == "_") && s.isASCII ? Character(s) : "_"
        })
        let hash = StableHash.hex(group.file + "\u{0}" + group.name)
        return (folder as NSString).appendingPathComponent("\(readable)-\(hash).json")
    }
}

/// A hash that is the same in every process (Swift's `Hasher` is seeded per process): FNV-1a, 64 bits.
enum StableHash {
    static func hex(_ s: String) -> String {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in s.utf8 {
            h ^= UInt64(b)
            h = h &* 0x100_0000_01b3
        }
        let digits = String(h, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
