/// The text being matched: valid UTF-8 (every Swift string is), read one scalar at a time. Positions are byte
/// offsets; a scalar of -1 stands for "no scalar" (before the start or past the end).
struct RegexInput {
    let bytes: UnsafeBufferPointer<UInt8>

    var count: Int { bytes.count }

    /// The scalar at byte offset `i` and its length in bytes; (-1, 0) at the end.
    @inline(__always)
    func scalar(at i: Int) -> (Int32, Int) {
        guard i < bytes.count else { return (-1, 0) }
        let c0 = bytes[i]
        if c0 < 0x80 { return (Int32(c0), 1) }
        if c0 < 0xE0 {
            return (Int32(c0 & 0x1F) << 6 | Int32(bytes[i + 1] & 0x3F), 2)
        }
        if c0 < 0xF0 {
            return (Int32(c0 & 0x0F) << 12 | Int32(bytes[i + 1] & 0x3F) << 6 | Int32(bytes[i + 2] & 0x3F), 3)
        }
        return (Int32(c0 & 0x07) << 18 | Int32(bytes[i + 1] & 0x3F) << 12 | Int32(bytes[i + 2] & 0x3F) << 6
                    | Int32(bytes[i + 3] & 0x3F), 4)
    }

    /// The scalar ending at byte offset `i`; -1 at the start.
    @inline(__always)
    func scalar(before i: Int) -> Int32 {
        guard i > 0 else { return -1 }
        var j = i - 1
        while j > 0 && bytes[j] & 0xC0 == 0x80 { j -= 1 }
        return scalar(at: j).0
    }

    /// The empty-width conditions that hold at byte offset `i`.
    @inline(__always)
    func context(at i: Int) -> EmptyFlags {
        EmptyFlags.context(scalar(before: i), scalar(at: i).0)
    }

    /// Runs `body` over the UTF-8 bytes of `s` without copying when the string is stored contiguously.
    static func with<R>(_ s: String, _ body: (RegexInput) -> R) -> R {
        if let r = s.utf8.withContiguousStorageIfAvailable({ body(RegexInput(bytes: $0)) }) {
            return r
        }
        let copy = Array(s.utf8)
        return copy.withUnsafeBufferPointer { body(RegexInput(bytes: $0)) }
    }
}

extension RegexProgram {
    /// Whether instruction `inst` (a consuming one) accepts scalar `c`.
    @inline(__always)
    func accepts(_ inst: Inst, _ c: Int32) -> Bool {
        switch inst.op {
        case .rune1: return inst.arg == c
        case .runeClass: return c >= 0 && sets[Int(inst.arg)].contains(UInt32(c))
        case .runeAny: return c >= 0
        case .runeAnyNotNewline: return c >= 0 && c != 10
        default: return false
        }
    }
}
