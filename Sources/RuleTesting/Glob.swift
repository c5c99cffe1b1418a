import GoTemplate

/// Shell-style file name matching (`rules/*.yml`) for `rule_files`, as Go's `filepath.Glob` that promtool
/// uses: sorted matches, none for a pattern that matches nothing, and a malformed pattern (`[x`) an error
/// ("syntax error in pattern") rather than no match.
enum Glob {
    static func expand(_ pattern: String) throws(GoGlob.PatternError) -> [String] {
        try GoGlob.glob(pattern).sorted()
    }
}
