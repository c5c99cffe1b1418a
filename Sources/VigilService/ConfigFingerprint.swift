import Foundation
import GoTemplate
import TimeSeries

/// A digest of every file the configuration loads — `vigil.yml`, what each `rule_files` glob matches now
/// (so a new file matching a glob counts as a change), the router's Alertmanager configuration — for
/// reloading when one changes. Contents, not modification times: a Kubernetes ConfigMap update swaps a
/// symlink and keeps old times.
enum ConfigFingerprint {
    static func of(configPath: String, config: VigilConfig) -> String {
        var parts: [String] = []
        func add(_ path: String) {
            let data = FileManager.default.contents(atPath: path)
            parts.append(path + "\u{0}" + (data.map { SHA256.hexDigest(String(decoding: $0, as: UTF8.self)) } ?? "-"))
        }
        add(configPath)
        for entry in config.ruleFiles {
            let pattern = config.resolve(entry.path)
            for path in ((try? GoGlob.glob(pattern)) ?? []).sorted() { add(path) }
        }
        if let file = config.alerting?.configFile { add(config.resolve(file)) }
        return SHA256.hexDigest(parts.joined(separator: "\n"))
    }
}
