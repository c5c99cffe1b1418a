import TimeSeries

/// A fixed pattern of the script grammar (headings, `expect` lines), written exactly as upstream's Go
/// regexes and run by TimeSeries's `GoRegex`, which has Go's semantics.
struct HeadingPattern: Sendable {
    private let regex: GoRegex

    init(_ pattern: String) {
        // The patterns are constants of this module; a typo is a programming error.
        regex = try! GoRegex(pattern)
    }

    /// The capture groups of the first match, group 0 first; nil for a group that did not take part.
    func firstMatchGroups(_ s: String) -> [String?]? {
        regex.firstMatchGroups(s)
    }

    func matches(_ s: String) -> Bool { regex.matches(s) }
}
