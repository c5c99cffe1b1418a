import Foundation
import Testing

/// Every command that reads files names the path and the cause when it cannot read one, exits 1, and
/// never hangs on a FIFO or a device.
@Suite struct FileErrorTests {
    static func workspace() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-cli-files-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("adir"), withIntermediateDirectories: true)
        #expect(mkfifo(dir.appendingPathComponent("fifo").path, 0o644) == 0)
        #expect(symlink("loop", dir.appendingPathComponent("loop").path) == 0)
        try Data(Array("groups:\n- name: a".utf8) + [0xFF, 0x0A]).write(to: dir.appendingPathComponent("bad.yml"))
        try "{\"a\": 1,\n \"b\": x}".write(to: dir.appendingPathComponent("bad.json"), atomically: true, encoding: .utf8)
        try "rule_files: []\ntests:\n- name: t\n".write(to: dir.appendingPathComponent("t.yml"), atomically: true, encoding: .utf8)
        return dir
    }

    static let reasons: [(file: String, reason: String)] = [
        ("missing.yml", "no such file or directory"),
        ("fifo", "is a named pipe (FIFO), not a regular file"),
        ("loop", "too many levels of symbolic links (is there a symlink loop?)"),
        ("bad.yml", "not valid UTF-8 text: invalid byte at offset 17 (line 2, column 10)"),
        ("/dev/zero", "is a device, not a regular file"),
    ]

    @Test func checkRulesNamesPathAndCause() throws {
        let dir = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: dir) }
        for (file, reason) in Self.reasons {
            let result = try VigilProcess.run(["check", "rules", file], in: dir)
            #expect(result.exitCode == 1, "\(file): \(result.output)")
            #expect(result.stderr.contains("\(file): cannot read file: \(reason)"), "\(file): \(result.stderr)")
        }
    }

    @Test func testRulesNamesPathAndCause() throws {
        let dir = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: dir) }
        for (file, reason) in Self.reasons + [("adir", "is a directory, not a file")] {
            let result = try VigilProcess.run(["test", "rules", file], in: dir)
            #expect(result.exitCode == 1, "\(file): \(result.output)")
            #expect(result.stderr.contains("\(file): cannot read file: \(reason)"), "\(file): \(result.stderr)")
        }
        let run = try VigilProcess.run(["test", "rules", "--run", "(", "t.yml"], in: dir)
        #expect(run.exitCode == 1)
        #expect(run.stderr.contains("invalid --run pattern"), "\(run.stderr)")
    }

    @Test func templateRenderNamesPathAndCause() throws {
        let dir = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: dir) }
        for (file, reason) in Self.reasons.filter({ $0.file != "bad.yml" }) + [("adir", "is a directory, not a file")] {
            let result = try VigilProcess.run(["template", "render", "--template.text", "x", "--template.data", file], in: dir)
            #expect(result.exitCode == 1, "\(file): \(result.output)")
            #expect(result.stderr == "error: --template.data \(file): \(reason)\n", "\(file): \(result.stderr)")
        }
        let glob = try VigilProcess.run(["template", "render", "--template.text", "x", "--template.glob", "fifo"], in: dir)
        #expect(glob.exitCode == 1)
        #expect(glob.stderr == "error: template file fifo: is a named pipe (FIFO), not a regular file\n", "\(glob.stderr)")
        // Invalid JSON data says where, in Go's words.
        let json = try VigilProcess.run(["template", "render", "--template.text", "x", "--template.data", "bad.json"], in: dir)
        #expect(json.exitCode == 1)
        #expect(json.stderr == "error: invalid character 'x' looking for beginning of value (at byte 15, line 2, column 7)\n", "\(json.stderr)")
    }

    /// Template inputs that once killed the process end with output or an error, exit 0 or 1.
    @Test func templateLimitsNeverKillTheProcess() throws {
        let cases: [(text: String, output: String?, error: String?)] = [
            (#"{{ printf "%999999999999999999999d|" 1 }}"#, "%!(NOVERB)%!(EXTRA int=1)", nil),
            (#"{{ printf "%*d|" 9223372036854775807 1 }}"#, "%!(BADWIDTH)1|", nil),
            (#"{{define "u"}}{{template "u" .}}{{end}}{{template "u" .}}"#, nil, "exceeded maximum template depth (10000)"),
        ]
        for c in cases {
            let result = try VigilProcess.run(["template", "render", "--template.text", c.text])
            if let output = c.output {
                #expect(result.exitCode == 0 && result.stdout == output, "\(c.text): \(result.output)")
            }
            if let error = c.error {
                #expect(result.exitCode == 1 && result.stderr.contains(error), "\(c.text): \(result.output)")
            }
        }
        let rule = try VigilProcess.run(["template", "render", "--rule", "--template.text",
                                         "{{ toTime 9223372036.854776 }}|{{ ((toTime 9e9).Sub (toTime -9e9)) }}"])
        #expect(rule.exitCode == 0)
        #expect(rule.stdout == "1677-09-21 00:12:43.146 +0000 UTC|2562047h47m16.854775807s", "\(rule.output)")
    }
}
