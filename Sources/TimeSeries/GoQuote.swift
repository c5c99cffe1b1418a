/// Go's `strconv.Quote`: double quotes, with Go's escapes for control and non-printable characters.
///
/// Prometheus prints label values and string literals this way, so printed output matches upstream byte for byte.
public func quoteGo(_ s: String) -> String {
    var out = "\""
    for scalar in s.unicodeScalars {
        switch scalar {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\u{07}": out += "\\a"
        case "\u{08}": out += "\\b"
        case "\u{0C}": out += "\\f"
        case "\n": out += "\\n"
        case "\r": out += "\\r"
        case "\t": out += "\\t"
        case "\u{0B}": out += "\\v"
        default:
            if isGoPrintable(scalar) {
                out.unicodeScalars.append(scalar)
            } else if scalar.value < 0x80 {
                out += "\\x" + hex(scalar.value, width: 2)
            } else if scalar.value < 0x10000 {
                out += "\\u" + hex(scalar.value, width: 4)
            } else {
                out += "\\U" + hex(scalar.value, width: 8)
            }
        }
    }
    return out + "\""
}

private func hex(_ v: UInt32, width: Int) -> String {
    let digits = String(v, radix: 16)
    return String(repeating: "0", count: max(0, width - digits.count)) + digits
}

/// An approximation of Go's `strconv.IsPrint`: letters, marks, numbers, punctuation, symbols and the
/// ASCII space are printable; other spaces, controls, formats and unassigned code points are not.
public func isGoPrintable(_ scalar: Unicode.Scalar) -> Bool {
    if scalar.value < 0x80 { return scalar.value >= 0x20 && scalar.value != 0x7F }
    switch scalar.properties.generalCategory {
    case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
         .nonspacingMark, .spacingMark, .enclosingMark,
         .decimalNumber, .letterNumber, .otherNumber,
         .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
         .initialPunctuation, .finalPunctuation, .otherPunctuation,
         .mathSymbol, .currencySymbol, .modifierSymbol, .otherSymbol:
        return true
    default:
        return false
    }
}
