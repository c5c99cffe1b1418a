import TimeSeries
/// Where in an HTML document a template's output lands, as Go's `html/template` tracks it
/// (`context.go`, `transition.go`): the parser state, the element whose content is special
/// (`<script>`, `<style>`, `<title>`, `<textarea>`), the attribute's kind and quoting, and how far into
/// a URL the output is.
///
/// JavaScript and CSS are tracked only as far as knowing that output is inside them: actions there are
/// refused (Go escapes them; Vigil does not yet), so the text inside is not parsed further.
struct HTMLContext: Equatable, Sendable, CustomStringConvertible {
    enum State: String, Sendable {
        case text, tag, attrName, afterName, beforeValue, attr, url, js, css, rcdata, htmlComment, error
    }
    enum Delim: String, Sendable { case none, doubleQuote, singleQuote, spaceOrTagEnd }
    enum URLPart: String, Sendable { case none, preQuery, queryOrFrag, unknown }
    enum Element: String, Sendable { case none, script, style, textarea, title }
    enum Attr: String, Sendable { case none, script, style, url }

    var state: State = .text
    var delim: Delim = .none
    var urlPart: URLPart = .none
    var element: Element = .none
    var attr: Attr = .none
    /// Set with state `.error`.
    var error: String?

    var description: String {
        var parts = ["state" + state.rawValue.prefix(1).uppercased() + state.rawValue.dropFirst()]
        if delim != .none { parts.append("delim" + delim.rawValue.prefix(1).uppercased() + delim.rawValue.dropFirst()) }
        if urlPart != .none { parts.append("urlPart" + urlPart.rawValue.prefix(1).uppercased() + urlPart.rawValue.dropFirst()) }
        if element != .none { parts.append("element" + element.rawValue.prefix(1).uppercased() + element.rawValue.dropFirst()) }
        if attr != .none { parts.append("attr" + attr.rawValue.prefix(1).uppercased() + attr.rawValue.dropFirst()) }
        return "{" + parts.joined(separator: " ") + "}"
    }

    static func failure(_ message: String) -> HTMLContext { HTMLContext(state: .error, error: message) }

    /// Go's `nudge`: the context an action sees where the text left it between states.
    var nudged: HTMLContext {
        var c = self
        switch state {
        case .tag: c.state = .attrName
        case .beforeValue: c.state = Self.attrStart(attr); c.delim = .spaceOrTagEnd; c.attr = .none
        case .afterName: c.state = .attrName; c.attr = .none
        default: break
        }
        return c
    }

    static func attrStart(_ a: Attr) -> State {
        switch a {
        case .none: return .attr
        case .script: return .js
        case .style: return .css
        case .url: return .url
        }
    }

    /// Go's `join`: the context after branches that ended in `a` and `b`.
    static func join(_ a: HTMLContext, _ b: HTMLContext, what: String) -> HTMLContext {
        if a.state == .error { return a }
        if b.state == .error { return b }
        if a == b { return a }
        var a1 = a
        a1.urlPart = b.urlPart
        if a1 == b { a1.urlPart = .unknown; return a1 }
        let na = a.nudged, nb = b.nudged
        if na != a || nb != b, join(na, nb, what: what).state != .error { return join(na, nb, what: what) }
        return .failure("{{\(what)}} branches end in different contexts: \(a), \(b)")
    }

    // MARK: - Text transitions

