import Testing
@testable import TimeSeries

/// `quoteGo` must match Go's `strconv.Quote` byte for byte: Prometheus prints label values with it.
@Suite struct GoQuoteTests {
    @Test(arguments: [
        ("", #""""#),
        ("api", #""api""#),
        ("say \"hi\"", #""say \"hi\"""#),
        (#"C:\path"#, #""C:\\path""#),
        ("a\nb", #""a\nb""#),
        ("\t\r", #""\t\r""#),
        ("\u{07}\u{08}\u{0C}\u{0B}", #""\a\b\f\v""#),
        ("\u{01}", #""\x01""#),
        ("\u{1F}", #""\x1f""#),
        ("\u{7F}", #""\x7f""#),
        ("'single'", #""'single'""#),
        ("`back`", #""`back`""#),
        ("héllo wörld", #""héllo wörld""#),
        ("日本", #""日本""#),
        ("😀", #""😀""#),
        ("\u{85}", #""\u0085""#),          // NEL, a C1 control
        ("\u{A0}", #""\u00a0""#),          // no-break space is not Go-printable
        ("\u{200B}", #""\u200b""#),        // zero-width space (format)
        ("\u{FEFF}", #""\ufeff""#),        // byte order mark
        ("\u{2028}", #""\u2028""#),        // line separator
        ("\u{E000}", #""\ue000""#),        // private use
        ("\u{10FFFF}", #""\U0010ffff""#),  // non-character, beyond the BMP
        ("e\u{301}", "\"e\u{301}\""),      // a combining mark is printable
        ("{job=\"x\"}", #""{job=\"x\"}""#),
    ])
    func quotesLikeGo(input: String, quoted: String) {
        #expect(quoteGo(input) == quoted)
    }

    @Test func printability() {
        #expect(GoQuote.isPrint(" "))
        #expect(GoQuote.isPrint("~"))
        #expect(!GoQuote.isPrint("\u{7F}"))
        #expect(!GoQuote.isPrint("\u{00}"))
        #expect(GoQuote.isPrint("€"))
        #expect(!GoQuote.isPrint("\u{3000}"))  // ideographic space: only the ASCII space is printable
    }
}
