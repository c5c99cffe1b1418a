import Foundation

/// A fixed pattern of the script grammar (headings, `expect` lines), written exactly as upstream's Go
/// regexes. These use only constructs on which Go and ICU agree (leftmost-first matching, lazy and greedy
/// repetition, `(?:…)`), so Foundation runs them; `\s` is narrowed to Go's ASCII set.
struct HeadingPattern: @unchecked Sendable {
    private let regex: NSRegularExpression

    init(_ pattern: String) {
        regex = try! NSRegularExpression(pattern: pattern.replacingOccurrences(of: #"\s"#, with: #"[\t\n\f\r ]"#))
    }

    /// The capture groups of the first match, group 0 first; nil for a group that did not take part.
    func firstMatchGroups(_ s: String) -> [String?]? {
        let ns = s as NSString
        guard let m = regex.firstMatch(in: s, range: NSRange(location: 0, length: ns.length)) else { return nil }
        return (0..<m.numberOfRanges).map { i in
            let r = m.range(at: i)
            return r.location == NSNotFound ? nil : ns.substring(with: r)
        }
    }

    func matches(_ s: String) -> Bool { firstMatchGroups(s) != nil }
}
