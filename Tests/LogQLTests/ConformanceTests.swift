import Foundation
import Testing
@testable import LogQL

/// Loki's own parser test cases (see `logql/README.md` in the conformance folder), run when
/// `VIGIL_CONFORMANCE_DIR` points at that folder.
enum Conformance {
    static let directory: URL? = {
        guard let path = ProcessInfo.processInfo.environment["VIGIL_CONFORMANCE_DIR"], !path.isEmpty else { return nil }
        let url = URL(fileURLWithPath: path).appendingPathComponent("logql")
        return FileManager.default.fileExists(atPath: url.appendingPathComponent("queries-valid.txt").path) ? url : nil
    }()

    static var available: Bool { directory != nil }

    /// `VIGIL_CONFORMANCE_VERBOSE=1` prints why each invalid query was rejected, for reviewing them.
    static let verbose = ProcessInfo.processInfo.environment["VIGIL_CONFORMANCE_VERBOSE"] == "1"

    /// Undoes the file escapes left to right: `\\` is a backslash, `\n` a newline, and in the TSV `\t` a tab.
    static func unescape(_ s: String, tabs: Bool) -> String {
        var out = ""
        var it = s.makeIterator()
        while let c = it.next() {
            guard c == "\\" else { out.append(c); continue }
            switch it.next() {
            case "\\": out.append("\\")
            case "n": out.append("\n")
            case "t" where tabs: out.append("\t")
            case let other?: out.append("\\"); out.append(other)
            case nil: out.append("\\")
            }
        }
        return out
    }

    static func lines(_ name: String) throws -> [String] {
        let text = try String(contentsOf: directory!.appendingPathComponent(name), encoding: .utf8)
        return text.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
    }

    static func queries(_ name: String) throws -> [String] {
        try lines(name).map { unescape($0, tabs: false) }
    }

    /// Reviewed disagreements with upstream, each with its reason. Target: empty.
    static let validExceptions: [String: String] = [:]
    static let invalidExceptions: [String: String] = [:]
    static let lexerExceptions: [String: String] = [:]
}

@Test func conformanceSkipNotice() {
    if !Conformance.available {
        print("LogQL conformance: skipped, VIGIL_CONFORMANCE_DIR is unset or has no logql/queries-valid.txt")
    }
}

@Test(.enabled(if: Conformance.available, "VIGIL_CONFORMANCE_DIR not set"))
func conformanceValidQueriesParse() throws {
    let queries = try Conformance.queries("queries-valid.txt")
    var passed = 0
    var failures: [String] = []
    for q in queries {
        do {
            _ = try LogQLParser.parseExpr(q)
            passed += 1
        } catch {
            if Conformance.validExceptions[q] == nil { failures.append("\(q)\n    -> \(error)") }
        }
    }
    print("LogQL conformance valid: \(passed)/\(queries.count) parse, \(failures.count) unexpected failures, \(Conformance.validExceptions.count) exceptions")
    for f in failures { print("  FAIL valid: \(f)") }
    #expect(failures.isEmpty)
}

@Test(.enabled(if: Conformance.available, "VIGIL_CONFORMANCE_DIR not set"))
func conformanceInvalidQueriesAreRejected() throws {
    let queries = try Conformance.queries("queries-invalid.txt")
    var rejected = 0
    var failures: [String] = []
    for q in queries {
        do {
            let e = try LogQLParser.parseExpr(q)
            if Conformance.invalidExceptions[q] == nil { failures.append("\(q)\n    -> parsed as \(e)") }
        } catch {
            rejected += 1
            if Conformance.verbose { print("  rejected: \(q)\n    -> \(error)") }
        }
    }
    print("LogQL conformance invalid: \(rejected)/\(queries.count) rejected, \(failures.count) unexpected accepts, \(Conformance.invalidExceptions.count) exceptions")
    for f in failures { print("  FAIL invalid: \(f)") }
    #expect(failures.isEmpty)
}

@Test(.enabled(if: Conformance.available, "VIGIL_CONFORMANCE_DIR not set"))
func conformanceLexerTokens() throws {
    let rows = try Conformance.lines("lexer-tokens.tsv")
    var passed = 0
    var failures: [String] = []
    for row in rows {
        let columns = row.split(separator: "\t", maxSplits: 1, omittingEmptySubsequences: false)
        let input = Conformance.unescape(String(columns[0]), tabs: true)
        let expected = columns.count > 1 ? columns[1].split(separator: " ").map(String.init) : []
        // Loki's lexer test stops at the first error and compares what came before it.
        let got = Lexer.tokenize(input).tokens.map(\.kind.rawValue)
        if got == expected {
            passed += 1
        } else if Conformance.lexerExceptions[input] == nil {
            failures.append("\(input)\n    expected \(expected.joined(separator: " "))\n    got      \(got.joined(separator: " "))")
        }
    }
    print("LogQL conformance lexer: \(passed)/\(rows.count) match, \(failures.count) unexpected mismatches, \(Conformance.lexerExceptions.count) exceptions")
    for f in failures { print("  FAIL lexer: \(f)") }
    #expect(failures.isEmpty)
}

@Test(.enabled(if: Conformance.available, "VIGIL_CONFORMANCE_DIR not set"))
func conformanceRoundTrip() throws {
    let queries = try Conformance.queries("queries-valid.txt")
    var checked = 0
    var failures: [String] = []
    for q in queries {
        guard let first = try? LogQLParser.parseExpr(q) else { continue }
        let printed = first.description
        do {
            let second = try LogQLParser.parseExpr(printed)
            if second == first {
                checked += 1
                // Printing is a fixed point after one round.
                if second.description != printed { failures.append("\(q)\n    printed \(printed)\n    then    \(second)") }
            } else {
                failures.append("\(q)\n    printed \(printed)\n    reparsed differently: \(second)")
            }
        } catch {
            failures.append("\(q)\n    printed \(printed)\n    -> \(error)")
        }
    }
    print("LogQL conformance round trip: \(checked)/\(queries.count) equal after print and reparse, \(failures.count) failures")
    for f in failures { print("  FAIL round trip: \(f)") }
    #expect(failures.isEmpty)
}
