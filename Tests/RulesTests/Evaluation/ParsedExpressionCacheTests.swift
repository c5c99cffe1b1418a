import PromQL
import Testing
@testable import Rules

/// The querier's parse cache keeps the most recently used expressions, bounded in count and text size.
@Suite struct ParsedExpressionCacheTests {
    func expr(_ text: String) throws -> Expr { try PromQLParser.parseExpr(text) }

    @Test func evictsTheLeastRecentlyUsed() throws {
        var cache = ParsedExpressionCache(maxEntries: 3)
        for text in ["a", "b", "c"] { cache.insert(try expr(text), for: text) }
        #expect(cache.value(for: "a") != nil)  // a is now the most recent; b the least
        cache.insert(try expr("d"), for: "d")
        #expect(cache.count == 3)
        #expect(cache.value(for: "b") == nil)
        #expect(cache.value(for: "a") == (try expr("a")))
        #expect(cache.value(for: "c") != nil && cache.value(for: "d") != nil)
        // Many more insertions reuse the slots and keep the bound.
        for i in 0..<100 { cache.insert(try expr("m\(i)"), for: "m\(i)") }
        #expect(cache.count == 3)
        #expect(cache.value(for: "m99") != nil && cache.value(for: "m97") != nil && cache.value(for: "m96") == nil)
    }

    @Test func boundsTheTotalTextSize() throws {
        var cache = ParsedExpressionCache(maxEntries: 100, maxTextBytes: 10)
        cache.insert(try expr("aaaa"), for: "aaaa")
        cache.insert(try expr("bbbb"), for: "bbbb")
        cache.insert(try expr("cccc"), for: "cccc")  // 12 bytes: aaaa goes
        #expect(cache.textBytes == 8)
        #expect(cache.value(for: "aaaa") == nil)
        // A text longer than the whole budget is not cached and evicts nothing.
        cache.insert(try expr("abcdefghijk"), for: "abcdefghijk")
        #expect(cache.count == 2 && cache.value(for: "abcdefghijk") == nil)
    }

    @Test func querierKeepsOnlyTheRecentExpressions() throws {
        let store = SharedSeriesStore()
        try store.append(labels(["__name__": "m"]), t: 0, value: 2)
        let querier = LocalPromQLQuerier(source: store, parseCacheSize: 2)
        for k in 1...5 {
            #expect(try querier.querySynchronously("m * \(k)", at: 0).map(\.value) == [2 * Double(k)])
        }
        #expect(querier.cachedExpressionCount == 2)
        #expect(try querier.querySynchronously("m * 1", at: 0).map(\.value) == [2])
    }

    @Test func querierErrorsCarryTheirType() {
        let querier = LocalPromQLQuerier(source: SharedSeriesStore())
        #expect(throws: QueryError("1:3: parse error: unexpected end of input in duration expression", type: .badData, parameter: "query")) {
            _ = try querier.querySynchronously("m[", at: 0)
        }
    }
}

@Suite struct LocalPromQLQuerierCancellationTests {
    @Test func theAsyncQueryStopsWithItsTask() async throws {
        let store = SharedSeriesStore()
        try store.append(labels(["__name__": "m"]), t: 0, value: 2)
        let querier = LocalPromQLQuerier(source: store)
        let task = Task { () -> String? in
            withUnsafeCurrentTask { $0?.cancel() }
            do {
                _ = try await querier.query("m", at: 0)
                return nil
            } catch {
                return "\((error as? QueryError)?.type.rawValue ?? "?"): \(error)"
            }
        }
        #expect(await task.value == "canceled: query was canceled in query execution")
    }
}
