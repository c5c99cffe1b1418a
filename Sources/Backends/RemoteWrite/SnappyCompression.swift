/// The Snappy block format (https://github.com/google/snappy/blob/main/format_description.txt), which
/// remote write uses for its bodies (`Content-Encoding: snappy`, the block format, not the framing format).
///
/// A block is the uncompressed length as a varint, then elements: literals (tag `00`) and back-references
/// (tags `01`, `10`, `11`: copies with 1-, 2- and 4-byte offsets). The compressor is the classic greedy one:
/// 64 KiB blocks, a hash table of 4-byte sequences, matches extended byte by byte, and a growing skip over
/// input that does not compress (as Go's `snappy.Encode`). Its output differs from other encoders' byte for
/// byte but every decoder reads it; tests check both directions against the reference library.
public enum Snappy {
    /// Inputs are compressed in independent blocks of this size, so every offset fits two bytes.
    static let blockSize = 1 << 16
    /// Below this, a block is one literal: too short for a match to pay off (Go's `minNonLiteralBlockSize`).
    static let minNonLiteralBlockSize = 1 + 1 + 4
    /// The largest input the format can describe: the length preamble is a 32-bit varint.
    public static let maxUncompressedLength = Int(UInt32.max)

    public static func compress(_ input: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(maxCompressedLength(input.count))
        appendVarint(UInt64(input.count), to: &out)
        var start = 0
        while start < input.count {
            let end = min(start + blockSize, input.count)
            compressBlock(input, start, end, into: &out)
            start = end
        }
        return out
    }

    /// Upper bound of the compressed size (Go's `MaxEncodedLen`), for reserving capacity.
    static func maxCompressedLength(_ n: Int) -> Int { 32 + n + n / 6 }

    static func appendVarint(_ value: UInt64, to out: inout [UInt8]) {
        var v = value
        while v >= 0x80 {
            out.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        out.append(UInt8(v))
    }

    private static func load32(_ b: [UInt8], _ i: Int) -> UInt32 {
        UInt32(b[i]) | UInt32(b[i + 1]) << 8 | UInt32(b[i + 2]) << 16 | UInt32(b[i + 3]) << 24
    }

    private static let tableBits = 14

    private static func hash(_ u: UInt32) -> Int {
        Int((u &* 0x1e35_a7bd) >> UInt32(32 - tableBits))
    }

    /// Compresses `src[start..<end]` (at most `blockSize` bytes) as one run of elements.
    private static func compressBlock(_ src: [UInt8], _ start: Int, _ end: Int, into out: inout [UInt8]) {
        let n = end - start
        if n < minNonLiteralBlockSize {
            emitLiteral(src, start, end, into: &out)
            return
        }
        // Positions are stored +1 so that 0 means "empty".
        var table = [Int32](repeating: 0, count: 1 << tableBits)
        // The last 4-byte load must stay inside the block; leave room as the reference encoder does.
        let limit = end - 4
        var literalStart = start
        var i = start + 1
        var skip = 32
        while i < limit {
            let current = load32(src, i)
            let h = hash(current)
            let candidate = Int(table[h]) - 1
            table[h] = Int32(i - start + 1)
            let absoluteCandidate = start + candidate
            guard candidate >= 0, load32(src, absoluteCandidate) == current else {
                // No match: step further the longer nothing has matched.
                i += skip >> 5
                skip += 1
                continue
            }
            skip = 32
            emitLiteral(src, literalStart, i, into: &out)
            var matchEnd = i + 4
            var candidateEnd = absoluteCandidate + 4
            while matchEnd < end && src[matchEnd] == src[candidateEnd] {
                matchEnd += 1
                candidateEnd += 1
            }
            emitCopy(offset: i - absoluteCandidate, length: matchEnd - i, into: &out)
            // Remember the position just before the match's end, so a following repeat is found.
            if matchEnd - 1 < limit {
                table[hash(load32(src, matchEnd - 1))] = Int32(matchEnd - 1 - start + 1)
            }
            i = matchEnd
            literalStart = i
        }
        emitLiteral(src, literalStart, end, into: &out)
    }

    private static func emitLiteral(_ src: [UInt8], _ from: Int, _ to: Int, into out: inout [UInt8]) {
        let length = to - from
        guard length > 0 else { return }
        let n = length - 1
        switch n {
        case ..<60:
            out.append(UInt8(n) << 2)
        case ..<(1 << 8):
            out.append(60 << 2)
            out.append(UInt8(n))
        case ..<(1 << 16):
            out.append(61 << 2)
            out.append(UInt8(truncatingIfNeeded: n))
            out.append(UInt8(truncatingIfNeeded: n >> 8))
        case ..<(1 << 24):
            out.append(62 << 2)
            out.append(UInt8(truncatingIfNeeded: n))
            out.append(UInt8(truncatingIfNeeded: n >> 8))
            out.append(UInt8(truncatingIfNeeded: n >> 16))
        default:
            out.append(63 << 2)
            out.append(UInt8(truncatingIfNeeded: n))
            out.append(UInt8(truncatingIfNeeded: n >> 8))
            out.append(UInt8(truncatingIfNeeded: n >> 16))
            out.append(UInt8(truncatingIfNeeded: n >> 24))
        }
        out.append(contentsOf: src[from..<to])
    }

    /// Emits a back-reference; `offset` is at most `blockSize`, `length` at least 4.
    private static func emitCopy(offset: Int, length: Int, into out: inout [UInt8]) {
        var remaining = length
        // Long matches as 64-byte copies, keeping at least 4 bytes for the last element.
        while remaining >= 68 {
            emitCopy2(offset: offset, length: 64, into: &out)
            remaining -= 64
        }
        if remaining > 64 {
            emitCopy2(offset: offset, length: 60, into: &out)
            remaining -= 60
        }
        if remaining >= 12 || offset >= 2048 {
            emitCopy2(offset: offset, length: remaining, into: &out)
        } else {
            // Tag 01: length 4…11 in 3 bits, offset's high 3 bits in the tag, low 8 in the next byte.
            out.append(UInt8(offset >> 8) << 5 | UInt8(remaining - 4) << 2 | 0b01)
            out.append(UInt8(truncatingIfNeeded: offset))
        }
    }

    private static func emitCopy2(offset: Int, length: Int, into out: inout [UInt8]) {
        out.append(UInt8(length - 1) << 2 | 0b10)
        out.append(UInt8(truncatingIfNeeded: offset))
        out.append(UInt8(truncatingIfNeeded: offset >> 8))
    }
}
