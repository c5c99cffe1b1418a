import PromQL
import TimeSeries

/// Reads the promqltest script language (see the conformance README, "The promqltest script language")
/// into a `Script`, following upstream's `promql/promqltest/test.go` line by line: lines are trimmed, `#`
/// lines count as blank, a blank line ends a block, and the first word picks the command.
///
/// The query expressions are kept as text: the engine parses them when they run.
public struct ScriptParser {
    let file: String
    /// Trimmed lines; comment lines are empty.
    var lines: [String]
    /// The lines as written, for column positions.
    let rawLines: [String]

    /// Parses a whole script. Like upstream, the first problem rejects the file.
    public static func parse(_ text: String, file: String) throws(ScriptError) -> Script {
        var parser = ScriptParser(text: text, file: file)
        return try parser.parseCommands()
    }

    init(text: String, file: String) {
        self.file = file
        rawLines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        lines = rawLines.map { line in
            let trimmed = ScriptParser.trimmed(line)
            return trimmed.hasPrefix("#") ? "" : trimmed
        }
    }

    func error(_ index: Int, _ message: String) -> ScriptError {
        ScriptError(file: file, line: index + 1, message: message)
    }

    mutating func parseCommands() throws(ScriptError) -> Script {
        var commands: [ScriptCommand] = []
        var i = 0
        while i < lines.count {
            let l = lines[i]
            if l.isEmpty { i += 1; continue }
            let word = ScriptParser.firstWord(l).lowercased()
            if word == "clear" {
                commands.append(.clear(line: i + 1))
            } else if word.hasPrefix("load") {
                let (end, load) = try parseLoad(at: i)
                commands.append(.load(load))
                i = end
            } else if word.hasPrefix("eval") {
                let (end, eval) = try parseEval(at: i)
                commands.append(.eval(eval))
                i = end
            } else {
                throw error(i, "invalid command \(quoteGo(l))")
            }
            i += 1
        }
        return Script(file: file, commands: commands)
    }

    // MARK: load

    static let loadHeading = HeadingPattern(#"^load(?:_(with_nhcb))?\s+(.+?)$"#)

    /// Parses a load block starting at `index`; returns the index of its last line.
    func parseLoad(at index: Int) throws(ScriptError) -> (Int, LoadCommand) {
        guard let groups = ScriptParser.loadHeading.firstMatchGroups(lines[index]) else {
            throw error(index, "invalid load command. (load[_with_nhcb] <step:duration>)")
        }
        let withNHCB = groups[1] == "with_nhcb"
        let stepText = groups[2] ?? ""
        let step: Int64
        do {
            step = try PromDuration(parsing: stepText).milliseconds
        } catch {
            throw self.error(index, "invalid step definition \(quoteGo(stepText)): \(error.message)")
        }
        var series: [LoadedSeries] = []
        var indexByLabels: [Labels: Int] = [:]
        var pendingST: (labels: Labels, offsets: [Int64?], index: Int)?
        var i = index
        while i + 1 < lines.count {
            i += 1
            let line = lines[i]
            if line.isEmpty { i -= 1; break }
            if ScriptParser.isStartTimestampLine(line) {
                if let pending = pendingST { throw error(pending.index, "@st line has no following sample line") }
                let (labels, offsets) = try parseStartTimestampLine(line, index: i)
                pendingST = (labels, offsets, i)
                continue
            }
            let (labels, valuesText) = try seriesDescription(line, index: i)
            let values: [SeriesValues.Value]
            do {
                values = try SeriesValues.parse(valuesText)
            } catch {
                throw self.error(i, "invalid series values: \(error.message)")
            }
            var offsets: [Int64?]?
            if let pending = pendingST {
                guard pending.labels == labels else {
                    throw self.error(pending.index, "@st metric does not match the following sample line metric")
                }
                guard pending.offsets.count == values.count else {
                    throw self.error(pending.index, "@st line has \(pending.offsets.count) values but sample line has \(values.count)")
                }
                offsets = pending.offsets
                pendingST = nil
            }
            let entry = LoadedSeries(labels: labels, values: values, startTimestampOffsets: offsets, line: i + 1)
            if let k = indexByLabels[labels] {
                series[k] = entry
            } else {
                indexByLabels[labels] = series.count
                series.append(entry)
            }
        }
        if let pending = pendingST { throw error(pending.index, "@st line has no following sample line") }
        return (i, LoadCommand(line: index + 1, step: step, withNHCB: withNHCB, series: series))
    }

    /// A start-timestamp line has `@st` glued to the end of its first word: `metric{a="b"}@st -30s _ -1m`.
    static func isStartTimestampLine(_ line: String) -> Bool {
        guard let space = line.firstIndex(where: { $0 == " " || $0 == "\t" }) else { return false }
        return line[..<space].hasSuffix("@st")
    }

    func parseStartTimestampLine(_ line: String, index: Int) throws(ScriptError) -> (Labels, [Int64?]) {
        let space = line.firstIndex(where: { $0 == " " || $0 == "\t" })!
        let metricPart = String(line[..<space].dropLast(3))
        let valuesPart = String(line[space...])
        let parsed: (Labels, Int)
        do {
            parsed = try SeriesDescription.parse(prefixOf: metricPart)
        } catch {
            throw self.error(index, "invalid @st line metric \(quoteGo(metricPart)): \(error.message)")
        }
        let labels = parsed.0
        guard ScriptParser.trimmed(String(String.UnicodeScalarView(metricPart.unicodeScalars.dropFirst(parsed.1)))).isEmpty else {
            throw self.error(index, "invalid @st line metric \(quoteGo(metricPart)): unexpected text after the series")
        }
        do {
            return (labels, try StartTimestampNotation.parse(valuesPart))
        } catch {
            throw self.error(index, "invalid @st sequence: \(error.message)")
        }
    }

    /// Splits a series line into its label set and the text of its values.
    func seriesDescription(_ line: String, index: Int) throws(ScriptError) -> (Labels, String) {
        do {
            let (labels, end) = try SeriesDescription.parse(prefixOf: line)
            let rest = String(String.UnicodeScalarView(line.unicodeScalars.dropFirst(end)))
            return (labels, rest)
        } catch {
            throw self.error(index, "invalid series description at column \(error.offset + 1): \(error.message)")
        }
    }

    // MARK: helpers

    /// Go's `strings.TrimSpace`.
    static func trimmed(_ s: String) -> String {
        let scalars = s.unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })!
        return String(scalars[first...last])
    }

    /// The text before the first run of spaces or tabs.
    static func firstWord(_ s: String) -> Substring {
        s.prefix { $0 != " " && $0 != "\t" }
    }
}
