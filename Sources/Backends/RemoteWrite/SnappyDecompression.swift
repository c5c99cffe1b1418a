/// Why a Snappy block could not be decompressed.
public enum SnappyError: Error, Sendable, Hashable, CustomStringConvertible {
    case corrupt(String)
    /// The preamble announces more bytes than the caller accepts.
    case tooLarge(length: Int, limit: Int)

    public var description: String {
        switch self {
        case .corrupt(let why): return "snappy: corrupt input: \(why)"
        case let .tooLarge(length, limit): return "snappy: decoded length \(length) exceeds the limit of \(limit) bytes"
        }
    }
}

extension Snappy {
    /// The length a block announces, without decompressing it.
    public static func decompressedLength(_ input: [UInt8]) throws(SnappyError) -> Int {
        try readPreamble(input).length
    }

    /// Decompresses a block, refusing to produce more than `maxLength` bytes (the preamble is checked before
    /// anything is allocated, so a hostile length costs nothing).
    public static func decompress(_ input: [UInt8], maxLength: Int = 64 << 20) throws(SnappyError) -> [UInt8] {
        let (length, headerSize) = try readPreamble(input)
        guard length <= maxLength else { throw .tooLarge(length: length, limit: maxLength) }
        var out: [UInt8] = []
        out.reserveCapacity(length)
        var i = headerSize
        while i < input.count {
            let tag = input[i]
            i += 1
            switch tag & 0b11 {
            case 0b00:
                var n = Int(tag >> 2)
                if n >= 60 {
                    let extra = n - 59
                    guard i + extra <= input.count else { throw .corrupt("literal length runs past the input") }
                    n = 0
                    for k in 0..<extra { n |= Int(input[i + k]) << (8 * k) }
                    i += extra
                }
                let literalLength = n + 1
                guard literalLength <= input.count - i else { throw .corrupt("literal runs past the input") }
                guard literalLength <= length - out.count else { throw .corrupt("literal runs past the announced length") }
                out.append(contentsOf: input[i..<(i + literalLength)])
                i += literalLength
            case 0b01:
                guard i < input.count else { throw .corrupt("copy offset runs past the input") }
                let copyLength = 4 + Int((tag >> 2) & 0b111)
                let offset = Int(tag >> 5) << 8 | Int(input[i])
                i += 1
                try copy(offset: offset, length: copyLength, into: &out, limit: length)
            case 0b10:
                guard i + 2 <= input.count else { throw .corrupt("copy offset runs past the input") }
                let offset = Int(input[i]) | Int(input[i + 1]) << 8
                i += 2
                try copy(offset: offset, length: Int(tag >> 2) + 1, into: &out, limit: length)
            default:
                guard i + 4 <= input.count else { throw .corrupt("copy offset runs past the input") }
                let offset = Int(input[i]) | Int(input[i + 1]) << 8 | Int(input[i + 2]) << 16 | Int(input[i + 3]) << 24
                i += 4
                try copy(offset: offset, length: Int(tag >> 2) + 1, into: &out, limit: length)
            }
        }
        guard out.count == length else {
            throw .corrupt("decoded \(out.count) bytes, the preamble announced \(length)")
        }
        return out
    }

    private static func copy(offset: Int, length: Int, into out: inout [UInt8], limit: Int) throws(SnappyError) {
        guard offset > 0, offset <= out.count else { throw .corrupt("copy offset \(offset) points before the start") }
        guard length <= limit - out.count else { throw .corrupt("copy runs past the announced length") }
        // Byte by byte: a copy may overlap what it writes (offset < length repeats a pattern).
        var from = out.count - offset
        for _ in 0..<length {
            out.append(out[from])
            from += 1
        }
    }

    private static func readPreamble(_ input: [UInt8]) throws(SnappyError) -> (length: Int, headerSize: Int) {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        for (i, b) in input.prefix(5).enumerated() {
            value |= UInt64(b & 0x7f) << shift
            if b & 0x80 == 0 {
                guard value <= UInt64(maxUncompressedLength) else { throw .corrupt("announced length \(value) is too large") }
                return (Int(value), i + 1)
            }
            shift += 7
        }
        throw .corrupt(input.isEmpty ? "empty input" : "invalid length preamble")
    }
}
