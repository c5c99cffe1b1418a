import Foundation

/// Alerting rules' label and annotation templates, parsed once: the ruler expands the same few texts for
/// every alert at every evaluation, and parsing them again each time was a tenth of its CPU time.
///
/// A parsed template depends on the function names only (the functions bound to an evaluation's query and
/// time are swapped in with `Template.with(functions:)`), so the key holds the size of the function set as
/// a check that it is the same set. Bounded: when full, the cache starts over.
final class ParsedAlertTemplates: @unchecked Sendable {
    struct Key: Hashable {
        var name: String
        var text: String
        var functionCount: Int
    }

    static let shared = ParsedAlertTemplates(capacity: 4096)

    private let lock = NSLock()
    private var templates: [Key: Template] = [:]
    private let capacity: Int

    init(capacity: Int) { self.capacity = capacity }

    subscript(key: Key) -> Template? {
        get { lock.withLock { templates[key] } }
        set {
            lock.withLock {
                if templates.count >= capacity { templates.removeAll(keepingCapacity: true) }
                templates[key] = newValue
            }
        }
    }
}
