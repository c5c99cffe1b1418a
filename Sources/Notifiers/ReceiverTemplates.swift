import Foundation
import GoTemplate
import Routing
import TimeSeries

/// The notification templates of an Alertmanager configuration: Vigil's defaults, then every file its
/// `templates:` globs match (relative to the configuration's folder), each a template named after its
/// file, as Alertmanager's `template.FromGlobs` builds them.
public enum ReceiverTemplates {
    public struct LoadError: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    /// - Parameter now: the current time in Unix seconds, for `since`.
    public static func load(_ config: AlertmanagerConfig, now: @escaping @Sendable () -> Double) throws(LoadError) -> AlertmanagerTemplate {
        var files: [(name: String, text: String)] = []
        for pattern in config.templatePaths {
            let paths: [String]
            do { paths = try GoGlob.glob(pattern) } catch {
                throw LoadError(description: "templates: \(pattern): \(error)")
            }
            for path in paths {
                do {
                    files.append((name: PathName.base(of: path), text: try SourceFile.read(path)))
                } catch {
                    throw LoadError(description: "template file \(error.description)")
                }
            }
        }
        do {
            return try AlertmanagerTemplate(files: files, context: AlertmanagerTemplateContext(clock: now))
        } catch {
            throw LoadError(description: "templates: \(error.description)")
        }
    }
}
