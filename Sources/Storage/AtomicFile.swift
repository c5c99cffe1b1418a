import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Writes files so that a crash leaves either the old content or the new, never a mix or an empty file:
/// the data goes to a temporary file in the same folder, is flushed to disk, and is renamed over the
/// target (a rename within one file system is atomic); the folder is flushed too, so the rename itself
/// survives a power cut.
public enum AtomicFile {
    public struct WriteError: Error, CustomStringConvertible {
        public var path: String
        public var reason: String
        public var description: String { "cannot write \(path): \(reason)" }
    }

    public static func write(_ data: Data, to path: String) throws(WriteError) {
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent().path
        let temporary = folder + "/." + url.lastPathComponent + ".tmp-\(getpid())"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw WriteError(path: path, reason: errnoText()) }
        var ok = data.withUnsafeBytes { buffer -> Bool in
            var offset = 0
            while offset < buffer.count {
                let n = Glibc.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    return false
                }
                offset += n
            }
            return true
        }
        var reason = ok ? "" : errnoText()
        if ok && fsync(fd) != 0 { ok = false; reason = errnoText() }
        close(fd)
        guard ok else {
            unlink(temporary)
            throw WriteError(path: path, reason: reason)
        }
        guard rename(temporary, path) == 0 else {
            let reason = errnoText()
            unlink(temporary)
            throw WriteError(path: path, reason: reason)
        }
        let dir = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if dir >= 0 {
            fsync(dir)
            close(dir)
        }
    }

    /// Creates `path` and its parents when missing.
    public static func ensureFolder(_ path: String) throws(WriteError) {
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw WriteError(path: path, reason: "cannot create the folder (\(errnoText()))")
        }
    }

    static func errnoText() -> String { String(cString: strerror(errno)) }
}
