#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs recursive work (parsers and tree walkers over user input) on a thread with a large stack.
///
/// Go grows goroutine stacks up to 1 GB, so Go parsers and template executors recurse freely. A Swift thread
/// has a fixed stack — 512 KiB for secondary threads on Darwin and for Swift concurrency's pool, 8 MiB for a
/// main thread — and overflowing it kills the whole process. Rather than cutting nesting limits down to what
/// the smallest stack holds, the deep work gets its own thread whose stack is reserved (not committed: only
/// the pages a deep input touches become memory) and the caller waits for it. The engines still bound their
/// nesting; this thread is what makes those bounds safe wherever the engine is called from.
public enum LargeStack {
    /// 256 MiB of address space: room for the nesting limits of the template engine and the LogQL parser in
    /// a debug build (several KiB a level) with a wide margin.
    public static let defaultSize = 256 << 20

    /// Runs `body` on a fresh thread with `size` bytes of stack and returns its result. On a thread that
    /// `run` started with at least that much (nested and recursive calls), or when no thread can be created,
    /// `body` runs right here.
    public static func run<T, E: Error>(size: Int = defaultSize, _ body: () throws(E) -> T) throws(E) -> T {
        if currentThreadStackSize >= size { return try body() }
        var result: Result<T, E>? = nil
        withoutActuallyEscaping({ result = Result { () throws(E) -> T in try body() } }) { work in
            let job = Job(work, size: size)
            let context = Unmanaged.passRetained(job).toOpaque()
            if !start(context, size: size) {
                Unmanaged<Job>.fromOpaque(context).release()
                work()
            }
        }
        // `result` is always set: either the thread ran `work` before being joined, or it ran here.
        switch result! {
        case .success(let value): return value
        case .failure(let error): throw error
        }
    }

    /// Runs `body` on a fresh detached thread with `size` bytes of stack and resumes the caller when it is
    /// done, so long synchronous work (a query of an HTTP request) holds neither a deep stack's worth of the
    /// caller's thread nor one of Swift concurrency's few pool threads while it runs. When no thread can be
    /// created, `body` runs on the caller's thread inside `run`.
    public static func detached<T: Sendable>(size: Int = defaultSize, _ body: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { (continuation: CheckedContinuation<T, Never>) in
            let job = Job({ continuation.resume(returning: body()) }, size: size)
            let context = Unmanaged.passRetained(job).toOpaque()
            if !start(context, size: size, join: false) {
                Unmanaged<Job>.fromOpaque(context).release()
                continuation.resume(returning: run(size: size) { body() })
            }
        }
    }

    /// Marks the threads `run` starts, so that work already on one runs inline.
    private static let marker: pthread_key_t? = {
        var key = pthread_key_t()
        return pthread_key_create(&key, nil) == 0 ? key : nil
    }()

    /// The stack size of the calling thread if `run` started it, else 0.
    static var currentThreadStackSize: Int {
        guard let marker else { return 0 }
        return Int(bitPattern: pthread_getspecific(marker))
    }

    private final class Job {
        let work: () -> Void
        let size: Int
        init(_ work: @escaping () -> Void, size: Int) { self.work = work; self.size = size }
    }

    /// Starts the thread and reports whether it started; with `join`, waits for it to finish, else the
    /// thread is detached and cleans up after itself.
    private static func start(_ context: UnsafeMutableRawPointer, size: Int, join: Bool = true) -> Bool {
        var attributes = pthread_attr_t()
        guard pthread_attr_init(&attributes) == 0 else { return false }
        defer { pthread_attr_destroy(&attributes) }
        guard pthread_attr_setstacksize(&attributes, size) == 0 else { return false }
        if !join, pthread_attr_setdetachstate(&attributes, Int32(PTHREAD_CREATE_DETACHED)) != 0 { return false }
        #if canImport(Darwin)
        var thread: pthread_t? = nil
        #else
        var thread = pthread_t()
        #endif
        let created = pthread_create(&thread, &attributes, { raw in
            #if canImport(Darwin)
            let job = Unmanaged<Job>.fromOpaque(raw).takeRetainedValue()
            #else
            let job = Unmanaged<Job>.fromOpaque(raw!).takeRetainedValue()
            #endif
            if let marker = LargeStack.marker { pthread_setspecific(marker, UnsafeRawPointer(bitPattern: job.size)) }
            job.work()
            return nil
        }, context)
        guard created == 0 else { return false }
        guard join else { return true }
        #if canImport(Darwin)
        guard let thread else { return false }
        #endif
        pthread_join(thread, nil)
        return true
    }
}
