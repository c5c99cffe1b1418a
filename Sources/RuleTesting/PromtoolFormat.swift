import TimeSeries

/// The text forms promtool's failure messages use, so Vigil's output reads the same.
enum PromtoolFormat {
    /// `labels.Labels.String()` of a label list that may hold empty values (annotations do).
    static func labelList(_ pairs: [(String, String)]) -> String {
        "{" + pairs.sorted { $0.0 < $1.0 }.map { "\(Labels.formatName($0.0))=\(quoteGo($0.1))" }.joined(separator: ", ") + "}"
    }

    /// promtool's `indentLines`: every line after the first gets `indent`.
    static func indent(_ text: String, _ indent: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
            .map { $0.offset == 0 ? String($0.element) : indent + $0.element }.joined(separator: "\n")
    }

    /// `labelsAndAnnotations.String()`: `[]`, or a numbered list of `Labels:`/`Annotations:` pairs.
    static func alertList(_ alerts: [ComparedAlert]) -> String {
        if alerts.isEmpty { return "[]" }
        var out = "["
        for (i, a) in alerts.enumerated() {
            out += (i == 0 ? "\n" : ",\n") + "\(i):" + indent("\n" + a.text, "  ")
        }
        return out + "\n]"
    }
}

/// An alert as promtool compares it: labels and annotations (annotations may hold empty values).
struct ComparedAlert: Comparable {
    var labels: [(String, String)]
    var annotations: [(String, String)]

    init(labels: [String: String], annotations: [String: String]) {
        self.labels = labels.filter { !$0.value.isEmpty }.map { ($0.key, $0.value) }.sorted { $0.0 < $1.0 }
        self.annotations = annotations.map { ($0.key, $0.value) }.sorted { $0.0 < $1.0 }
    }

    var text: String {
        "Labels:" + PromtoolFormat.labelList(labels) + "\nAnnotations:" + PromtoolFormat.labelList(annotations)
    }

    static func == (a: ComparedAlert, b: ComparedAlert) -> Bool {
        a.labels.elementsEqual(b.labels, by: ==) && a.annotations.elementsEqual(b.annotations, by: ==)
    }

    /// `labels.Compare` on labels, then on annotations.
    static func < (a: ComparedAlert, b: ComparedAlert) -> Bool {
        let l = compare(a.labels, b.labels)
        return l != 0 ? l < 0 : compare(a.annotations, b.annotations) < 0
    }

    static func compare(_ a: [(String, String)], _ b: [(String, String)]) -> Int {
        for (x, y) in zip(a, b) {
            if x.0 != y.0 { return x.0 < y.0 ? -1 : 1 }
            if x.1 != y.1 { return x.1 < y.1 ? -1 : 1 }
        }
        return a.count - b.count
    }
}
