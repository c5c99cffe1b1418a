import TimeSeries
import Testing
@testable import Server

/// The Go spellings the API and the exposition format depend on: times, floats, SHA-256, strconv errors,
/// query-string parsing.
@Suite("Go formatting")
struct FormattingTests {
    @Test(arguments: [
        (Int64(1_767_323_045_000), "2026-01-02T03:04:05Z"),
        (1_767_323_045_150, "2026-01-02T03:04:05.15Z"),
        (1_767_323_045_001, "2026-01-02T03:04:05.001Z"),
        (0, "1970-01-01T00:00:00Z"),
        (-1, "1969-12-31T23:59:59.999Z"),
        (951_782_400_000, "2000-02-29T00:00:00Z"),
        (253_402_300_799_999, "9999-12-31T23:59:59.999Z"),
    ])
    func timesAsGoMarshalsThem(ms: Int64, expected: String) {
        #expect(GoTimeJSON.format(milliseconds: ms) == expected)
    }

    @Test func zeroTimeAndNanoseconds() {
        #expect(GoTimeJSON.format(milliseconds: nil) == "0001-01-01T00:00:00Z")
        #expect(GoTimeJSON.format(nanoseconds: 1_796_528_369_152_035_982) == "2026-12-06T03:39:29.152035982Z")
        #expect(GoTimeJSON.format(nanoseconds: 1_796_528_369_152_000_000) == "2026-12-06T03:39:29.152Z")
    }

    @Test(arguments: [
        (60.0, "60"), (1.5, "1.5"), (0, "0"), (0.000719256, "0.000719256"), (5e-7, "5e-7"), (1e-6, "0.000001"),
        (1.2345e-7, "1.2345e-7"), (1e21, "1e+21"), (1.2345678901234568e20, "123456789012345680000"), (-2.5, "-2.5"),
        (1e-10, "1e-10"),
    ])
    func jsonFloatsAsGo(value: Double, expected: String) {
        #expect(JSONValue.number(value).text == expected)
    }

    @Test(arguments: [
        (1.5, "1.5e+00"), (2.0, "2e+00"), (0.0, "0e+00"), (-0.25, "-2.5e-01"), (1e100, "1e+100"),
        (.nan, "NaN"), (.infinity, "+Inf"), (-.infinity, "-Inf"), (123456.789, "1.23456789e+05"),
    ])
    func alertValuesAsFormatFloatE(value: Double, expected: String) {
        #expect(GoNumbers.formatE(value) == expected)
    }

    @Test func durationSecondsAsGo() {
        #expect(GoNumbers.seconds(milliseconds: 60_000) == 60)
        #expect(GoNumbers.seconds(milliseconds: 1_500) == 1.5)
        #expect(GoNumbers.seconds(nanoseconds: 719_256) == 0.000719256)
        #expect(JSONValue.number(GoNumbers.seconds(nanoseconds: 193_076)).text == "0.000193076")
    }

    @Test func jsonStringsEscapeHTMLAndControlCharacters() {
        #expect(JSONValue.string("vector(1.5) < 3 & x > \"y\"\n\u{8}").text
                == #""vector(1.5) \u003c 3 \u0026 x \u003e \"y\"\n\u0008""#)
        #expect(JSONValue.map([("b", "2"), ("a", "1"), ("B", "3")]).text == #"{"B":"3","a":"1","b":"2"}"#)
        #expect(JSONValue.map([]).text == "{}")
        #expect(JSONValue.object([("x", .null), ("y", .array([])), ("z", .integer(-3)), ("w", .bool(true))]).text
                == #"{"x":null,"y":[],"z":-3,"w":true}"#)
    }

    @Test(arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("rules.yml;g1", "09ab4e65a578165e44b5f58ec791e5e9bdb1bff1a5c24d12c97544125f74c73b"),
        (String(repeating: "a", count: 1000), "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3"),
    ])
    func sha256MatchesHashlib(input: String, expected: String) {
        #expect(SHA256.hexDigest(input) == expected)
    }

    @Test func strconvParseBoolAndInt32() {
        #expect(GoStrconv.parseBool("t") == .success(true))
        #expect(GoStrconv.parseBool("0") == .success(false))
        #expect(GoStrconv.parseBool("yes") == .failure(.init(#"strconv.ParseBool: parsing "yes": invalid syntax"#)))
        #expect(GoStrconv.parseInt32("+12") == .success(12))
        #expect(GoStrconv.parseInt32("-2147483648") == .success(Int32.min))
        #expect(GoStrconv.parseInt32("2147483647") == .success(Int32.max))
        #expect(GoStrconv.parseInt32("2147483648") == .failure(.init(#"strconv.ParseInt: parsing "2147483648": value out of range"#)))
        #expect(GoStrconv.parseInt32("1_000") == .failure(.init(#"strconv.ParseInt: parsing "1_000": invalid syntax"#)))
        #expect(GoStrconv.parseInt32("-") == .failure(.init(#"strconv.ParseInt: parsing "-": invalid syntax"#)))
        // Go stops at the digit that overflows 32 bits, before it sees the letter.
        #expect(GoStrconv.parseInt32("5000000000x") == .failure(.init(#"strconv.ParseInt: parsing "5000000000x": value out of range"#)))
        #expect(GoStrconv.parseInt32("99999999999999999999999") == .failure(.init(#"strconv.ParseInt: parsing "99999999999999999999999": value out of range"#)))
    }

    @Test func formValuesAsGoParseQuery() {
        let form = FormValues(query: "rule_name%5B%5D=a+b&rule_name[]=c%2Fd&&type=alert&empty=&flag")
        #expect(form.error == nil)
        #expect(form.values("rule_name[]") == ["a b", "c/d"])
        #expect(form.first("type") == "alert")
        #expect(form.first("empty") == "")
        #expect(form.values("flag") == [""])
        #expect(form.first("missing") == "")

        let bad = FormValues(query: "a=%zz&b=1&c=%4")
        #expect(bad.error == #"invalid URL escape "%zz""#)
        #expect(bad.values("b") == ["1"])
        // A semicolon error replaces an earlier escape error, as in Go.
        #expect(FormValues(query: "a=%zz&x=1;y=2").error == "invalid semicolon separator in query")
        #expect(FormValues(query: "c=%4").error == #"invalid URL escape "%4""#)
        #expect(FormValues(query: String(repeating: "a=1&", count: 10_000)).error
                == "number of URL query parameters exceeded limit")
        #expect(FormValues(query: String(repeating: "a=1&", count: 9_999)).values("a").count == 9_999)
    }

    @Test func listenAddresses() throws {
        #expect(try ListenAddress(parsing: "127.0.0.1:9093") == ListenAddress(host: "127.0.0.1", port: 9093))
        #expect(try ListenAddress(parsing: ":0") == ListenAddress(host: "0.0.0.0", port: 0))
        #expect(try ListenAddress(parsing: "[::1]:80") == ListenAddress(host: "::1", port: 80))
        #expect(try ListenAddress(parsing: "[::1]:80").description == "[::1]:80")
        #expect(throws: ListenAddressError(address: "localhost", reason: "missing port in address")) {
            try ListenAddress(parsing: "localhost")
        }
        #expect(throws: ListenAddressError(address: "::1:80", reason: "too many colons in address")) {
            try ListenAddress(parsing: "::1:80")
        }
        #expect(throws: ListenAddressError(address: "h:70000", reason: "invalid port \"70000\"")) {
            try ListenAddress(parsing: "h:70000")
        }
        #expect(throws: ListenAddressError(address: "h:x", reason: "invalid port \"x\"")) { try ListenAddress(parsing: "h:x") }
    }
}
