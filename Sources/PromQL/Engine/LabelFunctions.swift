import TimeSeries

/// `label_replace` and `label_join`, which work on whole series rather than on values.
extension Evaluator {
    func evalLabelReplace(_ call: Call) throws(QueryError) -> StepMatrix {
        let args = try stringArgs(call, from: 1)
        let (dst, replacement, src, pattern) = (args[0], args[1], args[2], args[3])
        let regex: GoRegex
        do {
            regex = try GoRegex(pattern, anchored: true, dotMatchesNewline: true)
        } catch {
            throw self.error("invalid regular expression in label_replace(): \(pattern)")
        }
        guard LabelNames.isValidUTF8Name(dst) else {
            throw self.error("invalid destination label name in label_replace(): \(dst)")
        }
        var m = try eval(call.args[0])
        for i in m.indices {
            let value = m[i].labels[src] ?? ""
            guard let groups = regex.firstMatchGroups(value) else { continue }
            m[i].labels = m[i].labels.setting(dst, to: regex.expand(template: replacement, groups: groups))
            if dst == Label.metricName { m[i].dropName = false }
        }
        return try mergeSameLabelSets(m)
    }

    func evalLabelJoin(_ call: Call) throws(QueryError) -> StepMatrix {
        let args = try stringArgs(call, from: 1)
        let dst = args[0], separator = args[1]
        let sources = Array(args.dropFirst(2))
        for src in sources where !LabelNames.isValidUTF8Name(src) {
            throw error("invalid source label name in label_join(): \(src)")
        }
        guard LabelNames.isValidUTF8Name(dst) else { throw error("invalid destination label name in label_join(): \(dst)") }
        var m = try eval(call.args[0])
        for i in m.indices {
            let joined = sources.map { m[i].labels[$0] ?? "" }.joined(separator: separator)
            m[i].labels = m[i].labels.setting(dst, to: joined)
            if dst == Label.metricName { m[i].dropName = false }
        }
        return try mergeSameLabelSets(m)
    }
}
