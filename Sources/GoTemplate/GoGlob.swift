import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Go's `filepath.Glob`, which `ParseGlob` uses to find template files: `*`, `?`, `[…]` and `\`
/// escapes within one path element, a leading dot matched like any other character, matches sorted
/// per folder, and unreadable folders silently skipped.
public enum GoGlob {
    public struct PatternError: Error, Sendable, CustomStringConvertible {
        public var description: String { "syntax error in pattern" }
    }

    public static func glob(_ pattern: String) throws(PatternError) -> [String] {
        guard isValid(pattern) else { throw PatternError() }
        if !hasMeta(pattern) {
            var st = stat()
            return lstat(pattern, &st) == 0 ? [pattern] : []
        }
        let (rawDir, file) = split(pattern)
        let dir = cleanDir(rawDir)
        if !hasMeta(dir) { return matches(in: dir, file) }
        guard dir != pattern else { throw PatternError() }
        var out: [String] = []
        for d in try glob(dir) { out += matches(in: d, file) }
        return out
    }

    public static func hasMeta(_ s: String) -> Bool { s.contains { "*?[\\".contains($0) } }

    static func split(_ path: String) -> (String, String) {
        guard let slash = path.lastIndex(of: "/") else { return ("", path) }
        return (String(path[...slash]), String(path[path.index(after: slash)...]))
    }

    static func cleanDir(_ dir: String) -> String {
        if dir.isEmpty { return "." }
        if dir == "/" { return dir }
        return String(dir.dropLast())
    }

    static func join(_ dir: String, _ name: String) -> String {
        if dir == "." { return name }
        return dir.hasSuffix("/") ? dir + name : dir + "/" + name
    }

    static func matches(in dir: String, _ pattern: String) -> [String] {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: dir, isDirectory: &isDir), isDir.boolValue,
              let names = try? FileManager.default.contentsOfDirectory(atPath: dir) else { return [] }
        return names.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
            .filter { fnmatch(pattern, $0, 0) == 0 }
            .map { join(dir, $0) }
    }

    /// Go's `Match(pattern, "")` check: brackets closed, ranges complete, no trailing backslash.
    static func isValid(_ pattern: String) -> Bool {
        var it = Array(pattern.unicodeScalars)[...]
        while let c = it.popFirst() {
            switch c {
            case "\\":
                if it.popFirst() == nil { return false }
            case "[":
                if it.first == "^" { it.removeFirst() }
                var first = true
                while true {
                    guard let e = it.popFirst() else { return false }
                    if e == "]" && !first { break }
                    first = false
                    if e == "\\" && it.popFirst() == nil { return false }
                    if it.first == "-" {
                        it.removeFirst()
                        guard let hi = it.popFirst(), hi != "]" else { return false }
                        if hi == "\\" && it.popFirst() == nil { return false }
                    }
                }
            default:
                continue
            }
        }
        return true
    }
}
