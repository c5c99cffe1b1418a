/// JUnit XML for CI systems: one `<testsuite>` per test file, one `<testcase>` per test group.
public enum JUnitReport {
    public static func xml(_ results: [TestFileResult]) -> String {
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n"
        for file in results {
            let failures = file.groups.filter { !$0.passed }.count
            let time = file.groups.reduce(0) { $0 + $1.seconds }
            out += "  <testsuite name=\"\(escape(file.file))\" tests=\"\(file.groups.count)\" failures=\"\(failures)\" errors=\"\(file.fileErrors.isEmpty ? 0 : 1)\" time=\"\(seconds(time))\">\n"
            if !file.fileErrors.isEmpty {
                out += "    <error message=\"\(escape(file.fileErrors.joined(separator: "\n")))\"></error>\n"
            }
            for group in file.groups {
                out += "    <testcase name=\"\(escape(group.name))\" time=\"\(seconds(group.seconds))\""
                if group.passed {
                    out += "></testcase>\n"
                } else {
                    let text = group.failures.joined(separator: "\n")
                    out += ">\n      <failure message=\"\(escape(group.failures.first ?? ""))\">\(escape(text))</failure>\n    </testcase>\n"
                }
            }
            out += "  </testsuite>\n"
        }
        return out + "</testsuites>\n"
    }

    static func seconds(_ s: Double) -> String {
        let ms = Int((s * 1000).rounded())
        return "\(ms / 1000).\(String(repeating: "0", count: 3 - String(ms % 1000).count))\(ms % 1000)"
    }

    static func escape(_ s: String) -> String {
        var out = ""
        for ch in s.unicodeScalars {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "\n": out += "&#xA;"
            default:
                // XML 1.0 forbids most control characters.
                if ch.value < 0x20 && ch != "\t" { out += "&#x\(String(ch.value, radix: 16));" } else { out.unicodeScalars.append(ch) }
            }
        }
        return out
    }
}
