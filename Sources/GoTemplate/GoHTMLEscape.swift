/// Go's `template.HTMLEscapeString`: the five characters that can end an HTML text run or a quoted
/// attribute value become entities, NUL becomes U+FFFD. The template builtin `html` uses it, and so does
/// Vigil's web page for every value it shows.
public enum GoHTMLEscape {
    public static func string(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for u in s.unicodeScalars {
            switch u {
            case "\0": out += "\u{FFFD}"
            case "\"": out += "&#34;"
            case "'": out += "&#39;"
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            default: out.unicodeScalars.append(u)
            }
        }
        return out
    }
}
