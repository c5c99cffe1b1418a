import TimeSeries

/// A parsed JSON document, as small as JSON allows: objects keep their members in order as pairs
/// (duplicates included, so a Go-style decoder can let the last one win), numbers are Go's `float64`.
///
/// Foundation's `JSONSerialization` builds `NSDictionary`/`NSArray`/`NSNumber` objects, several times the
/// size of the text, and reports errors without a place; this parser is what template data goes through.
///
/// Parsing recurses once per nesting level and so does releasing the tree: callers parse, use and drop the
/// tree inside one `LargeStack.run`, so no deep tree reaches a small stack.
indirect enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([(key: String, value: JSONValue)])

    public static func == (a: JSONValue, b: JSONValue) -> Bool {
        switch (a, b) {
        case (.null, .null): return true
        case (.bool(let x), .bool(let y)): return x == y
        case (.number(let x), .number(let y)): return x == y
        case (.string(let x), .string(let y)): return x == y
        case (.array(let x), .array(let y)): return x == y
        case (.object(let x), .object(let y)):
            return x.count == y.count && zip(x, y).allSatisfy { $0.key == $1.key && $0.value == $1.value }
        default: return false
        }
    }

    /// A syntax error in Go's `encoding/json` wording, with where it is.
    struct SyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
        /// Go's text: "invalid character 'x' looking for beginning of value", "unexpected end of JSON input".
        public let message: String
        /// Byte offset of the offending byte (the length of the input for an early end).
        public let offset: Int
        public let line: Int
        public let column: Int
        public var description: String { "\(message) (at byte \(offset), line \(line), column \(column))" }
    }

    /// Nesting deeper than this is refused (Go's decoder stops at 10000 too: "exceeded max depth").
    public static let maxDepth = 10_000

    /// Parses `bytes`; call it on a `LargeStack` thread (see above).
    static func parse(_ bytes: UnsafeRawBufferPointer) throws(SyntaxError) -> JSONValue {
        var parser = JSONParser(bytes.bindMemory(to: UInt8.self))
        return try parser.document()
    }
}

/// A recursive-descent JSON parser over UTF-8 bytes (RFC 8259, as Go's `encoding/json` accepts it).
struct JSONParser {
    let b: UnsafeBufferPointer<UInt8>
    var i = 0
    var depth = 0

    init(_ bytes: UnsafeBufferPointer<UInt8>) { b = bytes }

    func fail(_ message: String, at offset: Int) -> JSONValue.SyntaxError {
        var line = 1, column = 1
        for k in 0..<min(offset, b.count) {
            if b[k] == 0x0A { line += 1; column = 1 } else if b[k] & 0xC0 != 0x80 { column += 1 }
        }
        return JSONValue.SyntaxError(message: message, offset: offset, line: line, column: column)
    }

    /// Go's `quoteChar`.
    func invalid(_ context: String) -> JSONValue.SyntaxError {
        guard i < b.count else { return fail("unexpected end of JSON input", at: b.count) }
        let c = b[i]
        let quoted: String
        switch c {
        case UInt8(ascii: "'"): quoted = #"'\''"#
        case UInt8(ascii: "\""): quoted = #"'"'"#
        default:
            let s = c < 0x80 ? GoQuote.quote(String(UnicodeScalar(c))) : #""\x"# + String(c, radix: 16) + "\""
            quoted = "'" + s.dropFirst().dropLast() + "'"
        }
        return fail("invalid character \(quoted) \(context)", at: i)
    }

    mutating func skipSpace() {
        while i < b.count, b[i] == 0x20 || b[i] == 0x0A || b[i] == 0x0D || b[i] == 0x09 { i += 1 }
    }

    mutating func document() throws(JSONValue.SyntaxError) -> JSONValue {
        skipSpace()
        let v = try value()
        skipSpace()
        if i < b.count { throw invalid("after top-level value") }
        return v
    }

