import ArgumentParser
import Foundation
import GoTemplate
import TimeSeries

/// `vigil template …`: template tools, following amtool's `template` family.
struct TemplateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "template",
        abstract: "Render notification and rule templates.",
        subcommands: [TemplateRenderCommand.self]
    )
}

/// `vigil template render`: `amtool template render`, plus `--rule` for rule annotation templates.
struct TemplateRenderCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render",
        abstract: "Render a template to standard output.",
        discussion: """
            Notification mode (default), as `amtool template render`: --template.text is executed with \
            Alertmanager's functions, after Vigil's default notification templates and the files matched by \
            --template.glob (each file's defines; the file itself is a template named after it). The data is \
            --template.data, a JSON file in Alertmanager's webhook (template.Data) layout, or amtool's example \
            data. The result is printed as is, without an added newline.

            Rule mode (--rule): --template.text is a rule annotation template, expanded as Prometheus's ruler \
            does for one alert: $labels from --label, $value from --value, $externalLabels and $externalURL \
            from --external-label and --external-url.

            Errors go to standard error, with exit status 1.
            """
    )

    @Option(name: .customLong("template.glob"), help: "Glob of template files (their defines) to load. Repeatable.")
    var globs: [String] = []

    // Unconditional, so that a text starting with "-" (`-{{ .Status }}`) is still taken as the value.
    @Option(name: .customLong("template.text"), parsing: .unconditional, help: "The template to render.")
    var text: String

    @Option(name: .customLong("template.data"), help: "JSON file with the notification data (Alertmanager's template.Data).")
    var dataFile: String?

    @Option(name: .customLong("template.type"), help: "text, or html for html/template's contextual escaping (as amtool).")
    var type: String = "text"

    @Flag(name: .long, help: "Render a rule annotation template as the ruler would.")
    var rule = false

    @Option(name: .long, help: "Rule mode: a label of the alert, name=value. Repeatable.")
    var label: [String] = []

    @Option(name: .long, help: "Rule mode: the alert's value ($value).")
    var value: Double = 0

    @Option(name: .long, help: "Rule mode: the external URL ($externalURL).")
    var externalURL: String = ""

    @Option(name: .long, help: "Rule mode: an external label, name=value ($externalLabels). Repeatable.")
    var externalLabel: [String] = []

    @Option(name: .long, help: "Rule mode: the alert's name, which names the template in errors (default: the alertname label).")
    var alertName: String?

    func validate() throws {
        // ArgumentParser reads `--template.text=` as the option without a value and, with unconditional
        // parsing, would take the next argument as the text; refuse it rather than misread the line.
        if CommandLine.arguments.contains("--template.text=") {
            throw ValidationError("--template.text= has no value; write --template.text '' for an empty template")
        }
        if rule {
            if !globs.isEmpty || dataFile != nil { throw ValidationError("--template.glob and --template.data do not apply to --rule") }
        } else if !label.isEmpty || !externalLabel.isEmpty || alertName != nil || !externalURL.isEmpty {
            throw ValidationError("--label, --external-label, --external-url and --alert-name need --rule")
        }
        if type != "text" && type != "html" { throw ValidationError("--template.type must be text or html") }
        if type == "html" && rule { throw ValidationError("--template.type=html does not apply to --rule") }
    }

    func run() throws {
        let rendered: String
        do throws(TemplateRenderer.Failure) {
            if rule {
                let labels = try TemplateRenderer.pairs(label, option: "--label")
                rendered = try TemplateRenderer.rule(
                    text: text, labels: labels, value: value, alertName: alertName ?? labels["alertname"] ?? "",
                    externalURL: externalURL, externalLabels: try TemplateRenderer.pairs(externalLabel, option: "--external-label"))
            } else {
                rendered = try TemplateRenderer.notification(text: text, globs: globs, data: try dataFile.map(readData), html: type == "html")
            }
        } catch {
            FileHandle.standardError.write(Data("error: \(error.description)\n".utf8))
            throw ExitCode(1)
        }
        FileHandle.standardOutput.write(Data(rendered.utf8))
    }

    /// Reads and decodes the data file; its bytes are released before the template runs.
    private func readData(_ path: String) throws(TemplateRenderer.Failure) -> AlertmanagerData {
        let bytes: [UInt8]
        do throws(SourceFile.ReadError) {
            bytes = try SourceFile.readBytes(path)
        } catch {
            throw TemplateRenderer.Failure("--template.data \(error.description)")
        }
        do {
            return try AlertmanagerData(jsonBytes: bytes)
        } catch {
            throw TemplateRenderer.Failure(error.description)
        }
    }
}
