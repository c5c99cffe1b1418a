import Testing
@testable import Routing

@Suite struct MatcherParserTests {
    @Test func placeholder() {}
}