    mutating func value() throws(JSONValue.SyntaxError) -> JSONValue {
        guard i < b.count else { throw fail("unexpected end of JSON input", at: b.count) }
        switch b[i] {
        case UInt8(ascii: "{"): return try object()
        case UInt8(ascii: "["): return try array()
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try number())
        default: throw invalid("looking for beginning of value")
        }
    }

    mutating func enter() throws(JSONValue.SyntaxError) {
        depth += 1
        if depth > JSONValue.maxDepth { throw fail("exceeded max depth", at: i) }
    }

    mutating func object() throws(JSONValue.SyntaxError) -> JSONValue {
        var members: [(key: String, value: JSONValue)] = []
        try self.members { p, key throws(JSONValue.SyntaxError) in members.append((key, try p.value())) }
        return .object(members)
    }

    /// Reads the object at `i` member by member, handing each key to `member`, which must read the value.
    mutating func members(_ member: (inout JSONParser, String) throws(JSONValue.SyntaxError) -> Void) throws(JSONValue.SyntaxError) {
        try enter()
        defer { depth -= 1 }
        i += 1
        skipSpace()
        if i < b.count, b[i] == UInt8(ascii: "}") { i += 1; return }
        while true {
            skipSpace()
            guard i < b.count else { throw fail("unexpected end of JSON input", at: b.count) }
            guard b[i] == UInt8(ascii: "\"") else { throw invalid("looking for beginning of object key string") }
            let key = try string()
            skipSpace()
            guard i < b.count else { throw fail("unexpected end of JSON input", at: b.count) }
            guard b[i] == UInt8(ascii: ":") else { throw invalid("after object key") }
            i += 1
            skipSpace()
            try member(&self, key)
            skipSpace()
            guard i < b.count else { throw fail("unexpected end of JSON input", at: b.count) }
            if b[i] == UInt8(ascii: ",") { i += 1; continue }
            if b[i] == UInt8(ascii: "}") { i += 1; return }
            throw invalid("after object key:value pair")
        }
    }

    /// Reads the array at `i` element by element; `element` must read one value.
    mutating func elements(_ element: (inout JSONParser) throws(JSONValue.SyntaxError) -> Void) throws(JSONValue.SyntaxError) {
        try enter()
        defer { depth -= 1 }
        i += 1
        skipSpace()
        if i < b.count, b[i] == UInt8(ascii: "]") { i += 1; return }
        while true {
            skipSpace()
            try element(&self)
            skipSpace()
            guard i < b.count else { throw fail("unexpected end of JSON input", at: b.count) }
            if b[i] == UInt8(ascii: ",") { i += 1; continue }
            if b[i] == UInt8(ascii: "]") { i += 1; return }
            throw invalid("after array element")
        }
    }

    mutating func array() throws(JSONValue.SyntaxError) -> JSONValue {
        var items: [JSONValue] = []
        try elements { p throws(JSONValue.SyntaxError) in items.append(try p.value()) }
        return .array(items)
    }

    mutating func literal(_ word: StaticString) throws(JSONValue.SyntaxError) {
        let w = UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount)
        for k in 0..<w.count {
            guard i < b.count else { throw fail("unexpected end of JSON input", at: b.count) }
            if b[i] != w[k] {
                throw invalid("in literal \(word) (expecting '\(Character(UnicodeScalar(w[k])))')")
            }
            i += 1
        }
    }

    mutating func number() throws(JSONValue.SyntaxError) -> Double {
        let start = i
        func digit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }
        if b[i] == UInt8(ascii: "-") {
            i += 1
            guard i < b.count else { throw fail("unexpected end of JSON input", at: b.count) }
            guard digit(b[i]) else { throw invalid("in numeric literal") }
        }
        if b[i] == UInt8(ascii: "0") { i += 1 } else { while i < b.count, digit(b[i]) { i += 1 } }
        if i < b.count, b[i] == UInt8(ascii: ".") {
            i += 1
            guard i < b.count else { throw fail("unexpected end of JSON input", at: b.count) }
            guard digit(b[i]) else { throw invalid("after decimal point in numeric literal") }
            while i < b.count, digit(b[i]) { i += 1 }
        }
        if i < b.count, b[i] == UInt8(ascii: "e") || b[i] == UInt8(ascii: "E") {
            i += 1
            if i < b.count, b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") { i += 1 }
            guard i < b.count else { throw fail("unexpected end of JSON input", at: b.count) }
            guard digit(b[i]) else { throw invalid("in exponent of numeric literal") }
            while i < b.count, digit(b[i]) { i += 1 }
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: b[start..<i]), as: UTF8.self)
        // Out-of-range numbers parse to ±Inf here; Go's decoder reports them when storing a float64.
        return Double(text) ?? 0
    }

    mutating func string() throws(JSONValue.SyntaxError) -> String {
        i += 1
        let start = i
        // Fast path: no escapes and valid UTF-8 — one copy of the bytes.
        while i < b.count, b[i] != UInt8(ascii: "\""), b[i] != UInt8(ascii: "\\"), b[i] >= 0x20 { i += 1 }
        if i < b.count, b[i] == UInt8(ascii: "\"") {
            let slice = UnsafeBufferPointer(rebasing: b[start..<i])
            i += 1
            // Go replaces invalid UTF-8 with U+FFFD, as String(decoding:) does.
            return String(decoding: slice, as: UTF8.self)
        }
        var out: [UInt8] = Array(UnsafeBufferPointer(rebasing: b[start..<i]))
        while true {
            guard i < b.count else { throw fail("unexpected end of JSON input", at: b.count) }
            let c = b[i]
            if c == UInt8(ascii: "\"") { i += 1; break }
            if c < 0x20 { throw invalid("in string literal") }
            if c != UInt8(ascii: "\\") { out.append(c); i += 1; continue }
            i += 1
            guard i < b.count else { throw fail("unexpected end of JSON input", at: b.count) }
            switch b[i] {
            case UInt8(ascii: "\""): out.append(0x22)
            case UInt8(ascii: "\\"): out.append(0x5C)
            case UInt8(ascii: "/"): out.append(0x2F)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = try hex4()
                if (0xD800..<0xDC00).contains(scalar), i + 6 < b.count, b[i + 1] == UInt8(ascii: "\\"), b[i + 2] == UInt8(ascii: "u") {
                    let save = i
                    i += 2
                    let low = try hex4()
                    if (0xDC00..<0xE000).contains(low) {
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    } else {
                        i = save
                    }
                }
                let u = UnicodeScalar(scalar) ?? "\u{FFFD}"
                out.append(contentsOf: Array(String(u).utf8))
            default: throw invalid("in string escape code")
            }
            i += 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The four hex digits after `\u`; leaves `i` on the last of them.
    mutating func hex4() throws(JSONValue.SyntaxError) -> UInt32 {
        var v: UInt32 = 0
        for _ in 0..<4 {
            i += 1
            guard i < b.count else { throw fail("unexpected end of JSON input", at: b.count) }
            let c = b[i]
            let d: UInt8
            switch c {
            case 0x30...0x39: d = c - 0x30
            case 0x41...0x46: d = c - 0x41 + 10
            case 0x61...0x66: d = c - 0x61 + 10
            default: throw invalid("in \\u hexadecimal character escape")
            }
            v = v << 4 | UInt32(d)
        }
        return v
    }
}
