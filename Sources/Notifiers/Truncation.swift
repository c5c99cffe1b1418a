/// Upstream's `notify.TruncateInRunes`: receivers limit some fields (a Slack title, a Telegram message)
/// and a longer value is cut to `limit` runes (Unicode scalars, as Go's `[]rune`) with `…` as the last one.
enum Truncation {
    static let marker = "…"

    /// The text cut to at most `limit` runes, and whether it was cut. Limits of 3 or less keep the
    /// first runes without a marker, as upstream does.
    static func runes(_ text: String, limit: Int) -> (text: String, truncated: Bool) {
        let scalars = text.unicodeScalars
        guard scalars.count > limit else { return (text, false) }
        let keep = limit <= 3 ? max(limit, 0) : limit - 1
        var out = String.UnicodeScalarView()
        out.append(contentsOf: scalars.prefix(keep))
        return (String(out) + (limit <= 3 ? "" : marker), true)
    }
}
