import PromQL
import TimeSeries

/// The `eval` heading and the lines of its block, read in upstream's order of checks: old `expected_fail_*`
/// lines, `expect range vector`, `expect string`, other `expect` lines, a bare number, then a series line.
extension ScriptParser {
    static let instantHeading = HeadingPattern(#"^eval(?:_(fail|warn|ordered|info))?\s+instant\s+(?:at\s+(.+?))?\s+(.+)$"#)
    static let rangeHeading = HeadingPattern(#"^eval(?:_(fail|warn|info))?\s+range\s+from\s+(.+)\s+to\s+(.+)\s+step\s+(.+?)\s+(.+)$"#)
    static let expectLine = HeadingPattern(#"^expect\s+(ordered|fail|warn|no_warn|info|no_info)(?:\s+(regex|msg):(.+))?$"#)
    static let expectRangeLine = HeadingPattern(#"^expect range vector\s+from\s+(.+)\s+to\s+(.+)\s+step\s+(.+)$"#)

    /// Parses an eval block starting at `index`; returns the index of its last line.
    func parseEval(at index: Int) throws(ScriptError) -> (Int, EvalCommand) {
        let heading = lines[index]
        let instant = ScriptParser.instantHeading.firstMatchGroups(heading)
        let range = instant == nil ? ScriptParser.rangeHeading.firstMatchGroups(heading) : nil
        guard instant != nil || range != nil else {
            throw error(index, "invalid evaluation command. Must be either 'eval[_fail|_warn|_ordered] instant [at <offset:duration>] <query>' or 'eval[_fail|_warn] range from <from> to <to> step <step> <query>'")
        }
        let groups = (instant ?? range)!
        let expression = (instant != nil ? groups[3] : groups[5]) ?? ""
        let modifier = groups[1].flatMap(EvalCommand.LegacyModifier.init(rawValue:))
        func evalError(_ i: Int, _ message: String) -> ScriptError {
            error(i, "error in eval \(expression) (line \(index + 1)): \(message)")
        }

        let kind: EvalCommand.Kind
        if instant != nil {
            let at = groups[2] ?? ""
            do {
                kind = .instant(at: try PromDuration(parsing: at).milliseconds)
            } catch {
                throw evalError(index, "invalid timestamp definition \(quoteGo(at)): \(error.message)")
            }
        } else {
            do {
                let (start, end, step) = try ScriptParser.durations(groups[2] ?? "", groups[3] ?? "", groups[4] ?? "")
                kind = .range(start: start, end: end, step: step)
            } catch {
                throw evalError(index, error.message)
            }
        }
        var command = EvalCommand(line: index + 1, kind: kind, expression: expression,
                                  expressionColumn: column(of: expression, onLine: index),
                                  legacyModifier: modifier)
        var expect = Expectations()
        let legacyFail = modifier == .fail
        var i = index
        // Upstream's position counter: every block line counts except `expect <annotation|fail|ordered>`.
        var position = 1
        blockLoop: while i + 1 < lines.count {
            i += 1
            defer { position += 1 }
            let line = lines[i]
            if line.isEmpty { i -= 1; break }
            if legacyFail, line.hasPrefix("expected_fail_message") {
                let text = ScriptParser.trimmed(String(line.dropFirst("expected_fail_message".count)))
                expect.legacyFailMatcher = LineExpectation(line: i + 1, value: .message(text))
                break
            }
            if legacyFail, line.hasPrefix("expected_fail_regexp") {
                let pattern = ScriptParser.trimmed(String(line.dropFirst("expected_fail_regexp".count)))
                do {
                    expect.legacyFailMatcher = LineExpectation(line: i + 1, value: .regex(try GoRegex(pattern)))
                } catch {
                    throw evalError(i, "invalid regexp '\(pattern)' for expected_fail_regexp: \(error.message)")
                }
                break
            }
            if line.hasPrefix("expect range vector") {
                guard let g = ScriptParser.expectRangeLine.firstMatchGroups(line) else {
                    throw evalError(i, "invalid range vector definition \(quoteGo(line))")
                }
                do {
                    let (start, end, step) = try ScriptParser.durations(g[1] ?? "", g[2] ?? "", g[3] ?? "")
                    expect.rangeVector = LineExpectation(line: i + 1, value: RangeVectorExpectation(start: start, end: end, step: step))
                } catch {
                    throw evalError(i, error.message)
                }
                continue
            }
            if line.hasPrefix("expect string") {
                expect.string = LineExpectation(line: i + 1, value: try stringLiteral(line, index: i, evalError))
                continue
            }
            // A metric called `expect` can still be written `expect{}`.
            if line.split(separator: " ", omittingEmptySubsequences: false).first == "expect" {
                try addExpectLine(line, index: i, to: &expect, evalError)
                position -= 1
                continue
            }
            if let number = SeriesValues.parseGoFloat(line) {
                expect.scalar = LineExpectation(line: i + 1, value: number)
                break blockLoop
            }
            let (labels, valuesText) = try seriesDescription(line, index: i)
            let points: [ExpectedPoint]
            do {
                points = try ExpectedValuesNotation.parse(valuesText)
            } catch {
                throw self.error(i, "invalid series values: \(error.message)")
            }
            if points.count > 1, instant != nil, expect.rangeVector == nil {
                throw evalError(i, "expecting multiple values in instant evaluation not allowed. consider using 'expect range vector' directive to enable a range vector result for an instant query")
            }
            // A scalar line ends the block, so series lines only ever come before it.
            expect.series.append(ExpectedSeries(labels: labels, points: points, line: i + 1, position: position))
        }
        command.expectations = expect
        return (i, command)
    }

    private func addExpectLine(_ line: String, index i: Int, to expect: inout Expectations,
                               _ evalError: (Int, String) -> ScriptError) throws(ScriptError) {
        guard let g = ScriptParser.expectLine.firstMatchGroups(line) else {
            throw evalError(i, "invalid expect statement, must match `expect <type> <match_type>: <string>` format")
        }
        let mode = g[1] ?? ""
        var matcher = TextMatcher.anyLine
        if let how = g[2], !how.isEmpty {
            let text = ScriptParser.trimmed(g[3] ?? "")
            if how == "msg" {
                matcher = .message(text)
            } else {
                do { matcher = .regex(try GoRegex(text)) } catch {
                    throw evalError(i, "invalid regex \(text) for \(mode)")
                }
            }
        }
        let entry = LineExpectation(line: i + 1, value: matcher)
        switch mode {
        case "ordered": expect.ordered = true
        case "fail":
            guard expect.failure == nil else {
                throw evalError(i, "invalid expect lines, multiple expect fail lines are not allowed")
            }
            expect.failure = entry
        case "warn": expect.warnings.append(entry)
        case "no_warn": expect.noWarnings = true
        case "info": expect.infos.append(entry)
        case "no_info": expect.noInfos = true
        default: throw evalError(i, "invalid expected error/annotation type \(mode)")
        }
        if !expect.infos.isEmpty && expect.noInfos {
            throw evalError(i, "invalid expect lines, info and no_info cannot be used together")
        }
        if !expect.warnings.isEmpty && expect.noWarnings {
            throw evalError(i, "invalid expect lines, warn and no_warn cannot be used together")
        }
    }

    /// `expect string "<s>"`: exactly one space, then a Go string literal (double quotes or backticks).
    private func stringLiteral(_ line: String, index i: Int, _ evalError: (Int, String) -> ScriptError) throws(ScriptError) -> String {
        let prefix = "expect string "
        guard line != "expect string", line.hasPrefix(prefix), line.count > prefix.count else {
            throw evalError(i, "expected string literal not valid - a quoted string literal is required")
        }
        let literal = String(line.dropFirst(prefix.count))
        guard literal.first != "'" else {
            // Go's strconv.Unquote takes single quotes for one character only; no script needs them.
            throw evalError(i, "expected string literal not valid - check that the string is correctly quoted")
        }
        do {
            return try GoUnquote.unquote(literal)
        } catch {
            throw evalError(i, "expected string literal not valid - check that the string is correctly quoted")
        }
    }

    struct DurationFailure: Error { let message: String }

    /// `from`, `to` and `step` of a range; `to` may not be before `from`.
    static func durations(_ from: String, _ to: String, _ step: String) throws(DurationFailure) -> (Int64, Int64, Int64) {
        let start: Int64, end: Int64, stepMs: Int64
        do { start = try PromDuration(parsing: from).milliseconds } catch {
            throw DurationFailure(message: "invalid start timestamp definition \(quoteGo(from)): \(error.message)")
        }
        do { end = try PromDuration(parsing: to).milliseconds } catch {
            throw DurationFailure(message: "invalid end timestamp definition \(quoteGo(to)): \(error.message)")
        }
        guard end >= start else {
            throw DurationFailure(message: "invalid test definition, end timestamp (\(to)) is before start timestamp (\(from))")
        }
        do { stepMs = try PromDuration(parsing: step).milliseconds } catch {
            throw DurationFailure(message: "invalid step definition \(quoteGo(step)): \(error.message)")
        }
        return (start, end, stepMs)
    }

    /// 1-based column (Unicode scalars) of the expression in the line as written.
    func column(of expression: String, onLine index: Int) -> Int {
        let raw = Array(rawLines[index].unicodeScalars)
        let needle = Array(expression.unicodeScalars)
        guard !needle.isEmpty, needle.count <= raw.count else { return 1 }
        for start in 0...(raw.count - needle.count) where raw[start] == needle[0] {
            if Array(raw[start..<(start + needle.count)]) == needle { return start + 1 }
        }
        return 1
    }
}
