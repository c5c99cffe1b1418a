import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A child process started with `posix_spawn`, with every signal unblocked and at its default action.
///
/// Foundation's `Process` passes on the test runner's signal mask, in which SIGCHLD and SIGTERM are blocked
/// on Linux; a shell started that way never returns from `wait` and ignores SIGTERM. Output goes to
/// /dev/null (the watchdog script redirects what it needs).
final class SpawnedProcess {
    let pid: pid_t
    private var exited = false

    init(path: String, arguments: [String], environment: [String: String]) throws {
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t()
        sigemptyset(&none)
        var all = sigset_t()
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)

        let argv: [UnsafeMutablePointer<CChar>?] = ([path] + arguments).map { strdup($0) } + [nil]
        let envp: [UnsafeMutablePointer<CChar>?] = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for p in argv { free(p) }
            for p in envp { free(p) }
        }
        var child: pid_t = 0
        let status = posix_spawn(&child, path, &actions, &attributes, argv, envp)
        guard status == 0 else { throw DifferentialError("posix_spawn \(path) failed: \(status)") }
        pid = child
    }

    /// Reaps the child if it has exited.
    var isRunning: Bool {
        guard !exited else { return false }
        var status: Int32 = 0
        let r = waitpid(pid, &status, WNOHANG)
        if r == pid || r < 0 { exited = true }
        return !exited
    }

    func kill() {
        guard isRunning else { return }
        _ = Glibc.kill(pid, SIGKILL)
        let deadline = Date().addingTimeInterval(5)
        while isRunning, Date() < deadline { usleep(20_000) }
    }
}
