/// `eval-index.tsv` of the conformance data: one row per eval statement with `file`, `line` (1-based),
/// `kind`, `subset` (`core` or `extra`) and tags. `--core-only` runs only the `core` rows.
public struct EvalIndex: Sendable {
    public struct Row: Sendable, Equatable {
        public var file: String
        public var line: Int
        public var kind: String
        public var subset: String
        public var tags: [String]
    }

    public var rows: [Row]

    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    public init(tsv text: String) throws(Failure) {
        rows = []
        for (n, line) in text.split(separator: "\n", omittingEmptySubsequences: true).enumerated() {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            if n == 0, fields.first == "file" { continue }
            guard fields.count >= 4, let lineNumber = Int(fields[1]) else {
                throw Failure(description: "eval-index.tsv line \(n + 1): expected file, line, kind, subset, tags")
            }
            let tags = fields.count > 4 && fields[4] != "-" ? fields[4].split(separator: ",").map(String.init) : []
            rows.append(Row(file: fields[0], line: lineNumber, kind: fields[2], subset: fields[3], tags: tags))
        }
    }

    /// Lines of `file`'s evals in the core subset.
    public func coreLines(of file: String) -> Set<Int> {
        Set(rows.lazy.filter { $0.file == file && $0.subset == "core" }.map(\.line))
    }
}
