/// A JSON document read from a log line, for the `json` and `unpack` parsers.
///
/// Numbers keep their text (Loki writes them into labels as written); objects and arrays keep the byte range
/// they came from, so a parameter that selects one yields its JSON text. Nesting is bounded.
indirect enum JSONLine {
    case object([(String, JSONLine)], raw: Range<Int>)
    case array([JSONLine], raw: Range<Int>)
    case string(String)
    case number(String)
    case bool(Bool)
    case null

    static let maxDepth = 256

    struct ParseError: Error {
        var message: String
    }

    /// Parses a whole line; anything but whitespace after the value is an error.
    static func parse(_ bytes: [UInt8]) throws(ParseError) -> JSONLine {
        var r = Reader(b: bytes)
        r.skipSpace()
        let v = try r.value(depth: 0)
        r.skipSpace()
        if r.i != bytes.count { throw ParseError(message: "unexpected \(r.describeHere) after the JSON value at offset \(r.i)") }
        return v
    }

    /// The value as a label value: strings unquoted, numbers and booleans as written, `null` empty, objects
    /// and arrays as their JSON text.
    func labelValue(in bytes: [UInt8]) -> String {
        switch self {
        case .string(let s): return s
        case .number(let n): return n
        case .bool(let b): return b ? "true" : "false"
        case .null: return ""
        case .object(_, let raw), .array(_, let raw): return String(decoding: bytes[raw], as: UTF8.self)
        }
    }

    /// `| json` without parameters: the scalars of a whole-line object, keys of nested objects joined with `_`
    /// (each part sanitised), arrays skipped. Read in one pass without building a tree, since this runs for
    /// every line of a query; the pairs are returned only when the whole line is valid JSON.
    static func flattenedObject(_ bytes: [UInt8]) throws(ParseError) -> [(String, String)] {
        var r = Reader(b: bytes)
        r.skipSpace()
        guard r.i < bytes.count, bytes[r.i] == UInt8(ascii: "{") else {
            throw ParseError(message: "the line is not a JSON object")
        }
        var out: [(String, String)] = []
        try r.flatten(prefix: "", depth: 0, into: &out)
        r.skipSpace()
        if r.i != bytes.count { throw ParseError(message: "unexpected \(r.describeHere) after the JSON value at offset \(r.i)") }
        return out
    }

    struct Reader {
        let b: [UInt8]
        var i = 0

        var describeHere: String {
            i < b.count ? "character \(String(decoding: [b[i]], as: UTF8.self).debugDescription)" : "end of line"
        }

        mutating func skipSpace() {
            while i < b.count, b[i] == 0x20 || b[i] == 0x09 || b[i] == 0x0A || b[i] == 0x0D { i += 1 }
        }

        mutating func value(depth: Int) throws(ParseError) -> JSONLine {
            guard depth < JSONLine.maxDepth else { throw ParseError(message: "JSON nested deeper than \(JSONLine.maxDepth) levels") }
            guard i < b.count else { throw ParseError(message: "unexpected end of line, expected a JSON value") }
            switch b[i] {
            case UInt8(ascii: "{"): return try object(depth: depth)
            case UInt8(ascii: "["): return try array(depth: depth)
            case UInt8(ascii: "\""): return .string(try string())
            case UInt8(ascii: "t"): try word("true"); return .bool(true)
            case UInt8(ascii: "f"): try word("false"); return .bool(false)
            case UInt8(ascii: "n"): try word("null"); return .null
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try number())
            default: throw ParseError(message: "unexpected \(describeHere) at offset \(i), expected a JSON value")
            }
        }

        mutating func word(_ w: String) throws(ParseError) {
            let u = Array(w.utf8)
            guard i + u.count <= b.count, Array(b[i..<(i + u.count)]) == u else {
                throw ParseError(message: "unexpected \(describeHere) at offset \(i), expected \(w)")
            }
            i += u.count
        }

        mutating func number() throws(ParseError) -> String {
            let start = i
            if b[i] == UInt8(ascii: "-") { i += 1 }
            func digits(_ r: inout Reader) -> Int {
                let s = r.i
                while r.i < r.b.count, r.b[r.i] >= 0x30, r.b[r.i] <= 0x39 { r.i += 1 }
                return r.i - s
            }
            guard digits(&self) > 0 else { throw ParseError(message: "invalid number at offset \(start)") }
            if i < b.count, b[i] == UInt8(ascii: ".") {
                i += 1
                guard digits(&self) > 0 else { throw ParseError(message: "invalid number at offset \(start)") }
            }
            if i < b.count, b[i] == UInt8(ascii: "e") || b[i] == UInt8(ascii: "E") {
                i += 1
                if i < b.count, b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") { i += 1 }
                guard digits(&self) > 0 else { throw ParseError(message: "invalid number at offset \(start)") }
            }
            return String(decoding: b[start..<i], as: UTF8.self)
        }

        mutating func string() throws(ParseError) -> String {
            let start = i
            i += 1
            var out: [UInt8] = []
            var plainFrom = i
            while i < b.count {
                let c = b[i]
                if c == UInt8(ascii: "\"") {
                    out.append(contentsOf: b[plainFrom..<i])
                    i += 1
                    return String(decoding: out, as: UTF8.self)
                }
                if c < 0x20 { throw ParseError(message: "control character in a JSON string at offset \(i)") }
                if c == UInt8(ascii: "\\") {
                    out.append(contentsOf: b[plainFrom..<i])
                    i += 1
                    guard i < b.count else { break }
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
                        if (0xD800..<0xDC00).contains(scalar), i + 2 < b.count, b[i + 1] == UInt8(ascii: "\\"), b[i + 2] == UInt8(ascii: "u") {
                            let save = i
                            i += 2
                            let low = try hex4()
                            if (0xDC00..<0xE000).contains(low) {
                                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                            } else {
                                i = save
                            }
                        }
                        let u = Unicode.Scalar(scalar) ?? "\u{FFFD}"
                        out.append(contentsOf: Array(String(Character(u)).utf8))
                    default:
                        throw ParseError(message: "invalid escape in a JSON string at offset \(i)")
                    }
                    i += 1
                    plainFrom = i
                    continue
                }
                i += 1
            }
            throw ParseError(message: "unterminated JSON string starting at offset \(start)")
        }

        /// Reads `uXXXX` with `i` on the `u`; leaves `i` on the last hex digit.
        mutating func hex4() throws(ParseError) -> UInt32 {
            guard i + 4 < b.count else { throw ParseError(message: "invalid \\u escape at offset \(i)") }
            var v: UInt32 = 0
            for k in 1...4 {
                let c = b[i + k]
                let d: UInt32
                switch c {
                case 0x30...0x39: d = UInt32(c - 0x30)
                case 0x61...0x66: d = UInt32(c - 0x61 + 10)
                case 0x41...0x46: d = UInt32(c - 0x41 + 10)
                default: throw ParseError(message: "invalid \\u escape at offset \(i)")
                }
                v = v << 4 | d
            }
            i += 4
            return v
        }

        /// Reads the object at `i`, appending `prefix_key` and value pairs for its scalars.
        mutating func flatten(prefix: String, depth: Int, into out: inout [(String, String)]) throws(ParseError) {
            guard depth < JSONLine.maxDepth else { throw ParseError(message: "JSON nested deeper than \(JSONLine.maxDepth) levels") }
            i += 1
            skipSpace()
            if i < b.count, b[i] == UInt8(ascii: "}") { i += 1; return }
            while true {
                skipSpace()
                guard i < b.count, b[i] == UInt8(ascii: "\"") else {
                    throw ParseError(message: "unexpected \(describeHere) at offset \(i), expected an object key")
                }
                let key = LabelsBuilder.sanitize(try string())
                let name = prefix.isEmpty ? key : prefix + "_" + key
                skipSpace()
                guard i < b.count, b[i] == UInt8(ascii: ":") else {
                    throw ParseError(message: "unexpected \(describeHere) at offset \(i), expected ':'")
                }
                i += 1
                skipSpace()
                guard i < b.count else { throw ParseError(message: "unexpected end of line, expected a JSON value") }
                switch b[i] {
                case UInt8(ascii: "{"): try flatten(prefix: name, depth: depth + 1, into: &out)
                case UInt8(ascii: "["): _ = try array(depth: depth + 1)
                case UInt8(ascii: "\""): out.append((name, try string()))
                default: out.append((name, try value(depth: depth + 1).labelValue(in: b)))
                }
                skipSpace()
                guard i < b.count else { throw ParseError(message: "unexpected end of line in a JSON object") }
                if b[i] == UInt8(ascii: ",") { i += 1; continue }
                if b[i] == UInt8(ascii: "}") { i += 1; return }
                throw ParseError(message: "unexpected \(describeHere) at offset \(i), expected ',' or '}'")
            }
        }

        mutating func object(depth: Int) throws(ParseError) -> JSONLine {
            let start = i
            i += 1
            var members: [(String, JSONLine)] = []
            skipSpace()
            if i < b.count, b[i] == UInt8(ascii: "}") { i += 1; return .object([], raw: start..<i) }
            while true {
                skipSpace()
                guard i < b.count, b[i] == UInt8(ascii: "\"") else {
                    throw ParseError(message: "unexpected \(describeHere) at offset \(i), expected an object key")
                }
                let key = try string()
                skipSpace()
                guard i < b.count, b[i] == UInt8(ascii: ":") else {
                    throw ParseError(message: "unexpected \(describeHere) at offset \(i), expected ':'")
                }
                i += 1
                skipSpace()
                members.append((key, try value(depth: depth + 1)))
                skipSpace()
                guard i < b.count else { throw ParseError(message: "unexpected end of line in a JSON object") }
                if b[i] == UInt8(ascii: ",") { i += 1; continue }
                if b[i] == UInt8(ascii: "}") { i += 1; return .object(members, raw: start..<i) }
                throw ParseError(message: "unexpected \(describeHere) at offset \(i), expected ',' or '}'")
            }
        }

        mutating func array(depth: Int) throws(ParseError) -> JSONLine {
            let start = i
            i += 1
            var items: [JSONLine] = []
            skipSpace()
            if i < b.count, b[i] == UInt8(ascii: "]") { i += 1; return .array([], raw: start..<i) }
            while true {
                skipSpace()
                items.append(try value(depth: depth + 1))
                skipSpace()
                guard i < b.count else { throw ParseError(message: "unexpected end of line in a JSON array") }
                if b[i] == UInt8(ascii: ",") { i += 1; continue }
                if b[i] == UInt8(ascii: "]") { i += 1; return .array(items, raw: start..<i) }
                throw ParseError(message: "unexpected \(describeHere) at offset \(i), expected ',' or ']'")
            }
        }
    }
}

