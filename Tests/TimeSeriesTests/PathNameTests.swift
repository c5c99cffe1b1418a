import Testing
import TimeSeries

/// `PathName.directory(of:)` gives NSString's answers, including for the one-character names on which
/// Foundation's `deletingLastPathComponent` traps on Linux.
@Suite struct PathNameTests {
    @Test(arguments: [
        ("t", ""), ("t/", ""), (".", ""), ("ab", ""), ("", ""), ("/", "/"), ("//", "/"), ("/t", "/"),
        ("a/b", "a"), ("a/b/", "a"), ("a//b", "a"), ("/a/b/c.yml", "/a/b"), ("./t", "."), ("../t", ".."),
    ])
    func directory(_ path: String, _ folder: String) {
        #expect(PathName.directory(of: path) == folder)
    }
}
