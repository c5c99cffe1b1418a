import TimeSeries

/// The checks of Prometheus's `rulefmt.RuleGroups.Validate` and `Rule.Validate` (3.14), in the same order and
/// with the same texts. Rule errors start with `group "g", rule N, "name": ` as upstream prints them; positions
/// point at the node upstream reports (or at the label/annotation key where upstream has none).
struct RuleValidation {
    var nameValidation: NameValidationScheme
    var expressionValidator: ExpressionValidator?
    var templateValidator: TemplateValidator?

    func isValidLabelName(_ name: String) -> Bool {
        switch nameValidation {
        case .utf8: LabelNames.isValidUTF8Name(name)
        case .legacy: LabelNames.isValidLegacyLabelName(name)
        }
    }

    func isValidMetricName(_ name: String) -> Bool {
        switch nameValidation {
        case .utf8: LabelNames.isValidUTF8Name(name)
        case .legacy: LabelNames.isValidLegacyMetricName(name)
        }
    }

    func validate(_ groups: [DecodedGroup], sink: inout IssueSink) {
        var seen: Set<String> = []
        for decoded in groups {
            let g = decoded.group
            if g.name.isEmpty {
                sink.error("Groupname must not be empty", at: g.positions.start)
            }
            if seen.contains(g.name) {
                sink.error("groupname: \"\(g.name)\" is repeated in the same file", at: g.positions.start)
            }
            for label in g.labels where !isValidLabelName(label.name) || label.name == "__name__" {
                sink.error("invalid label name: \(label.name)", at: label.namePosition)
            }
            seen.insert(g.name)
            for (i, r) in decoded.rules.enumerated() {
                let name = r.alert.isEmpty ? r.record : r.alert
                let prefix = "group \(quoteGo(g.name)), rule \(i + 1), \(quoteGo(name)): "
                validate(r, group: g.name, prefix: prefix, sink: &sink)
            }
        }
    }

    private func validate(_ decoded: DecodedRule, group: String, prefix: String, sink: inout IssueSink) {
        let rule = decoded.rule
        let p = rule.positions
        let recordAt = p.value("record") ?? p.start
        if !decoded.record.isEmpty && !decoded.alert.isEmpty {
            sink.error(prefix + "only one of 'record' and 'alert' must be set", at: recordAt)
        }
        if decoded.record.isEmpty && decoded.alert.isEmpty {
            sink.error(prefix + "one of 'record' or 'alert' must be set", at: p.value("record") ?? p.value("alert") ?? p.start)
        }
        if rule.expr.isEmpty {
            sink.error(prefix + "field 'expr' must be set in rule", at: p.value("expr") ?? p.start)
        } else if let validator = expressionValidator, let error = validator(rule.expr) {
            var message = prefix + "could not parse expression: "
            var at = p.value("expr") ?? p.start
            if let position = error.position {
                message += "\(position.line):\(position.column): "
                at = rule.position(inExpr: position) ?? at
            }
            message += "parse error: \(error.message)"
            sink.error(message, at: at)
        }
        if !decoded.record.isEmpty {
            if !rule.annotations.isEmpty {
                sink.error(prefix + "invalid field 'annotations' in recording rule", at: recordAt)
            }
            if let d = rule.for, d != .zero {
                sink.error(prefix + "invalid field 'for' in recording rule", at: recordAt)
            }
            if let d = rule.keepFiringFor, d != .zero {
                sink.error(prefix + "invalid field 'keep_firing_for' in recording rule", at: recordAt)
            }
            if !isValidMetricName(decoded.record) {
                sink.error(prefix + "invalid recording rule name: \(decoded.record)", at: recordAt)
            }
            if decoded.record.contains("{") || decoded.record.contains("}") {
                sink.error(prefix + "braces present in the recording rule name; should it be in expr?: \(decoded.record)", at: recordAt)
            }
        }
        for label in rule.labels where !isValidLabelName(label.name) || label.name == "__name__" {
            sink.error(prefix + "invalid label name: \(label.name)", at: label.namePosition)
        }
        for annotation in rule.annotations where !isValidLabelName(annotation.name) {
            sink.error(prefix + "invalid annotation name: \(annotation.name)", at: annotation.namePosition)
        }
        // Templates are only expanded for alerting rules, so only those are parsed.
        guard !decoded.alert.isEmpty, let templateValidator else { return }
        let templateName = "__alert_" + decoded.alert
        for (kind, entries) in [("label", rule.labels), ("annotation", rule.annotations)] {
            for entry in entries {
                guard let error = templateValidator(entry.value, templateName) else { continue }
                let line = error.position?.line ?? 1
                var at = entry.valuePosition
                if let position = error.position, let map = entry.valueSourceMap { at = map.outerPosition(of: position) }
                sink.error(prefix + "\(kind) \(quoteGo(entry.name)): template: \(templateName):\(line): \(error.message)", at: at)
            }
        }
    }
}
