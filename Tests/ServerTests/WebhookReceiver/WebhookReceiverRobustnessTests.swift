import Foundation
import Testing
import VigilTesting
@testable import Server

/// Random bytes and damaged webhook messages: decoding never traps, and whatever it accepts prints, and
/// its JSON line is one line of valid JSON.
@Suite struct WebhookReceiverRobustnessTests {
    /// Bytes that change JSON's structure, plus a few that break UTF-8 or strings.
    static let interesting = Array(#"{}[]":,\ -.0123456789eEtfnu"#.utf8) + [0x00, 0x0A, 0x1F, 0x7F, 0x80, 0xC3, 0xED, 0xFF]

    static func mutate(_ input: [UInt8], _ rng: inout SplitMix) -> [UInt8] {
        var bytes = input
        for _ in 0...rng.below(4) {
            guard !bytes.isEmpty else { break }
            let i = rng.below(bytes.count)
            switch rng.below(6) {
            case 0: bytes[i] = interesting[rng.below(interesting.count)]
            case 1: bytes[i] = UInt8(truncatingIfNeeded: rng.next())
            case 2: bytes.remove(at: i)
            case 3: bytes.insert(interesting[rng.below(interesting.count)], at: i)
            case 4: bytes = Array(bytes[..<i])
            default:
                // Repeat a slice: nests deeper or duplicates members and alerts.
                let end = min(bytes.count, i + 1 + rng.below(64))
                bytes.insert(contentsOf: bytes[i..<end], at: end)
            }
        }
        return bytes
    }

    static func check(_ body: [UInt8], _ outcome: inout (accepted: Int, refused: Int)) {
        do {
            let n = try WebhookNotification.decode(body)
            outcome.accepted += 1
            let text = NotificationPrinter.text(n, receivedAt: Date(timeIntervalSince1970: 0))
            #expect(text.split(separator: "\n", omittingEmptySubsequences: false).count == n.alerts.count + 2)
            let line = NotificationPrinter.jsonLine(body: body, receivedAt: Date(timeIntervalSince1970: 0))
            #expect(line.last == "\n" && line.dropLast().contains("\n") == false, "\(line)")
            let reread = try? RequestJSONReader.parse(Array(line.utf8)) as? [String: Any]
            #expect(reread?["receivedAt"] as? String == "1970-01-01T00:00:00.000Z", "\(line)")
        } catch {
            outcome.refused += 1
            #expect(!error.message.isEmpty)
        }
    }

    @Test func randomBytes() {
        var rng = SplitMix(state: 12)
        var outcome = (accepted: 0, refused: 0)
        for _ in 0..<3000 {
            let bytes = (0..<rng.below(200)).map { _ in
                rng.below(2) == 0 ? Self.interesting[rng.below(Self.interesting.count)] : UInt8(truncatingIfNeeded: rng.next())
            }
            Self.check(bytes, &outcome)
        }
        print("random bytes: \(outcome.accepted) accepted, \(outcome.refused) refused")
        #expect(outcome.refused > 0)
    }

    @Test func mutatedMessages() {
        var rng = SplitMix(state: 34)
        var outcome = (accepted: 0, refused: 0)
        let seeds = [WebhookFixtures.vigilBody, WebhookFixtures.resolvedBody].map { Array($0.utf8) }
        for _ in 0..<6000 {
            Self.check(Self.mutate(seeds[rng.below(seeds.count)], &rng), &outcome)
        }
        print("mutated messages: \(outcome.accepted) accepted, \(outcome.refused) refused")
        // Both sides are exercised: some damage is harmless (inside a string), most is not.
        #expect(outcome.accepted > 100 && outcome.refused > 100)
    }

    @Test func deepNestingIsRefusedNotOverflowed() {
        let deep = #"{"status":"firing","alerts":[],"x":"# + String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000) + "}"
        #expect(throws: WebhookNotification.DecodeError.self) { _ = try WebhookNotification.decode(Array(deep.utf8)) }
    }
}
