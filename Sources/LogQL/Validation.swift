import TimeSeries

/// The checks Loki makes after parsing, with Loki's wording where users may search for it.
extension Parser {
    /// A selector must narrow the streams: at least one matcher must refuse the empty value, otherwise the
    /// query would scan every stream of the tenant.
    func validate(_ selector: StreamSelector) throws(ParseFailure) {
        guard selector.matchers.contains(where: { !$0.matchesEmpty }) else {
            throw ParseFailure(message: "queries require at least one regexp or equality matcher that does not have an empty-compatible value. For instance, app=~\".*\" does not meet this requirement, but app=~\".+\" will",
                               offset: selector.range.start)
        }
    }

    func validate(_ aggregation: RangeAggregation, at offset: Int) throws(ParseFailure) {
        let op = aggregation.operation
        let unwrap = aggregation.logRange.unwrap
        switch op.unwrapRule {
        case .required where unwrap == nil:
            throw ParseFailure(message: "invalid aggregation \(op.rawValue) without unwrap", offset: offset)
        case .forbidden where unwrap != nil:
            throw ParseFailure(message: "invalid aggregation \(op.rawValue) with unwrap", offset: offset)
        default:
            break
        }
        if aggregation.grouping != nil, !op.allowsGrouping {
            throw ParseFailure(message: "grouping not allowed for \(op.rawValue) aggregation", offset: offset)
        }
    }

    func validate(_ aggregation: VectorAggregation, at offset: Int) throws(ParseFailure) {
        let op = aggregation.operation
        if aggregation.grouping != nil, !op.allowsGrouping {
            throw ParseFailure(message: "grouping not allowed for \(op.rawValue) aggregation", offset: offset)
        }
        if let k = aggregation.parameter {
            guard k == k.rounded(), k > 0, k <= Double(Int32.max) else {
                throw ParseFailure(message: "invalid parameter \(formatNumber(k)) for \(op.rawValue): must be a positive integer",
                                   offset: offset)
            }
        }
    }

    /// Checks a label filter regex the way `LabelMatcher` compiles it.
    func validateRegex(_ token: Token) throws(ParseFailure) {
        do {
            _ = try GoRegex(token.text, anchored: true)
        } catch {
            throw ParseFailure(message: error.message, offset: token.start)
        }
    }

    /// `| regexp` needs a valid RE2 expression with at least one named group, which becomes a label.
    func validateRegexpStage(_ token: Token) throws(ParseFailure) {
        let regex: GoRegex
        do {
            regex = try GoRegex(token.text)
        } catch {
            throw ParseFailure(message: error.message, offset: token.start)
        }
        guard regex.groupNames.contains(where: { !$0.isEmpty }) else {
            throw ParseFailure(message: "at least one named capture must be supplied", offset: token.start)
        }
    }

    /// `| pattern "<ip> - <_> <status>"`: captures are `<name>` or `<_>`, at least one must be named, two may
    /// not touch (nothing would tell where one ends) and names may not repeat.
    func validatePatternStage(_ token: Token) throws(ParseFailure) {
        let captures: [PatternPart]
        do {
            captures = try parsePattern(token.text)
        } catch {
            throw ParseFailure(message: error.message, offset: token.start)
        }
        var names = Set<String>()
        var previousWasCapture = false
        for part in captures {
            switch part {
            case .literal:
                previousWasCapture = false
            case .capture(let name):
                if previousWasCapture {
                    throw ParseFailure(message: "found consecutive capture '\(name)': invalid pattern", offset: token.start)
                }
                previousWasCapture = true
                if name != "_" {
                    guard names.insert(name).inserted else {
                        throw ParseFailure(message: "duplicate capture name (\(name)): invalid pattern", offset: token.start)
                    }
                }
            }
        }
        if names.isEmpty {
            throw ParseFailure(message: "at least one capture is required: invalid pattern", offset: token.start)
        }
    }
}

enum PatternPart: Equatable {
    case literal(String)
    case capture(String)
}

struct PatternError: Error { var message: String }

/// Splits a pattern into literals and `<name>` captures; a `<` not starting a valid capture is literal text.
func parsePattern(_ text: String) throws(PatternError) -> [PatternPart] {
    var parts: [PatternPart] = []
    var literal = ""
    let scalars = Array(text.unicodeScalars)
    var i = 0
    while i < scalars.count {
        if scalars[i] == "<" {
            var j = i + 1
            var name = ""
            while j < scalars.count, scalars[j].isASCII,
                  scalars[j] == "_" || scalars[j].properties.isAlphabetic || ("0"..."9").contains(scalars[j]) {
                name.unicodeScalars.append(scalars[j])
                j += 1
            }
            if j < scalars.count, scalars[j] == ">", !name.isEmpty, !("0"..."9").contains(name.unicodeScalars.first!) {
                if !literal.isEmpty { parts.append(.literal(literal)); literal = "" }
                parts.append(.capture(name))
                i = j + 1
                continue
            }
        }
        literal.unicodeScalars.append(scalars[i])
        i += 1
    }
    if !literal.isEmpty { parts.append(.literal(literal)) }
    if parts.isEmpty { throw PatternError(message: "empty pattern: invalid pattern") }
    return parts
}
