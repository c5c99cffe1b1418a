/// The escaping functions `html/template` adds to actions (`_html_template_htmlescaper`, …), with Go's
/// replacement tables and content-type rules: a `template.HTML` value (`safeHtml`) passes through HTML
/// text unchanged, a `template.URL` (`safeUrl`) through the URL filter.
enum HTMLEscapeFunctions {
    static let names = [
        "_html_template_htmlescaper", "_html_template_rcdataescaper", "_html_template_attrescaper",
        "_html_template_nospaceescaper", "_html_template_urlfilter", "_html_template_urlnormalizer",
        "_html_template_urlescaper", "_html_template_htmlnamefilter", "_html_template_commentescaper", "_eval_args_",
    ]

    static var all: [TemplateFunction] {
        func f(_ name: String, _ body: @escaping @Sendable ([TemplateValue]) -> String) -> TemplateFunction {
            TemplateFunction(name, params: [], variadic: .any) { a throws(FunctionError) in .string(body(a)) }
        }
        return [
            f("_html_template_htmlescaper") { a in
                let (s, type) = stringify(a)
                return type == "template.HTML" ? s : escape(s, table: htmlTable)
            },
            f("_html_template_rcdataescaper") { a in
                let (s, type) = stringify(a)
                return type == "template.HTML" ? escape(s, table: htmlTable, keepAmpersand: true) : escape(s, table: htmlTable)
            },
            f("_html_template_attrescaper") { a in
                let (s, type) = stringify(a)
                return type == "template.HTML" ? escape(stripTags(s), table: htmlTable, keepAmpersand: true) : escape(s, table: htmlTable)
            },
            f("_html_template_nospaceescaper") { a in
                let (s, type) = stringify(a)
                if s.isEmpty { return "ZgotmplZ" }
                return type == "template.HTML" ? escape(stripTags(s), table: nospaceTable, keepAmpersand: true) : escape(s, table: nospaceTable)
            },
            f("_html_template_urlfilter") { a in
                let (s, type) = stringify(a)
                return type == "template.URL" || isSafeURL(s) ? s : "#ZgotmplZ"
            },
            f("_html_template_urlnormalizer") { a in processURL(stringify(a).0, normalize: true) },
            f("_html_template_urlescaper") { a in processURL(stringify(a).0, normalize: false) },
            f("_html_template_htmlnamefilter") { a in
                let s = stringify(a).0.lowercased()
                guard !s.isEmpty, HTMLContext.attrType(s) == .none, s.utf8.allSatisfy({ ($0 >= 48 && $0 <= 57) || ($0 >= 97 && $0 <= 122) }) else {
                    return "ZgotmplZ"
                }
                return s
            },
            f("_html_template_commentescaper") { _ in "" },
            f("_eval_args_") { a in Builtins.evalArgs(a) },
        ]
    }

    /// Go's `stringify`: one argument of a content type keeps its type; anything else is `fmt.Sprint`ed.
    static func stringify(_ a: [TemplateValue]) -> (String, String?) {
        if a.count == 1, case .object(let o) = a[0], o.typeName.hasPrefix("template."), case .string(let s)? = o.underlying {
            return (s, o.typeName)
        }
        return (Builtins.evalArgs(a), nil)
    }

    static let htmlTable: [UInt8: String] = [
        0: "\u{FFFD}", UInt8(ascii: "\""): "&#34;", UInt8(ascii: "&"): "&amp;", UInt8(ascii: "'"): "&#39;",
        UInt8(ascii: "+"): "&#43;", UInt8(ascii: "<"): "&lt;", UInt8(ascii: ">"): "&gt;",
    ]

    static let nospaceTable: [UInt8: String] = htmlTable.merging([
        9: "&#9;", 10: "&#10;", 11: "&#11;", 12: "&#12;", 13: "&#13;", 32: "&#32;", UInt8(ascii: "="): "&#61;",
        UInt8(ascii: "`"): "&#96;",
    ]) { $1 }

    /// Replaces the table's bytes; `keepAmpersand` leaves `&` alone (Go's "norm" tables for content that
    /// is already HTML).
    static func escape(_ s: String, table: [UInt8: String], keepAmpersand: Bool = false) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        var run: [UInt8] = []
        for b in s.utf8 {
            if let r = table[b], !(keepAmpersand && b == UInt8(ascii: "&")) {
                out += String(decoding: run, as: UTF8.self) + r
                run.removeAll(keepingCapacity: true)
            } else {
                run.append(b)
            }
        }
        return out + String(decoding: run, as: UTF8.self)
    }

    /// Go's `isSafeURL`: a scheme other than http, https or mailto is unsafe (`javascript:`, `data:`).
    static func isSafeURL(_ s: String) -> Bool {
        guard let colon = s.firstIndex(of: ":") else { return true }
        let scheme = s[..<colon]
        if scheme.contains("/") { return true }
        return ["http", "https", "mailto"].contains(scheme.lowercased())
    }

    /// Go's `processURLOnto`: percent-encodes what may not appear in a URL; normalizing keeps reserved
    /// characters and existing escapes, escaping (for query values) encodes them too.
    static func processURL(_ s: String, normalize: Bool) -> String {
        let hex = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        for c in s.utf8 {
            switch c {
            case UInt8(ascii: "!"), UInt8(ascii: "#"), UInt8(ascii: "$"), UInt8(ascii: "&"), UInt8(ascii: "*"), UInt8(ascii: "+"),
                 UInt8(ascii: ","), UInt8(ascii: "/"), UInt8(ascii: ":"), UInt8(ascii: ";"), UInt8(ascii: "="), UInt8(ascii: "?"),
                 UInt8(ascii: "@"), UInt8(ascii: "["), UInt8(ascii: "]"), UInt8(ascii: "%"):
                if normalize { out.append(c); continue }
            case UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"),
                 UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                out.append(c)
                continue
            default:
                break
            }
            out += [UInt8(ascii: "%"), hex[Int(c >> 4)], hex[Int(c & 15)]]
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Go's `stripTags` for HTML put in an attribute: the text outside tags (a simplification: Go also
    /// drops the content of `<script>` and `<style>`).
    static func stripTags(_ s: String) -> String {
        var out = ""
        var inTag = false
        for ch in s {
            if ch == "<" { inTag = true; continue }
            if ch == ">" && inTag { inTag = false; continue }
            if !inTag { out.append(ch) }
        }
        return out
    }
}

/// Character references in attribute values, decoded before the value's URL or script is read.
enum HTMLEntities {
    static let named: [String: String] = ["amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "colon": ":", "sol": "/", "num": "#", "quest": "?"]

    static func unescape(_ s: String) -> String {
        guard s.contains("&") else { return s }
        var out = ""
        var i = s.startIndex
        while i < s.endIndex {
            if s[i] == "&", let semi = s[i...].prefix(12).firstIndex(of: ";") {
                let name = String(s[s.index(after: i)..<semi])
                var decoded: String?
                if name.hasPrefix("#x") || name.hasPrefix("#X") {
                    decoded = UInt32(name.dropFirst(2), radix: 16).flatMap(Unicode.Scalar.init).map { String($0) }
                } else if name.hasPrefix("#") {
                    decoded = UInt32(name.dropFirst()).flatMap(Unicode.Scalar.init).map { String($0) }
                } else {
                    decoded = named[name]
                }
                if let decoded { out += decoded; i = s.index(after: semi); continue }
            }
            out.append(s[i])
            i = s.index(after: i)
        }
        return out
    }
}
