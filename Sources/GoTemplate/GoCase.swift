/// Go's `strings.ToUpper`/`ToLower`: per-rune simple case mapping (no `ß` → `SS`).
enum GoCase {
    static func map(_ s: String, upper: Bool) -> String {
        var out = String.UnicodeScalarView()
        for u in s.unicodeScalars {
            let full = Array((upper ? u.properties.uppercaseMapping : u.properties.lowercaseMapping).unicodeScalars)
            if full.count == 1 {
                out.append(full[0])
            } else if full.count > 1, full.dropFirst().allSatisfy({ $0.properties.generalCategory == .nonspacingMark }) {
                out.append(full[0])
            } else {
                out.append(u)
            }
        }
        return String(out)
    }
    static func upper(_ s: String) -> String { map(s, upper: true) }
    static func lower(_ s: String) -> String { map(s, upper: false) }
}
