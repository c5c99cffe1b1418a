/// Quoted-printable as Go's `mime/quotedprintable.Writer` writes text (not binary): lines of at most 76
/// characters with `=` soft breaks, line breaks written as CRLF, `=` and bytes outside printable ASCII
/// as `=XX`, and a space or tab at the end of a line encoded so that no transport strips it.
enum QuotedPrintable {
    static let lineMax = 76

    static func encode(_ text: String) -> String {
        var out: [UInt8] = []
        var line: [UInt8] = []
        var afterCR = false
        let hex = Array("0123456789ABCDEF".utf8)

        func flush() { out += line; line.removeAll(keepingCapacity: true) }
        func softBreak() { line += Array("=\r\n".utf8); flush() }
        func hardBreak() {
            // A trailing space or tab would be lost in transport: encode it.
            if let last = line.last, last == 0x20 || last == 0x09 {
                line.removeLast()
                encoded(last)
            }
            line += [0x0D, 0x0A]
            flush()
        }
        func encoded(_ b: UInt8) {
            if lineMax - 1 - line.count < 3 { softBreak() }
            line += [UInt8(ascii: "="), hex[Int(b >> 4)], hex[Int(b & 15)]]
        }
        func literal(_ b: UInt8) {
            if line.count == lineMax - 1 { softBreak() }
            line.append(b)
        }

        for b in text.utf8 {
            switch b {
            case 0x0D, 0x0A:
                // CRLF is one break; a lone CR or LF is one too.
                if afterCR && b == 0x0A { afterCR = false; continue }
                afterCR = b == 0x0D
                hardBreak()
                continue
            case UInt8(ascii: "!")...UInt8(ascii: "~") where b != UInt8(ascii: "="), 0x20, 0x09:
                literal(b)
            default:
                encoded(b)
            }
            afterCR = false
        }
        if let last = line.last, last == 0x20 || last == 0x09 {
            line.removeLast()
            encoded(last)
        }
        flush()
        return String(decoding: out, as: UTF8.self)
    }
}

/// RFC 2047 "Q" encoded words as Go's `mime.QEncoding.Encode("utf-8", s)` writes header values: text
/// that is printable ASCII (or tab) is left as it is; otherwise `=?utf-8?q?…?=` words of at most 75
/// characters, split between characters, separated by a space.
enum MIMEHeaderEncoding {
    static func qEncode(_ s: String) -> String {
        let needs = s.unicodeScalars.contains { ($0.value < 0x20 || $0.value > 0x7E) && $0 != "\t" }
        guard needs else { return s }
        let prefix = "=?utf-8?q?", suffix = "?="
        let maxContent = 75 - prefix.count - suffix.count
        let hex = Array("0123456789ABCDEF")
        var words: [String] = []
        var current = ""
        for ch in s.unicodeScalars {
            var piece = ""
            for b in String(ch).utf8 {
                if b == 0x20 {
                    piece += "_"
                } else if b >= 0x21, b <= 0x7E, b != UInt8(ascii: "="), b != UInt8(ascii: "?"), b != UInt8(ascii: "_") {
                    piece.unicodeScalars.append(Unicode.Scalar(b))
                } else {
                    piece += "=" + String(hex[Int(b >> 4)]) + String(hex[Int(b & 15)])
                }
            }
            if current.count + piece.count > maxContent {
                words.append(prefix + current + suffix)
                current = ""
            }
            current += piece
        }
        words.append(prefix + current + suffix)
        return words.joined(separator: " ")
    }
}
