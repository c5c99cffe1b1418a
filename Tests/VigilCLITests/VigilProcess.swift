import Foundation

/// Runs the built `vigil` executable, which SwiftPM places next to the test bundle.
struct VigilProcess {
    struct Result {
        var exitCode: Int32
        /// True when the process was killed by a signal (a trap is SIGILL); `exitCode` is then the signal.
        var signaled = false
        var stdout: String
        var stderr: String
        var output: String { stdout + stderr }
    }

    static var executableURL: URL {
        let testBinary = URL(fileURLWithPath: CommandLine.arguments[0])
        var dir = testBinary.deletingLastPathComponent()
        // On Linux the test runner is `.build/debug/VigilPackageTests.xctest`; on macOS it is a bundle.
        while !FileManager.default.fileExists(atPath: dir.appendingPathComponent("vigil").path),
              dir.path != "/" {
            dir = dir.deletingLastPathComponent()
        }
        return dir.appendingPathComponent("vigil")
    }

    static func run(_ arguments: [String], in directory: URL? = nil) throws -> Result {
        let process = Process()
        process.executableURL = executableURL
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        var environment = ProcessInfo.processInfo.environment
        environment["NO_COLOR"] = "1"
        process.environment = environment
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Read both pipes before waiting so a large output cannot block the child.
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(
            exitCode: process.terminationStatus,
            signaled: process.terminationReason == .uncaughtSignal,
            stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self)
        )
    }

    /// The package root, found from this source file's path.
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
}

/// Where the shared upstream data lives, when the environment names it.
enum SharedData {
    static var corpus: URL? { directory("VIGIL_CORPUS_DIR") }
    static var conformance: URL? { directory("VIGIL_CONFORMANCE_DIR") }

    private static func directory(_ variable: String) -> URL? {
        guard let path = ProcessInfo.processInfo.environment[variable], !path.isEmpty else { return nil }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else {
            return nil
        }
        return URL(fileURLWithPath: path)
    }

    /// Prints why a test did not run, so a skipped conformance test is visible in the log.
    static func noteSkip(_ test: String, _ variable: String) {
        print("SKIPPED \(test): \(variable) is not set to an existing folder")
    }
}
