import Foundation
import TimeSeries

/// Expands command-line paths into rule files: a file stands for itself, a folder for every `.yml`/`.yaml`
/// file below it, in a stable (sorted) order so output does not depend on the file system.
enum RuleFilePaths {
    static func expand(_ paths: [String], skippingUnitTests: Bool = false) -> [String] {
        var files: [String] = []
        let fm = FileManager.default
        for path in paths {
            var isDirectory: ObjCBool = false
            guard fm.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else {
                files.append(path)
                continue
            }
            var found: [String] = []
            if let walker = fm.enumerator(atPath: path) {
                while let relative = walker.nextObject() as? String {
                    let name = (relative as NSString).lastPathComponent
                    if name.hasPrefix(".") { continue }
                    guard relative.hasSuffix(".yml") || relative.hasSuffix(".yaml") else { continue }
                    let full = (path as NSString).appendingPathComponent(relative)
                    var sub: ObjCBool = false
                    guard fm.fileExists(atPath: full, isDirectory: &sub), !sub.boolValue else { continue }
                    if skippingUnitTests && isUnitTestFile(full) { continue }
                    found.append(full)
                }
            }
            files.append(contentsOf: found.sorted())
        }
        return files
    }

    /// A promtool unit-test file has top-level `tests:` and `rule_files:` keys; it is not a rule file.
    static func isUnitTestFile(_ path: String) -> Bool {
        guard let text = try? SourceFile.read(path) else { return false }
        let lines = text.split(separator: "\n")
        return lines.contains { $0.hasPrefix("tests:") } && lines.contains { $0.hasPrefix("rule_files:") }
    }
}
