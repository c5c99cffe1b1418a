import TimeSeries

/// Where the recursive walks over expressions (parser, type checker, evaluator, printer) run.
///
/// Choice: recursion on a large stack rather than iterative rewrites. The parser, type checker, evaluator
/// and printer are recursive by nature and read like upstream's; turning each into an explicit-stack
/// machine would make them much harder to follow and to check against Prometheus. Instead a tree taller
/// than `inlineHeight` is handled on a thread of its own with a stack sized for its height
/// (`LargeStack`). What runs everywhere and cannot choose its thread is not recursive at all: releasing
/// a tree (`ExprNode`), `Expr.type`, `.height` and `.range` (cached), `==` and `walk` (work lists).
///
/// Measured in a debug build: parsing and evaluating a 10,000-level tree needs up to 128 MiB of stack
/// (`a + a + ... + a`, `abs(abs(...))`, `(a + (a + ...))`), about 13 KiB per level; nested parentheses
/// and unary minus about half that. The parser refuses trees taller than
/// `PromQLParser.Options.maxNestingDepth` (50,000).
enum DeepRecursion {
    /// Trees up to this height are walked on the caller's stack: 16 levels need at most about 210 KiB,
    /// which even a 512 KiB secondary thread holds along with its caller's frames.
    static let inlineHeight = 16
    /// Stack reserved per level of height, with a margin of more than two over the measured worst case.
    static let bytesPerLevel = 32 << 10
    /// A floor for the rest of the work (the caller's frames are not on this stack, but the walk's own
    /// non-recursive parts are).
    static let baseStack = 8 << 20

    /// `body()` on the current thread for a short tree, else on a stack sized for `height`. The stack is
    /// reserved address space: only the pages the walk touches become memory. (Optional for callers written
    /// when a refused thread was reported; `LargeStack` now runs the work inline in that rare case.)
    static func run<T>(height: Int, _ body: () -> T) -> T? {
        if height <= inlineHeight { return body() }
        let levels = Swift.min(height, 1 << 20)
        return LargeStack.run(size: baseStack + levels * bytesPerLevel) { body() }
    }
}
