/// `ip("...")` in line filters and label filters: one address, a CIDR range or a `from-to` range, IPv4 or
/// IPv6. https://grafana.com/docs/loki/latest/query/ip/ "Matching IP addresses".
struct IPMatcher: Sendable {
    /// An address as a 128-bit number and its family; IPv4 addresses only compare with IPv4.
    struct Address: Comparable, Sendable {
        var v6: Bool
        var hi: UInt64
        var lo: UInt64
        static func < (a: Address, b: Address) -> Bool { (a.hi, a.lo) < (b.hi, b.lo) }
    }

    let first: Address
    let last: Address

    init?(_ spec: String) {
        let s = spec.trimmingSpaces
        if let slash = s.firstIndex(of: "/") {
            guard let base = IPMatcher.parse(String(s[..<slash])), let bits = Int(s[s.index(after: slash)...]) else { return nil }
            let width = base.v6 ? 128 : 32
            guard bits >= 0, bits <= width else { return nil }
            let hostBits = width - bits
            (first, last) = IPMatcher.cidr(base, hostBits: hostBits)
        } else if let dash = s.firstIndex(of: "-") {
            guard let a = IPMatcher.parse(String(s[..<dash])), let b = IPMatcher.parse(String(s[s.index(after: dash)...])),
                  a.v6 == b.v6, a <= b else { return nil }
            first = a
            last = b
        } else {
            guard let a = IPMatcher.parse(s) else { return nil }
            first = a
            last = a
        }
    }

    func contains(_ a: Address) -> Bool { a.v6 == first.v6 && first <= a && a <= last }

    /// Whether `text` is one address inside the range (label filters).
    func matchesValue(_ text: String) -> Bool {
        guard let a = IPMatcher.parse(text.trimmingSpaces) else { return false }
        return contains(a)
    }

    /// Whether any address written in `line` is inside the range (line filters).
    func matchesLine(_ line: String) -> Bool {
        let bytes = Array(line.utf8)
        var i = 0
        while i < bytes.count {
            guard IPMatcher.isAddressByte(bytes[i]) else { i += 1; continue }
            var j = i
            while j < bytes.count, IPMatcher.isAddressByte(bytes[j]) { j += 1 }
            let run = String(decoding: bytes[i..<j], as: UTF8.self)
            if let a = IPMatcher.parse(run), contains(a) { return true }
            // `10.0.0.1:8080` and `[::1]:80`: an IPv4 address before a port, or the parts around colons.
            if run.contains(":") {
                for part in run.split(separator: ":") where part.contains(".") {
                    if let a = IPMatcher.parse(String(part)), contains(a) { return true }
                }
                if let lastColon = run.lastIndex(of: ":"), let a = IPMatcher.parse(String(run[..<lastColon])), contains(a) { return true }
            }
            i = j
        }
        return false
    }

    static func isAddressByte(_ b: UInt8) -> Bool {
        (b >= 0x30 && b <= 0x39) || (b >= 0x61 && b <= 0x66) || (b >= 0x41 && b <= 0x46) || b == 0x2E || b == 0x3A
    }

    static func cidr(_ base: Address, hostBits: Int) -> (Address, Address) {
        if !base.v6 {
            let mask: UInt64 = hostBits >= 32 ? 0xFFFF_FFFF : (UInt64(1) << UInt64(hostBits)) - 1
            return (Address(v6: false, hi: 0, lo: base.lo & ~mask), Address(v6: false, hi: 0, lo: (base.lo & ~mask) | mask))
        }
        let loMask: UInt64 = hostBits >= 64 ? .max : (hostBits == 0 ? 0 : (UInt64(1) << UInt64(hostBits)) - 1)
        let hiBits = hostBits - 64
        let hiMask: UInt64 = hiBits <= 0 ? 0 : (hiBits >= 64 ? .max : (UInt64(1) << UInt64(hiBits)) - 1)
        return (Address(v6: true, hi: base.hi & ~hiMask, lo: base.lo & ~loMask),
                Address(v6: true, hi: base.hi | hiMask, lo: base.lo | loMask))
    }

    /// Go's `netip.ParseAddr` forms: dotted IPv4 (no leading zeros) and IPv6 with `::` and an IPv4 tail.
    static func parse(_ s: String) -> Address? {
        if s.contains(":") { return parseV6(s) }
        guard let v = parseV4(Substring(s)) else { return nil }
        return Address(v6: false, hi: 0, lo: UInt64(v))
    }

    static func parseV4(_ s: Substring) -> UInt32? {
        let parts = s.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var v: UInt32 = 0
        for p in parts {
            guard !p.isEmpty, p.count <= 3, p.allSatisfy(\.isASCIIDigit), !(p.count > 1 && p.first == "0"),
                  let n = UInt32(p), n <= 255 else { return nil }
            v = v << 8 | n
        }
        return v
    }

    static func parseV6(_ s: String) -> Address? {
        var groups: [UInt16] = []
        var gapAt: Int? = nil
        var text = Substring(s)
        if text.hasPrefix("::") { gapAt = 0; text = text.dropFirst(2) }
        while !text.isEmpty {
            let end = text.firstIndex(of: ":") ?? text.endIndex
            let piece = text[..<end]
            if piece.contains(".") {
                // An IPv4 tail fills the last two groups.
                guard end == text.endIndex, let v4 = parseV4(piece) else { return nil }
                groups.append(UInt16(v4 >> 16))
                groups.append(UInt16(v4 & 0xFFFF))
                text = text[end...]
                break
            }
            guard !piece.isEmpty, piece.count <= 4, let g = UInt16(piece, radix: 16) else { return nil }
            groups.append(g)
            text = text[end...]
            if text.hasPrefix("::") {
                if gapAt != nil { return nil }
                gapAt = groups.count
                text = text.dropFirst(2)
            } else if text.hasPrefix(":") {
                text = text.dropFirst()
                if text.isEmpty { return nil }
            }
        }
        if let gap = gapAt {
            guard groups.count < 8 else { return nil }
            groups.insert(contentsOf: Array(repeating: 0, count: 8 - groups.count), at: gap)
        }
        guard groups.count == 8 else { return nil }
        var hi: UInt64 = 0, lo: UInt64 = 0
        for g in groups[0..<4] { hi = hi << 16 | UInt64(g) }
        for g in groups[4..<8] { lo = lo << 16 | UInt64(g) }
        return Address(v6: true, hi: hi, lo: lo)
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}

extension StringProtocol {
    var trimmingSpaces: String {
        var s = Substring(self)
        while s.first == " " { s = s.dropFirst() }
        while s.last == " " { s = s.dropLast() }
        return String(s)
    }
}