/// A parameter's path into a JSON document: `a.b`, `a[0]`, `a["key with.dot"]`.
/// https://grafana.com/docs/loki/latest/query/log_queries/ "JSON" (parameters).
enum JSONPathStep: Equatable, Sendable {
    case key(String)
    case index(Int)

    static func parse(_ text: String) throws(PipelineCompileError) -> [JSONPathStep] {
        var steps: [JSONPathStep] = []
        let s = Array(text.unicodeScalars)
        var i = 0
        var name = ""
        func flush() { if !name.isEmpty { steps.append(.key(name)); name = "" } }
        while i < s.count {
            let c = s[i]
            if c == "." {
                flush()
                i += 1
            } else if c == "[" {
                flush()
                i += 1
                if i < s.count, s[i] == "\"" {
                    i += 1
                    var key = ""
                    while i < s.count, s[i] != "\"" {
                        if s[i] == "\\", i + 1 < s.count { i += 1 }
                        key.unicodeScalars.append(s[i])
                        i += 1
                    }
                    guard i + 1 < s.count, s[i + 1] == "]" else { throw PipelineCompileError("invalid JSON expression \(text)") }
                    steps.append(.key(key))
                    i += 2
                } else {
                    var digits = ""
                    while i < s.count, s[i] != "]" { digits.unicodeScalars.append(s[i]); i += 1 }
                    guard i < s.count, let n = Int(digits), n >= 0 else { throw PipelineCompileError("invalid JSON expression \(text)") }
                    steps.append(.index(n))
                    i += 1
                }
            } else {
                name.unicodeScalars.append(c)
                i += 1
            }
        }
        flush()
        if steps.isEmpty { throw PipelineCompileError("invalid JSON expression \(text)") }
        return steps
    }

    static func lookup(_ steps: [JSONPathStep], in root: JSONLine) -> JSONLine? {
        var node = root
        for step in steps {
            switch (step, node) {
            case (.key(let k), .object(let members, _)):
                guard let v = members.last(where: { $0.0 == k })?.1 else { return nil }
                node = v
            case (.index(let n), .array(let items, _)):
                guard n < items.count else { return nil }
                node = items[n]
            default:
                return nil
            }
        }
        return node
    }
}
