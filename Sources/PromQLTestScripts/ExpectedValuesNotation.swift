import PromQL

/// The values of an expected series line. They use the load notation (`SeriesValues`), but upstream also
/// records, per histogram, whether `counter_reset_hint` was written: only then is the hint compared. For
/// `{{A}}+{{B}}xN` the flag comes from B, the last histogram built, as in upstream's parser.
enum ExpectedValuesNotation {
    static func parse(_ text: String) throws(SeriesValues.Failure) -> [ExpectedPoint] {
        var points: [ExpectedPoint] = []
        for token in tokens(text) {
            let values = try SeriesValues.parse(token.text)
            points.append(contentsOf: values.map { ExpectedPoint($0, counterResetHintSet: token.hintSet) })
        }
        return points
    }

    private struct Token {
        var text: String
        var hintSet: Bool
    }

    /// Splits at whitespace, keeping a histogram item (`{{…}}`, `{{…}}xN`, `{{…}}+{{…}}xN`) whole.
    private static func tokens(_ text: String) -> [Token] {
        let s = Array(text.unicodeScalars)
        var out: [Token] = []
        var i = 0
        func isSpace(_ c: Unicode.Scalar) -> Bool { c == " " || c == "\t" || c == "\n" || c == "\r" }
        func closing(from j: Int) -> Int {
            var k = j + 2
            while k + 1 < s.count, !(s[k] == "}" && s[k + 1] == "}") { k += 1 }
            return min(k + 2, s.count)
        }
        while i < s.count {
            if isSpace(s[i]) { i += 1; continue }
            let start = i
            var lastBody = ""
            if s[i] == "{", i + 1 < s.count, s[i + 1] == "{" {
                var end = closing(from: i)
                lastBody = String(String.UnicodeScalarView(s[i..<end]))
                if end + 2 < s.count, s[end] == "+" || s[end] == "-", s[end + 1] == "{", s[end + 2] == "{" {
                    let second = closing(from: end + 1)
                    lastBody = String(String.UnicodeScalarView(s[(end + 1)..<second]))
                    end = second
                }
                i = end
                if i < s.count, s[i] == "x" {
                    i += 1
                    while i < s.count, ("0"..."9").contains(s[i]) { i += 1 }
                }
            } else {
                while i < s.count, !isSpace(s[i]) { i += 1 }
            }
            out.append(Token(text: String(String.UnicodeScalarView(s[start..<i])),
                             hintSet: lastBody.contains("counter_reset_hint")))
        }
        return out
    }
}
