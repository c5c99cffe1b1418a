import Testing
@testable import TimeSeries

/// Go's `ReplaceAllString`, `ReplaceAllLiteralString`, `Expand` and `FindAll*` semantics, including where
/// empty matches go.
@Suite struct GoRegexReplaceTests {
    static let replacements: [(String, String, String, String)] = [
        // pattern, source, template, result
        ("a*", "baaac", "X", "XbXcX"),
        ("x*", "abc", "-", "-a-b-c-"),
        ("", "é", "-", "-é-"),
        ("", "", "-", "-"),
        ("a(x*)b", "-ab-axxb-", "T", "-T-T-"),
        ("a(x*)b", "-ab-axxb-", "$1", "--xx-"),
        ("a(x*)b", "-ab-axxb-", "$1W", "---"),
        ("a(x*)b", "-ab-axxb-", "${1}W", "-W-xxW-"),
        ("a(?P<x>x*)b", "-axxb-", "[$x]", "-[xx]-"),
        ("a(?P<x>x*)b", "-axxb-", "[${x}]", "-[xx]-"),
        ("a(x*)b", "-axxb-", "$$1", "-$1-"),
        ("a(x*)b", "-axxb-", "${1", "-${1-"),
        ("a(x*)b", "-axxb-", "$", "-$-"),
        ("a(x*)b", "-axxb-", "$-", "-$--"),
        ("a(x*)b", "-axxb-", "${0}", "-axxb-"),
        ("a(x*)b", "-axxb-", "$00", "--"),
        ("a(x*)b", "-axxb-", "$2|$é|${nope}", "-||-"),
        ("(a)|(b)", "ab", "[$1$2]", "[a][b]"),
        ("(?P<n>a)|(?P<n>b)", "ab", "[$n]", "[a][b]"),
        ("(?i)é", "xÉy", "e", "xey"),
        ("\\b", "ab cd", "|", "|ab| |cd|"),
        ("(?m)^", "a\nb\n", "> ", "> a\n> b\n> "),
    ]

    @Test(arguments: replacements)
    func replaceAll(_ pattern: String, _ source: String, _ template: String, _ expected: String) throws {
        #expect(try GoRegex(pattern).replaceAll(source, with: template) == expected, "\(pattern) \(template)")
    }

    @Test func replaceAllLiteral() throws {
        let r = try GoRegex("a(x*)b")
        #expect(r.replaceAllLiteral("-ab-axxb-", with: "$1") == "-$1-$1-")
        #expect(try GoRegex("a*").replaceAllLiteral("baaac", with: "${0}") == "${0}b${0}c${0}")
    }

    @Test func expandTemplates() throws {
        let r = try GoRegex("(?P<host>[a-z]+):(\\d+)")
        let groups = try #require(r.firstMatchGroups("at web:8080 now"))
        #expect(groups == ["web:8080", "web", "8080"])
        #expect(r.expand(template: "$host-${2}", groups: groups) == "web-8080")
        #expect(r.expand(template: "$1$$", groups: groups) == "web$")
        #expect(r.expand(template: "$1x", groups: groups) == "")
        #expect(r.expand(template: "${1}x", groups: groups) == "webx")
        #expect(r.expand(template: "$9|$nope|$", groups: groups) == "||$")
        #expect(r.expand(template: "${host", groups: groups) == "${host")
        #expect(r.expand(template: "no refs", groups: groups) == "no refs")
    }

    @Test func findAll() throws {
        #expect(try GoRegex("a*").allMatches("baaac") == ["", "aaa", ""])
        #expect(try GoRegex("a+").allMatches("baaacaa") == ["aaa", "aa"])
        #expect(try GoRegex("a+").allMatches("baaacaa", limit: 1) == ["aaa"])
        #expect(try GoRegex("").allMatches("ab") == ["", "", ""])
        #expect(try GoRegex("x*").allMatches("éx") == ["", "x"])
        #expect(try GoRegex("(a)(b)?").allMatchGroups("ab a") == [["ab", "a", "b"], ["a", "a", nil]])
        #expect(try GoRegex("(a)(b)?").allMatchIndices("ab a") == [[0, 2, 0, 1, 1, 2], [3, 4, 3, 4, -1, -1]])
        #expect(try GoRegex("é").allMatchIndices("aéé") == [[1, 3], [3, 5]])
        #expect(try GoRegex("\\d+").countMatches("1 22 333") == 3)
        #expect(try GoRegex("^a").allMatches("aaa") == ["a"])
    }
}
