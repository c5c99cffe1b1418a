import Foundation
import Testing
@testable import Backends

struct SnappyTests {
    /// Deterministic pseudo-random bytes (xorshift), so failures reproduce.
    static func randomBytes(_ count: Int, seed: UInt64) -> [UInt8] {
        var x = seed | 1
        return (0..<count).map { _ in
            x ^= x << 13
            x ^= x >> 7
            x ^= x << 17
            return UInt8(truncatingIfNeeded: x)
        }
    }

    /// Inputs that exercise literals, short and long copies, overlapping copies and block boundaries.
    static var corpus: [(String, [UInt8])] {
        var out: [(String, [UInt8])] = [
            ("empty", []),
            ("one byte", [7]),
            ("short text", Array("hello, hello, hello world".utf8)),
            ("run of one byte", [UInt8](repeating: 0x41, count: 1000)),
            ("run across blocks", [UInt8](repeating: 0, count: 200_000)),
            ("labels", Array((0..<500).map { "node_cpu_seconds_total{cpu=\"\($0 % 8)\",mode=\"idle\"} \($0)\n" }.joined().utf8)),
            ("random small", randomBytes(17, seed: 1)),
            ("random", randomBytes(5000, seed: 2)),
            ("random over a block", randomBytes(70_000, seed: 3)),
        ]
        // Random bytes from a small alphabet: many short matches at varied offsets.
        out.append(("small alphabet", randomBytes(100_000, seed: 4).map { $0 % 4 }))
        // A far repeat (offset > 2048, so 2-byte offsets) of a random chunk.
        let chunk = randomBytes(3000, seed: 5)
        out.append(("far repeat", chunk + randomBytes(4000, seed: 6) + chunk))
        // Lengths around the literal-length encoding limits (60, 256, 65536).
        for n in [59, 60, 61, 255, 256, 257, 65535, 65536, 65537] {
            out.append(("random \(n)", randomBytes(n, seed: UInt64(n))))
        }
        return out
    }

    @Test func roundTripsEveryCorpusInput() throws {
        for (name, input) in Self.corpus {
            let compressed = Snappy.compress(input)
            #expect(compressed.count <= Snappy.maxCompressedLength(input.count), "\(name)")
            let back = try Snappy.decompress(compressed, maxLength: 1 << 20)
            #expect(back == input, "\(name)")
        }
    }

    @Test func compressesRedundantInput() {
        let input = [UInt8](repeating: 0, count: 100_000)
        #expect(Snappy.compress(input).count < 6_000)
    }

    @Test func readsCommittedFixturesFromTheReferenceLibrary() throws {
        for name in ["empty", "one-byte", "repeated", "text", "random"] {
            let expected = try Fixtures.bytes("snappy/\(name).bin")
            let compressed = try Fixtures.bytes("snappy/\(name).snappy")
            #expect(try Snappy.decompress(compressed) == expected, "\(name)")
        }
        let run = try Snappy.decompress(try Fixtures.bytes("snappy/long-run.snappy"))
        #expect(run == [UInt8](repeating: 0, count: 70_000))
    }

    @Test func literalAndCopyEncodingsByHand() throws {
        // Preamble 5, literal "abcde".
        #expect(try Snappy.decompress([5, 4 << 2, 97, 98, 99, 100, 101]) == Array("abcde".utf8))
        // "ab" then a 1-byte-offset copy of length 4 at offset 2 (overlapping): "ababab".
        #expect(try Snappy.decompress([6, 1 << 2, 97, 98, 0b000_000_01, 2]) == Array("ababab".utf8))
        // A 2-byte-offset copy: length 3 (tag (3-1)<<2 | 2), offset 3.
        #expect(try Snappy.decompress([6, 2 << 2, 120, 121, 122, (2 << 2) | 2, 3, 0]) == Array("xyzxyz".utf8))
        // A 4-byte-offset copy.
        #expect(try Snappy.decompress([4, 1 << 2, 1, 2, (1 << 2) | 3, 2, 0, 0, 0]) == [1, 2, 1, 2])
    }

