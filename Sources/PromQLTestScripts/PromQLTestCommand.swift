import Foundation

/// The `promqltest` command line, kept in the library so it can be tested:
/// `promqltest [--core-only] [--no-cross-checks] [--verbose] FILE_OR_DIR...`
///
/// Prints one line per file (`aggregators.test: 120 passed, 3 failed, 37 skipped`) and ends with
/// `N passed, N failed, N skipped`. Exit status: 0 all ran evals passed, 1 something failed (an eval or a
/// whole file), 2 usage error or no engine.
public enum PromQLTestCommand {
    public static let usage = "usage: promqltest [--core-only] [--no-cross-checks] [--verbose] FILE_OR_DIR..."

    public static func run(arguments: [String], engine makeEngine: () -> (any PromQLTestEngine)?,
                           output: (String) -> Void) -> Int32 {
        var coreOnly = false
        var crossChecks = true
        var verbose = false
        var paths: [String] = []
        for argument in arguments {
            switch argument {
            case "--core-only": coreOnly = true
            case "--no-cross-checks": crossChecks = false
            case "--verbose", "-v": verbose = true
            case "--help", "-h": output(usage); return 0
            default:
                if argument.hasPrefix("-") { output("unknown option \(argument)\n\(usage)"); return 2 }
                paths.append(argument)
            }
        }
        guard !paths.isEmpty else { output(usage); return 2 }
        guard let engine = makeEngine() else { output("no PromQL engine is linked"); return 2 }

        let files: [URL]
        do { files = try testFiles(paths) } catch { output("\(error)"); return 2 }
        var indexes: [URL: EvalIndex] = [:]
        var passed = 0, failed = 0, skipped = 0
        var fileFailures = false
        var stepChecksNotRun = 0
        for file in files {
            let name = file.lastPathComponent
            let text: String
            do { text = try String(contentsOf: file, encoding: .utf8) } catch {
                output("\(name): cannot read: \(error.localizedDescription)")
                fileFailures = true
                continue
            }
            let script: Script
            do { script = try ScriptParser.parse(text, file: name) } catch {
                output("\(name): rejected: \(error)")
                fileFailures = true
                continue
            }
            var options = ScriptRunner.Options(crossChecks: crossChecks)
            if coreOnly {
                // eval-index.tsv sits next to the folder of the scripts.
                let indexURL = file.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("eval-index.tsv")
                if indexes[indexURL] == nil {
                    do {
                        indexes[indexURL] = try EvalIndex(tsv: String(contentsOf: indexURL, encoding: .utf8))
                    } catch {
                        output("--core-only: cannot read \(indexURL.path): \(error)")
                        return 2
                    }
                }
                let core = indexes[indexURL]!.coreLines(of: name)
                for eval in script.evals where !core.contains(eval.line) {
                    options.skippedEvals[eval.line] = "not in the core subset"
                }
            }
            let report = ScriptRunner(engine: engine, options: options).run(script)
            for error in report.errors { output("error: \(error)") }
            if !report.errors.isEmpty { fileFailures = true }
            if verbose {
                for outcome in report.outcomes {
                    switch outcome.status {
                    case .passed: break
                    case .failed(let message): output("  FAIL \(name):\(outcome.line): \(outcome.expression)\n    \(message)")
                    case .skipped(let reason): output("  skip \(name):\(outcome.line): \(reason)")
                    }
                }
            }
            output(report.summaryLine)
            passed += report.passed
            failed += report.failed
            skipped += report.skipped
            stepChecksNotRun += report.stepInvarianceChecksNotRun
        }
        if verbose && stepChecksNotRun > 0 {
            output("note: the engine cannot pin selectors with @, so the step-invariance check was left out of \(stepChecksNotRun) instant evals")
        }
        output("\(passed) passed, \(failed) failed, \(skipped) skipped")
        return failed > 0 || fileFailures ? 1 : 0
    }

    struct PathFailure: Error, CustomStringConvertible { let description: String }

    /// The `.test` files named or found (not recursively) in the named folders, sorted by name per folder.
    static func testFiles(_ paths: [String]) throws(PathFailure) -> [URL] {
        var out: [URL] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw PathFailure(description: "\(path): no such file or directory")
            }
            let url = URL(fileURLWithPath: path)
            if isDirectory.boolValue {
                let names: [String]
                do { names = try FileManager.default.contentsOfDirectory(atPath: path) } catch {
                    throw PathFailure(description: "\(path): \(error.localizedDescription)")
                }
                out.append(contentsOf: names.filter { $0.hasSuffix(".test") }.sorted().map { url.appendingPathComponent($0) })
            } else {
                out.append(url)
            }
        }
        return out
    }
}
