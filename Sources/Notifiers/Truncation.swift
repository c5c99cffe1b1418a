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

    /// Upstream's `notify.TruncateInBytes`: at most `limit` UTF-8 bytes, never splitting a character,
    /// the marker (3 bytes) included; limits under 3 give dots.
    static func bytes(_ text: String, limit: Int) -> (text: String, truncated: Bool) {
        guard text.utf8.count > limit else { return (text, false) }
        if limit <= 3 { return (limit == 3 ? marker : String(repeating: ".", count: max(limit, 0)), true) }
        var out = String.UnicodeScalarView()
        var size = 0
        for scalar in text.unicodeScalars {
            let width = String(scalar).utf8.count
            if size + width > limit - 3 { break }
            out.append(scalar)
            size += width
        }
        return (String(out) + marker, true)
    }
}