    @Test(arguments: [
        ([UInt8](), "empty input"),
        ([0x80, 0x80, 0x80, 0x80, 0x80], "invalid length preamble"),
        ([0xff, 0xff, 0xff, 0xff, 0x7f], "too large"),
        ([3, 4 << 2, 1], "literal runs past the input"),
        ([1, 1 << 2, 1, 2], "literal runs past the announced length"),
        ([4, 0b000_000_01, 1], "points before the start"),
        ([4, 0, 9, 0b000_000_01, 0], "points before the start"),
        ([10, 0, 9, 0b000_000_01], "runs past the input"),
        ([9, 0, 9, (7 << 2) | 1, 1], "runs past the announced length"),
        ([3, 0, 9], "decoded 1 bytes, the preamble announced 3"),
    ] as [([UInt8], String)])
    func corruptInputIsAnErrorNotACrash(input: [UInt8], reason: String) {
        #expect {
            _ = try Snappy.decompress(input)
        } throws: { error in
            "\(error)".contains(reason)
        }
    }

    @Test func decompressionIsBoundedBeforeAllocating() {
        // Announces 1 GiB in five bytes.
        var input: [UInt8] = []
        Snappy.appendVarint(1 << 30, to: &input)
        #expect(throws: SnappyError.tooLarge(length: 1 << 30, limit: 1 << 20)) {
            _ = try Snappy.decompress(input, maxLength: 1 << 20)
        }
    }

    @Test func randomGarbageNeverTraps() {
        for seed in 1...2000 {
            let garbage = Self.randomBytes(Int(seed % 64), seed: UInt64(seed))
            _ = try? Snappy.decompress(garbage, maxLength: 1 << 16)
        }
    }

    // MARK: Against the reference library (PyPI python-snappy)

    @Test(.enabled(if: pythonSnappyAvailable, "python3 with python-snappy (pip install python-snappy) is not available"))
    func pythonSnappyReadsWhatSwiftWritesAndSwiftReadsWhatItWrites() throws {
        let dir = try TemporaryFiles.directory()
        defer { try? FileManager.default.removeItem(at: dir) }
        var inputs = Self.corpus
        for i in 0..<40 {
            // Random sizes, mixed redundancy.
            let n = Int(Self.randomBytes(2, seed: UInt64(100 + i)).reduce(0) { $0 << 8 | Int($1) }) % 20_000
            inputs.append(("random mix \(i)", Self.randomBytes(n, seed: UInt64(200 + i)).map { i % 2 == 0 ? $0 : $0 % 8 }))
        }
        for (i, (_, input)) in inputs.enumerated() {
            try Data(input).write(to: dir.appendingPathComponent("\(i).raw"))
            try Data(Snappy.compress(input)).write(to: dir.appendingPathComponent("\(i).swift.snappy"))
        }
        // Python decompresses Swift's output (must equal the input) and compresses the input for Swift.
        let script = """
            import snappy, sys, os
            d = sys.argv[1]
            for i in range(int(sys.argv[2])):
                raw = open(os.path.join(d, f"{i}.raw"), "rb").read()
                ours = open(os.path.join(d, f"{i}.swift.snappy"), "rb").read()
                if snappy.decompress(ours) != raw:
                    print(f"python-snappy disagrees on input {i}"); sys.exit(1)
                open(os.path.join(d, f"{i}.py.snappy"), "wb").write(snappy.compress(raw))
            print("ok")
            """
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", "-c", script, dir.path, String(inputs.count)]
        let out = Pipe()
        p.standardOutput = out
        p.standardError = out
        try p.run()
        p.waitUntilExit()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(p.terminationStatus == 0, "\(text)")
        for (i, (name, input)) in inputs.enumerated() {
            let theirs = Array(try Data(contentsOf: dir.appendingPathComponent("\(i).py.snappy")))
            #expect(try Snappy.decompress(theirs, maxLength: 1 << 20) == input, "\(name)")
        }
    }
}
