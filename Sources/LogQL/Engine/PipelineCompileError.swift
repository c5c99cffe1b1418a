/// A pipeline that parsed but cannot run: a bad regex, pattern, JSON expression, IP range or template.
struct PipelineCompileError: Error, Sendable {
    var message: String
    init(_ message: String) { self.message = message }
}