    /// The context after `s` (template text), and the bytes consumed; called until all are consumed.
    func afterText(_ s: ArraySlice<UInt8>) -> (HTMLContext, Int) {
        if delim == .none {
            let (c1, i) = specialTagEnd(s)
            if i == 0 { return (c1, 0) }
            return c1.transition(s.prefix(i))
        }
        let ends: [UInt8]
        switch delim {
        case .doubleQuote: ends = [UInt8(ascii: "\"")]
        case .singleQuote: ends = [UInt8(ascii: "'")]
        default: ends = Array(" \t\n\u{0C}\r>".utf8)
        }
        let i = s.firstIndex(where: { ends.contains($0) }).map { $0 - s.startIndex } ?? s.count
        if delim == .spaceOrTagEnd, let bad = s.prefix(i).first(where: { "\"'<=`".utf8.contains($0) }) {
            return (.failure("\(GoQuote.quote(String(UnicodeScalar(bad)))) in unquoted attr: \(GoQuote.quote(String(decoding: s.prefix(i), as: UTF8.self)))"), s.count)
        }
        if i == s.count {
            // Still inside the value: entities decoded, as the browser will before reading a URL.
            var c = self
            var rest = Array(HTMLEntities.unescape(String(decoding: s, as: UTF8.self)).utf8)[...]
            while !rest.isEmpty {
                let (c1, n) = c.transition(rest)
                c = c1
                rest = rest.dropFirst(n)
                if c.state == .error || n == 0 { break }
            }
            return (c, s.count)
        }
        return (HTMLContext(state: .tag, element: element), delim == .spaceOrTagEnd ? i : i + 1)
    }

    /// `</script`, `</style`, `</title`, `</textarea` (any case) end the special element's content.
    private func specialTagEnd(_ s: ArraySlice<UInt8>) -> (HTMLContext, Int) {
        guard element != .none else { return (self, s.count) }
        let marker = Array("</\(element.rawValue)".utf8)
        let bytes = Array(s)
        var i = 0
        while i + marker.count <= bytes.count {
            if zip(bytes[i..<(i + marker.count)], marker).allSatisfy({ lower($0) == $1 }) {
                let after = i + marker.count
                if after == bytes.count || !isNameByte(bytes[after]) { return (HTMLContext(), i) }
            }
            i += 1
        }
        return (self, s.count)
    }

    private func transition(_ s: ArraySlice<UInt8>) -> (HTMLContext, Int) {
        switch state {
        case .text: return tText(s)
        case .tag: return tTag(s)
        case .attrName: return tAttrName(s)
        case .afterName: return tAfterName(s)
        case .beforeValue: return tBeforeValue(s)
        case .url: return tURL(s)
        case .htmlComment: return tComment(s)
        case .attr, .js, .css, .rcdata, .error: return (self, s.count)
        }
    }

    private func tText(_ s: ArraySlice<UInt8>) -> (HTMLContext, Int) {
        let b = Array(s)
        var k = 0
        while true {
            guard let lt = b[k...].firstIndex(of: UInt8(ascii: "<")), lt + 1 < b.count else { return (self, b.count) }
            if lt + 4 <= b.count, Array(b[lt..<(lt + 4)]) == Array("<!--".utf8) { return (HTMLContext(state: .htmlComment), lt + 4) }
            var i = lt + 1
            var end = false
            if b[i] == UInt8(ascii: "/") {
                if i + 1 == b.count { return (self, b.count) }
                end = true
                i += 1
            }
            var j = i
            while j < b.count, isNameByte(b[j]) { j += 1 }
            if j != i, isLetter(b[i]) {
                let name = String(decoding: b[i..<j].map(lower), as: UTF8.self)
                let e = end ? Element.none : Element(rawValue: name) ?? .none
                return (HTMLContext(state: .tag, element: e == .none || ["script", "style", "textarea", "title"].contains(name) ? e : .none), j)
            }
            k = j
        }
    }

    private func tTag(_ s: ArraySlice<UInt8>) -> (HTMLContext, Int) {
        let b = Array(s)
        let i = eatSpace(b, 0)
        if i == b.count { return (self, b.count) }
        if b[i] == UInt8(ascii: ">") {
            let state: State
            switch element {
            case .none: state = .text
            case .script: state = .js
            case .style: state = .css
            case .textarea, .title: state = .rcdata
            }
            return (HTMLContext(state: state, element: element), i + 1)
        }
        let j = eatAttrName(b, i)
        if i == j {
            return (.failure("expected space, attr name, or end of tag, but got \(GoQuote.quote(String(decoding: b[i...], as: UTF8.self)))"), b.count)
        }
        let name = String(decoding: b[i..<j].map(lower), as: UTF8.self)
        return (HTMLContext(state: j == b.count ? .attrName : .afterName, element: element, attr: Self.attrType(name)), j)
    }

