import GoTemplate
import TimeSeries

/// Text made safe for the web page. Every value shown there (rule names, labels, annotations, silence
/// comments, error messages) is escaped through `HTMLText.escape`, in element text and in attribute
/// values alike (attributes are always written in double quotes).
enum HTMLText {
    /// The five characters that can end a text run or an attribute value as entities (Go's
    /// `HTMLEscapeString`, as the templates' `html` does).
    static func escape(_ text: String) -> String { GoHTMLEscape.string(text) }

    /// A table cell holding HTML already escaped, ended by a line break: on a phone the cells of a row
    /// flow as inline blocks, and the break keeps them apart as words (in the text a person copies or a
    /// screen reader reads, too). `label` names the cell there, where the table header is hidden.
    static func cell(_ html: String, label: String? = nil, colspan: Int? = nil) -> String {
        var open = "<td"
        if let label { open += " data-label=\"\(escape(label))\"" }
        if let colspan { open += " colspan=\"\(colspan)\"" }
        return open + ">" + html + "</td>\n"
    }

    /// Labels as a row of chips, `name="value"` each (Go-quoted, as Prometheus's UI and `amtool` write
    /// them); `except` names labels already shown elsewhere (the alert name).
    static func labelChips(_ labels: [(name: String, value: String)], except: Set<String> = []) -> String {
        let shown = labels.filter { !except.contains($0.name) }
        if shown.isEmpty { return "" }
        let chips = shown.map { "<span class=\"label\">\(escape($0.name + "=" + quoteGo($0.value)))</span>" }
        return "<span class=\"labels\">" + chips.joined() + "</span>"
    }

    static func labelChips(_ labels: Labels, except: Set<String> = []) -> String {
        labelChips(labels.labels.map { ($0.name, $0.value) }, except: except)
    }

    static func labelChips(_ labels: [String: String], except: Set<String> = []) -> String {
        labelChips(labels.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }, except: except)
    }

    /// Labels as matchers text (`alertname="Down", job="api"`), what the silence form reads back.
    static func matchersText(_ labels: [(name: String, value: String)]) -> String {
        labels.map { $0.name + "=" + quoteGo($0.value) }.joined(separator: ", ")
    }
}
