/// The fuzz targets: each takes arbitrary bytes and drives one parser or engine the way Vigil does, and
/// must return without trapping, hanging or growing memory without bound. A broken invariant that is
/// not a trap by itself (a printed expression that no longer parses) is turned into one, so libFuzzer
/// reports it as a crash.
///
/// The libFuzzer executables in `Fuzz/` call `run` from `LLVMFuzzerTestOneInput`; the regression test
/// (`Tests/VigilFuzzTests`) replays `Fuzz/regressions/<target>/*` through the same `run` without
/// sanitizers.
public enum FuzzTarget: String, CaseIterable, Sendable {
    case promqlParse = "promql-parse"
    case promqlEval = "promql-eval"
    case logqlParse = "logql-parse"
    case logqlEval = "logql-eval"
    case template = "template"
    case ruleFile = "rule-file"
    case unitTestFile = "unit-test-file"

    /// Runs one input. Inputs that are not UTF-8 are decoded with replacement characters, as Vigil's
    /// file readers would refuse them before any parser saw them.
    public func run(_ bytes: UnsafeRawBufferPointer) {
        let text = String(decoding: bytes, as: UTF8.self)
        switch self {
        case .promqlParse: PromQLParseFuzz.run(text)
        case .promqlEval: PromQLEvalFuzz.run(text)
        case .logqlParse: LogQLParseFuzz.run(text)
        case .logqlEval: LogQLEvalFuzz.run(text)
        case .template: TemplateFuzz.run(text)
        case .ruleFile: RuleFileFuzz.run(text)
        case .unitTestFile: UnitTestFileFuzz.run(text)
        }
    }

    public func run(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { run($0) }
    }
}

/// Stops with a message libFuzzer shows next to the stack: an invariant of a target did not hold.
func invariantFailed(_ target: FuzzTarget, _ message: String) -> Never {
    fatalError("\(target.rawValue): \(message)")
}