    private func tAttrName(_ s: ArraySlice<UInt8>) -> (HTMLContext, Int) {
        let b = Array(s)
        let i = eatAttrName(b, 0)
        var c = self
        if i != b.count { c.state = .afterName }
        return (c, i)
    }

    private func tAfterName(_ s: ArraySlice<UInt8>) -> (HTMLContext, Int) {
        let b = Array(s)
        let i = eatSpace(b, 0)
        var c = self
        if i == b.count { return (c, b.count) }
        if b[i] != UInt8(ascii: "=") { c.state = .tag; return (c, i) }
        c.state = .beforeValue
        return (c, i + 1)
    }

    private func tBeforeValue(_ s: ArraySlice<UInt8>) -> (HTMLContext, Int) {
        let b = Array(s)
        var i = eatSpace(b, 0)
        if i == b.count { return (self, b.count) }
        var c = self
        c.delim = .spaceOrTagEnd
        if b[i] == UInt8(ascii: "'") { c.delim = .singleQuote; i += 1 } else if b[i] == UInt8(ascii: "\"") { c.delim = .doubleQuote; i += 1 }
        c.state = Self.attrStart(attr)
        c.attr = .none
        return (c, i)
    }

    private func tURL(_ s: ArraySlice<UInt8>) -> (HTMLContext, Int) {
        var c = self
        if s.contains(UInt8(ascii: "#")) || s.contains(UInt8(ascii: "?")) {
            c.urlPart = .queryOrFrag
        } else if eatSpace(Array(s), 0) != s.count && urlPart == .none {
            c.urlPart = .preQuery
        }
        return (c, s.count)
    }

    private func tComment(_ s: ArraySlice<UInt8>) -> (HTMLContext, Int) {
        let b = Array(s)
        var i = 0
        while i + 3 <= b.count {
            if b[i] == UInt8(ascii: "-"), b[i + 1] == UInt8(ascii: "-"), b[i + 2] == UInt8(ascii: ">") { return (HTMLContext(), i + 3) }
            i += 1
        }
        return (self, b.count)
    }

    /// Go's `attrType`: event handlers are script, `style` is CSS, URL-valued names (and names that
    /// mention a URL) are URLs; a namespace prefix or `data-` is looked through.
    static func attrType(_ raw: String) -> Attr {
        var name = raw
        if name.hasPrefix("data-") { name = String(name.dropFirst(5)) }
        if let colon = name.firstIndex(of: ":") {
            if name[..<colon] == "xmlns" { return .url }
            name = String(name[name.index(after: colon)...])
        }
        if let t = attrTypes[name] { return t }
        if name.hasPrefix("on") { return .script }
        if name.contains("src") || name.contains("uri") || name.contains("url") { return .url }
        return .none
    }

    static let attrTypes: [String: Attr] = [
        "action": .url, "archive": .url, "background": .url, "cite": .url, "classid": .url, "codebase": .url,
        "data": .url, "formaction": .url, "href": .url, "icon": .url, "longdesc": .url, "manifest": .url,
        "poster": .url, "profile": .url, "src": .url, "usemap": .url, "xmlns": .url, "style": .style,
        "accept": .none, "srcset": .url,
    ]

    private func lower(_ b: UInt8) -> UInt8 { b >= 65 && b <= 90 ? b + 32 : b }
    private func isLetter(_ b: UInt8) -> Bool { (b >= 65 && b <= 90) || (b >= 97 && b <= 122) }
    private func isNameByte(_ b: UInt8) -> Bool { isLetter(b) || (b >= 48 && b <= 57) || b == UInt8(ascii: "-") || b == UInt8(ascii: ":") }
    private func eatSpace(_ b: [UInt8], _ from: Int) -> Int {
        var i = from
        while i < b.count, [0x20, 0x09, 0x0A, 0x0C, 0x0D].contains(b[i]) { i += 1 }
        return i
    }
    /// Go's `eatAttrName`: up to space, `=` or `>`.
    private func eatAttrName(_ b: [UInt8], _ from: Int) -> Int {
        var i = from
        while i < b.count, ![0x20, 0x09, 0x0A, 0x0C, 0x0D, UInt8(ascii: "="), UInt8(ascii: ">")].contains(b[i]) { i += 1 }
        return i
    }
}
