import Foundation
import TimeSeries

/// What `vigil template render` does, kept out of the command so it can be tested without a process:
/// notification templates as `amtool template render` renders them, and rule annotation templates as
/// the Prometheus ruler expands them.
public enum TemplateRenderer {
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public var description: String
        public init(_ description: String) { self.description = description }
    }

    /// `amtool template render`: the files matching `globs` (each a template named after its file, as
    /// `ParseGlob` names them) are parsed after Vigil's default templates, then `text` is executed
    /// against `dataJSON` (Alertmanager's webhook/`template.Data` JSON) or, without it, amtool's example
    /// data. The data is passed by value, so errors name the type `template.Data`, as amtool's do.
    public static func notification(text: String, globs: [String] = [], dataJSON: Data? = nil,
                                    now: GoTime = .now(), includeDefaults: Bool = true, html: Bool = false) throws(Failure) -> String {
        var data: AlertmanagerData?
        if let dataJSON {
            do { data = try AlertmanagerData(json: dataJSON) } catch { throw Failure(error.description) }
        }
        return try notification(text: text, globs: globs, data: data, now: now, includeDefaults: includeDefaults, html: html)
    }

    /// As above with the data already decoded (amtool's example data when nil).
    public static func notification(text: String, globs: [String] = [], data decoded: AlertmanagerData?,
                                    now: GoTime = .now(), includeDefaults: Bool = true, html: Bool = false) throws(Failure) -> String {
        var files: [(name: String, text: String)] = []
        for pattern in globs {
            let paths: [String]
            do { paths = try GoGlob.glob(pattern) } catch { throw Failure(error.description) }
            for path in paths {
                files.append((name: (path as NSString).lastPathComponent, text: try readFile(path)))
            }
        }
        let data = decoded ?? .amtoolExample(now: now)
        do {
            let template = try AlertmanagerTemplate(files: files, context: AlertmanagerTemplateContext(now: now.unixDouble),
                                                    includeDefaults: includeDefaults)
            let value = data.templateValue(typeName: "template.Data")
            return html ? try template.executeHTML(text, value: value) : try template.executeText(text, value: value)
        } catch {
            throw Failure(error.description)
        }
    }

    /// A rule's annotation (or label) template expanded as Prometheus's ruler expands it for one alert:
    /// `$labels`, `$value`, `$externalLabels` and `$externalURL` are defined, the template is named
    /// `__alert_<alertName>`, and `query` has no data to run against. The failure text is what the
    /// ruler logs ("error executing template __alert_X: …").
    public static func rule(text: String, labels: [String: String], value: Double, alertName: String = "",
                            externalURL: String = "", externalLabels: [String: String] = [:],
                            now: GoTime = .now()) throws(Failure) -> String {
        let context = PrometheusTemplateContext(externalURL: externalURL, timestamp: now.unixDouble)
        let expander = PrometheusAlertExpander(alertName: alertName, labels: labels, externalLabels: externalLabels,
                                               externalURL: externalURL, value: value, context: context)
        switch expander.expandResult(text) {
        case .success(let s): return s
        case .failure(let e):
            let stage = e.kind == .parse ? "parsing" : "executing"
            throw Failure("error expanding template: error \(stage) template \(expander.templateName): \(e.description)")
        }
    }

    /// Reads a template file (the path and the cause in every message; FIFOs and devices refused).
    static func readFile(_ path: String) throws(Failure) -> String {
        do throws(SourceFile.ReadError) {
            return try SourceFile.read(path)
        } catch {
            throw Failure("template file \(error.description)")
        }
    }

    /// `name=value` pairs (for `--label`); the first `=` separates.
    public static func pairs(_ items: [String], option: String) throws(Failure) -> [String: String] {
        var out: [String: String] = [:]
        for item in items {
            guard let eq = item.firstIndex(of: "="), eq != item.startIndex else {
                throw Failure("\(option) \(item): expected name=value")
            }
            out[String(item[..<eq])] = String(item[item.index(after: eq)...])
        }
        return out
    }
}
