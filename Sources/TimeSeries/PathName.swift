/// File path arithmetic on strings, where Foundation cannot be trusted: on Linux,
/// `NSString.deletingLastPathComponent` traps on a one-character relative path (`"t"`, `"t/"`, `"."`), so
/// `vigil test rules t` stopped the process. These follow the NSString results for every other input.
public enum PathName {
    /// The folder part of `path`: `"a/b"` → `"a"`, `"/a"` → `"/"`, `"a"` → `""`, `"a/"` → `""`, `"/"` → `"/"`.
    public static func directory(of path: String) -> String {
        var s = Substring(path)
        while s.count > 1, s.hasSuffix("/") { s = s.dropLast() }
        guard let slash = s.lastIndex(of: "/") else { return "" }
        var folder = s[..<slash]
        while folder.count > 1, folder.hasSuffix("/") { folder = folder.dropLast() }
        return folder.isEmpty ? "/" : String(folder)
    }

    /// The last element of `path` (Go's `filepath.Base`): `"a/b.tmpl"` → `"b.tmpl"`, `"a/"` → `"a"`,
    /// `""` → `"."`, `"/"` → `"/"`.
    public static func base(of path: String) -> String {
        if path.isEmpty { return "." }
        var s = Substring(path)
        while s.count > 1, s.hasSuffix("/") { s = s.dropLast() }
        if s == "/" { return "/" }
        guard let slash = s.lastIndex(of: "/") else { return String(s) }
        return String(s[s.index(after: slash)...])
    }
}
