import TimeSeries

/// The parsers: `json`, `logfmt`, `regexp`, `pattern` and `unpack`. A parser never drops a line; what it
/// cannot read it reports in `__error__` (`JSONParserErr`, `LogfmtParserErr`) and `__error_details__`.
/// https://grafana.com/docs/loki/latest/query/log_queries/ "Parser expression".
enum ParserStages {
    /// `| json`: every scalar of the object becomes a label, nested keys joined with `_`; arrays are skipped.
    /// With parameters, only the listed paths are read, and an object or array selected is kept as JSON text.
    static func json(_ line: String, _ params: [(String, [JSONPathStep])], _ labels: inout LabelsBuilder) {
        let bytes = Array(line.utf8)
        if params.isEmpty {
            do {
                for (name, value) in try JSONLine.flattenedObject(bytes) { labels.addParsed(name, value) }
            } catch {
                labels.setError("JSONParserErr", details: error.message)
            }
            return
        }
        let root: JSONLine
        do { root = try JSONLine.parse(bytes) } catch {
            labels.setError("JSONParserErr", details: error.message)
            return
        }
        for (label, path) in params {
            let value = JSONPathStep.lookup(path, in: root)?.labelValue(in: bytes) ?? ""
            labels.addParsed(label, value)
        }
    }

    /// `| logfmt [--strict] [--keep-empty] [params]`.
    static func logfmt(_ line: String, strict: Bool, keepEmpty: Bool, _ params: [(String, String)], _ labels: inout LabelsBuilder) {
        var wanted: [String: [String]] = [:]
        for (label, key) in params { wanted[key, default: []].append(label) }
        for item in LogfmtScanner.scan(line) {
            switch item {
            case .error(let e):
                if strict {
                    labels.setError("LogfmtParserErr", details: e.details)
                    return
                }
            case .pair(let p):
                if p.standalone && !keepEmpty { continue }
                if params.isEmpty {
                    labels.addParsed(p.key, p.value)
                } else if let targets = wanted[p.key] {
                    for t in targets { labels.addParsed(t, p.value) }
                }
            }
        }
    }

    /// `| regexp "..."`: the named groups of the first match become labels; no match extracts nothing.
    static func regexp(_ line: String, _ regex: GoRegex, _ labels: inout LabelsBuilder) {
        guard let groups = regex.firstMatchGroups(line) else { return }
        for (i, name) in regex.subexpNames.enumerated() where !name.isEmpty && i < groups.count {
            labels.addParsed(name, groups[i] ?? "")
        }
    }

    /// `| pattern "<ip> - <_>"`.
    static func pattern(_ line: String, _ pattern: LogPattern, _ labels: inout LabelsBuilder) {
        guard let captures = pattern.match(line) else { return }
        for (name, value) in captures { labels.addParsed(name, value) }
    }

    /// `| unpack`: the string members of an object packed by Promtail's `pack` stage become labels, and
    /// `_entry` becomes the line. Returns the new line.
    static func unpack(_ line: String, _ labels: inout LabelsBuilder) -> String {
        let root: JSONLine
        do { root = try JSONLine.parse(Array(line.utf8)) } catch {
            labels.setError("JSONParserErr", details: error.message)
            return line
        }
        guard case .object(let members, _) = root else {
            labels.setError("JSONParserErr", details: "the line is not a JSON object")
            return line
        }
        var newLine = line
        for (key, value) in members {
            guard case .string(let s) = value else { continue }
            if key == "_entry" { newLine = s } else { labels.addParsed(key, s) }
        }
        return newLine
    }
}
