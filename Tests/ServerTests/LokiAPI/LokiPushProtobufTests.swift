import Foundation
import Testing
import VigilTesting
@testable import Server

/// The protobuf push decoder on hostile bodies: random bytes and mutations of a valid push (bytes flipped,
/// cut, repeated, lengths and varints maxed out) are either decoded or refused, never a trap, a hang or a
/// large allocation. Seeded, so a failure repeats.
@Suite struct LokiPushProtobufTests {
    static let valid: [UInt8] = Proto.encodeMessage([
        (1, Proto.message([
            (1, Proto.string(#"{job="promtail", host="nas"}"#)),
            (2, Proto.message([(1, Proto.message([(1, Proto.varint(1_700_000_000)), (2, Proto.varint(5))])),
                               (2, Proto.string("a line")),
                               (3, Proto.message([(1, Proto.string("trace_id")), (2, Proto.string("x"))]))])),
            (3, Proto.varint(7)),
        ])),
    ])

    @Test func theValidPushDecodes() throws {
        let request = try LokiPushProtobuf.decode(Self.valid)
        #expect(request.refused.isEmpty)
        #expect(request.streams.count == 1)
        #expect(request.streams.first?.entries.first?.timestamp == 1_700_000_000_000_000_005)
        #expect(request.streams.first?.entries.first?.metadata["trace_id"] == "x")
    }

    @Test func hostileBodiesNeverTrap() {
        var rng = SplitMix(state: 0x5eed)
        var decoded = 0, refused = 0
        for round in 0..<20_000 {
            var body = Self.valid
            switch round % 5 {
            case 0:
                body = (0..<Int(rng.next() % 64)).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            case 1:
                for _ in 0..<(1 + Int(rng.next() % 4)) {
                    body[Int(rng.next() % UInt64(body.count))] = UInt8(truncatingIfNeeded: rng.next())
                }
            case 2:
                body = Array(body.prefix(Int(rng.next() % UInt64(body.count))))
            case 3:
                let at = Int(rng.next() % UInt64(body.count))
                body.insert(contentsOf: [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01], at: at)
            default:
                body = Array((0..<Int(1 + rng.next() % 8)).map { _ in Self.valid }.joined())
                body[Int(rng.next() % UInt64(body.count))] ^= 0x80
            }
            if (try? LokiPushProtobuf.decode(body)) != nil { decoded += 1 } else { refused += 1 }
        }
        #expect(decoded > 0 && refused > 0, "decoded \(decoded), refused \(refused)")
    }

    @Test func extremeTimestampsAreRefusedNotWrapped() throws {
        let body = Proto.encodeMessage([
            (1, Proto.message([
                (1, Proto.string(#"{job="a"}"#)),
                (2, Proto.message([(1, Proto.message([(1, Proto.varint(UInt64(Int64.max)))])), (2, Proto.string("late"))])),
            ])),
        ])
        let request = try LokiPushProtobuf.decode(body)
        #expect(request.streams.isEmpty)
        #expect(request.refused == ["streams[0].entries[0]: the timestamp is outside the range Vigil stores"])
    }
}
