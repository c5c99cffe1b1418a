/// `golang.org/x/text/cases.Title`: Unicode word segmentation (letters and digits form words,
/// joined by `_`, and by `'` `.` `:` `’` between letters); the first cased letter of each word is
/// title-cased, the rest lower-cased unless `lowerRest` is false (`cases.NoLower`).
enum UnicodeTitle {
    static func isWordChar(_ c: Character) -> Bool {
        c.isLetter || c.isNumber || c == "_" || c.unicodeScalars.first!.properties.generalCategory == .nonspacingMark
    }

    static func title(_ s: String, lowerRest: Bool) -> String {
        let chars = Array(s)
        var out = ""
        var seenCased = false
        for (i, ch) in chars.enumerated() {
            var inWord = isWordChar(ch)
            if !inWord, ch == "'" || ch == "’" || ch == "." || ch == ":" || ch == "·",
               i > 0, i + 1 < chars.count, chars[i - 1].isLetter, chars[i + 1].isLetter {
                inWord = true
            }
            if inWord {
                if !seenCased && ch.isCased {
                    out += titleCased(ch)
                    seenCased = true
                } else {
                    out += lowerRest ? GoCase.lower(String(ch)) : String(ch)
                }
            } else {
                out.append(ch)
                seenCased = false
            }
        }
        return out
    }

    static func titleCased(_ ch: Character) -> String {
        var out = ""
        for (k, u) in ch.unicodeScalars.enumerated() {
            if k == 0 {
                // x/text/cases applies full title-case mappings (ﬁ → Fi).
                out.unicodeScalars.append(contentsOf: u.properties.titlecaseMapping.unicodeScalars)
            } else {
                out.unicodeScalars.append(u)
            }
        }
        return out
    }
}
