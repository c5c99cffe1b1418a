/// The DATA section as Go's `textproto.DotWriter` sends it: every line break as CRLF, a `.` at the start
/// of a line doubled, and the closing `.` line (after a CRLF when the text does not end with one).
enum DotStuffing {
    static func encode(_ message: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(message.count + message.count / 64 + 5)
        var lineStart = true
        var afterCR = false
        for b in message {
            if lineStart && b == UInt8(ascii: ".") { out.append(b) }
            switch b {
            case 0x0D:
                out.append(b)
                afterCR = true
                lineStart = false
                continue
            case 0x0A:
                if !afterCR { out.append(0x0D) }
                out.append(b)
                lineStart = true
            default:
                out.append(b)
                lineStart = false
            }
            afterCR = false
        }
        if !lineStart { out += [0x0D, 0x0A] }
        out += Array(".\r\n".utf8)
        return out
    }
}
