#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs work that recurses deeply on a thread of its own with a stack of a chosen size.
///
/// Go's goroutine stacks grow on demand, so Prometheus evaluates a 10,000-term sum or 10,000 nested
/// parentheses by plain recursion. Swift threads have fixed stacks (8 MiB for the main thread on Linux,
/// 512 KiB for secondary threads on Darwin), and recursive descent over such trees would overflow them.
/// Rather than rewrite every tree walk (parser, type checker, evaluator, printer) as a loop, the few
/// entry points that may meet a deep tree run it here. The stack is reserved address space: only the
/// pages a computation touches become memory, so a generous size costs little.
public enum LargeStack {
    /// Calls `body` on a new thread whose stack is `stackSize` bytes, waits for it and returns its result;
    /// nil when the system refuses to create the thread (then nothing ran).
    public static func run<T>(stackSize: Int, _ body: () -> T) -> T? {
        withoutActuallyEscaping(body) { body -> T? in
            var result: T?
            // The thread runs and finishes before `run` returns, so these references never outlive the call.
            let job = Job { result = body() }
            guard job.start(stackSize: stackSize) else { return nil }
            return result
        }
    }

    /// The work and its thread. A class, so that a pointer to it can travel through pthread's `void *`.
    private final class Job {
        let work: () -> Void
        init(_ work: @escaping () -> Void) { self.work = work }

        func start(stackSize: Int) -> Bool {
            var attributes = pthread_attr_t()
            guard pthread_attr_init(&attributes) == 0 else { return false }
            defer { pthread_attr_destroy(&attributes) }
            guard pthread_attr_setstacksize(&attributes, stackSize) == 0 else { return false }
            let context = Unmanaged.passRetained(self).toOpaque()
            #if canImport(Darwin)
            var thread: pthread_t?
            #else
            var thread = pthread_t()
            #endif
            let created = pthread_create(&thread, &attributes, { context in
                // Balanced with passRetained above: the thread owns one reference while it runs.
                #if canImport(Darwin)
                let job = Unmanaged<Job>.fromOpaque(context).takeRetainedValue()
                #else
                let job = Unmanaged<Job>.fromOpaque(context!).takeRetainedValue()
                #endif
                job.work()
                return nil
            }, context)
            guard created == 0 else {
                Unmanaged<Job>.fromOpaque(context).release()
                return false
            }
            #if canImport(Darwin)
            guard let thread else { return false }
            #endif
            pthread_join(thread, nil)
            return true
        }
    }
}
