import Foundation
import Testing
import TimeSeries
@testable import LogQL

/// Invalid queries with the message (a distinctive part of it) and the 1-based position we report.
struct ErrorCase: Sendable, CustomStringConvertible {
    var query: String
    var line: Int
    var column: Int
    var message: String
    var description: String { query }
}

let errorCases: [ErrorCase] = [
    ErrorCase(query: #"{foo="bar""#, line: 1, column: 11, message: #"unexpected end of input, expecting "," or "}""#),
    ErrorCase(query: #"{foo="bar}"#, line: 1, column: 6, message: "unterminated string literal"),
    ErrorCase(query: #"{}"#, line: 1, column: 2, message: #"unexpected "}", expecting label name"#),
    ErrorCase(query: #"{foo!="bar"}"#, line: 1, column: 1, message: "at least one regexp or equality matcher that does not have an empty-compatible value"),
    ErrorCase(query: #"{foo="bar"} |~"#, line: 1, column: 15, message: "unexpected end of input, expecting STRING or ip(...)"),
    ErrorCase(query: #"{foo="bar"} "foo""#, line: 1, column: 13, message: #"unexpected STRING "foo""#),
    ErrorCase(query: #"rate({foo="bar"}[5minutes])"#, line: 1, column: 17, message: #"invalid duration "5minutes" in range"#),
    ErrorCase(query: #"count_over_time({app="foo"} | json | unwrap foo [5m])"#, line: 1, column: 1, message: "invalid aggregation count_over_time with unwrap"),
    ErrorCase(query: #"sum_over_time({app="foo"}[5m])"#, line: 1, column: 1, message: "invalid aggregation sum_over_time without unwrap"),
    ErrorCase(query: #"topk(0, count_over_time({a="b"}[5m]))"#, line: 1, column: 1, message: "invalid parameter 0 for topk: must be a positive integer"),
    ErrorCase(query: #"bottomk(1.5, count_over_time({a="b"}[5m]))"#, line: 1, column: 1, message: "invalid parameter 1.5 for bottomk"),
    ErrorCase(query: #"sort(count_over_time({a="b"}[5m])) by (x)"#, line: 1, column: 1, message: "grouping not allowed for sort aggregation"),
    ErrorCase(query: #"sum(count_over_time({a="b"}[5m])) or 1"#, line: 1, column: 38, message: "unexpected literal for right leg of logical/set binary operation (or): 1"),
    ErrorCase(query: #"1 unless sum(count_over_time({a="b"}[5m]))"#, line: 1, column: 1, message: "unexpected literal for left leg of logical/set binary operation (unless): 1"),
    ErrorCase(query: #"{a="b"} + {a="b"}"#, line: 1, column: 1, message: "a log query cannot be used in a binary operation"),
    ErrorCase(query: #"{a="b"} | unwrap x"#, line: 1, column: 11, message: "unwrap is only allowed inside a range aggregation"),
    ErrorCase(query: #"sum(3, count_over_time({a="b"}[5m]))"#, line: 1, column: 6, message: #"unexpected ",", sum takes no parameter"#),
    ErrorCase(query: #"1 + bool 2"#, line: 1, column: 5, message: "bool modifier can only be used on comparison operators"),
    ErrorCase(query: #"{a="b"} | logfmt --bogus"#, line: 1, column: 18, message: #"unknown flag "--bogus""#),
    ErrorCase(query: #"{a="b"} |= "x" | status > 0x10"#, line: 1, column: 27, message: #"invalid number "0x10""#),
    ErrorCase(query: #"{a="b"} | regexp "(foo)""#, line: 1, column: 18, message: "at least one named capture must be supplied"),
    ErrorCase(query: #"{a="b"} | pattern "<a><b>""#, line: 1, column: 19, message: "found consecutive capture"),
    ErrorCase(query: #"{a="b"} | addr >= ip("1.2.3.4")"#, line: 1, column: 19, message: #"ip() filters only allow "=" and "!=""#),
    ErrorCase(query: #"label_replace(vector(1), "a", "b", "c", "(")"#, line: 1, column: 41, message: "invalid regex in label_replace"),
    ErrorCase(query: "{a=\"b\"}\n| json\n| foo ==", line: 3, column: 9, message: "unexpected end of input, expecting STRING, NUMBER, DURATION, BYTES or ip(...)"),
    ErrorCase(query: #"{a="b"} |= "\q""#, line: 1, column: 13, message: #"invalid escape sequence "\q""#),
    ErrorCase(query: #"vector(abc)"#, line: 1, column: 8, message: #"unexpected IDENTIFIER "abc", expecting NUMBER"#),
    ErrorCase(query: #"sum_over_time({a="b"} | unwrap x [5m]) by (y)"#, line: 1, column: 1, message: "grouping not allowed for sum_over_time aggregation"),
    ErrorCase(query: #"quantile_over_time({a="b"} | unwrap x [5m])"#, line: 1, column: 20, message: "quantile_over_time needs a NUMBER parameter first"),
    ErrorCase(query: #"unk({a="b"}[5m])"#, line: 1, column: 1, message: #"unexpected IDENTIFIER "unk""#),
    ErrorCase(query: #"{a=~"(?P<x"}"#, line: 1, column: 5, message: "error parsing regexp"),
    ErrorCase(query: "", line: 1, column: 1, message: "unexpected end of input"),
    ErrorCase(query: #"{a="b"} |= "\xff""#, line: 1, column: 12, message: "invalid UTF-8 encoding"),
    ErrorCase(query: "# only a comment", line: 1, column: 17, message: "unexpected end of input"),
    ErrorCase(query: #"rate({a="b"}[5m]) by (x)"#, line: 1, column: 1, message: "grouping not allowed for rate aggregation"),
    ErrorCase(query: #"count_over_time({a="b"}[5m]) by (x)"#, line: 1, column: 1, message: "grouping not allowed for count_over_time aggregation"),
    ErrorCase(query: #"sum(count_over_time({a="b"}[5m])) by (x) without (y)"#, line: 1, column: 42, message: #"unexpected "without""#),
]

@Test(arguments: errorCases)
func errorTable(_ c: ErrorCase) {
    do {
        let e = try LogQLParser.parseExpr(c.query)
        Issue.record("expected an error, parsed \(e)")
    } catch {
        #expect(error.message.contains(c.message), "message: \(error.message)")
        #expect(error.position == SourcePosition(line: c.line, column: c.column), "at \(error.position): \(error.message)")
        #expect(error.description == "parse error at line \(error.position.line), col \(error.position.column): \(error.message)")
    }
}

@Test func nestingDepthIsBounded() {
    let deep = String(repeating: "(", count: 257) + "1" + String(repeating: ")", count: 257)
    do {
        _ = try LogQLParser.parseExpr(deep)
        Issue.record("257 nested parentheses should be refused")
    } catch {
        #expect(error.message.contains("nested too deeply (more than 256 levels)"))
    }
    let long = Array(repeating: "1", count: 502).joined(separator: " + ")
    do {
        _ = try LogQLParser.parseExpr(long)
        Issue.record("a 501-operator chain should be refused")
    } catch {
        #expect(error.message.contains("too long (more than 500 operators)"))
    }
    let deepFilter = #"{a="b"} | "# + String(repeating: "(", count: 257) + #"x="y""# + String(repeating: ")", count: 257)
    #expect(throws: LogQLError.self) { try LogQLParser.parseExpr(deepFilter) }
    // Long chains within the bounds parse, print and compare (all three walk the tree recursively).
    let chain = Array(repeating: "1", count: 500).joined(separator: " + ")
    let power = Array(repeating: "2", count: 500).joined(separator: " ^ ")
    let filters = #"{a="b"} | "# + (0..<500).map { "l\($0)=\"v\"" }.joined(separator: " ")
    for q in [chain, power, filters] {
        do {
            let e = try LogQLParser.parseExpr(q)
            #expect(try LogQLParser.parseExpr(e.description) == e)
        } catch {
            Issue.record("\(error)")
        }
    }
    // Within the bounds, deep is fine: Loki's own parser takes these, and so do we.
    let ok = String(repeating: "(", count: 255) + "1" + String(repeating: ")", count: 255)
    #expect((try? LogQLParser.parseExpr(ok)) != nil)
}

/// The deepest nesting the parser accepts must fit a worker thread's stack (512 KiB) in a debug build:
/// every recursive construct at once, just under the limit, parsed on such a thread.
@Test func deepestAcceptedNestingFitsAWorkerStack() {
    let depth = 250
    var q = #"count_over_time({a="b"} |= "x" | json | line_format "{{.a}}" [5m])"#
    for i in 0..<depth {
        switch i % 3 {
        case 0: q = "sum by (a) (\(q))"
        case 1: q = "(\(q) + 1)"
        default: q = #"label_replace(\#(q), "x", "$1", "a", "(.*)")"#
        }
    }
    let query = q
    let done = DispatchSemaphore(value: 0)
    nonisolated(unsafe) var parsed = false
    nonisolated(unsafe) var roundTrips = false
    let thread = Thread {
        // Parsing runs on its own large stack; printing, comparing, collecting selectors and releasing
        // the tree run here, on the small one, and must fit too.
        if let e = try? LogQLParser.parseExpr(query) {
            parsed = true
            roundTrips = (try? LogQLParser.parseExpr(e.description)) == e && e.streamSelectors.count == 1
        }
        _ = try? LogQLParser.parseExpr(String(repeating: "sum(", count: 255) + #"rate({a="b"}[1m])"# + String(repeating: ")", count: 255))
        let chain = Array(repeating: #"sum(rate({a="b"}[1m]))"#, count: 501).joined(separator: " ^ ")
        if let e = try? LogQLParser.parseExpr(chain) {
            roundTrips = roundTrips && e.streamSelectors.count == 501 && !e.description.isEmpty
        } else {
            roundTrips = false
        }
        done.signal()
    }
    thread.stackSize = 512 * 1024
    thread.start()
    done.wait()
    #expect(parsed)
    #expect(roundTrips)
}
