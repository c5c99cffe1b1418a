import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A secret kept in a file (`password_file`, `credentials_file`, header `files`), re-read when the file
/// changes so a rotated token is used from the next request on, without a reload.
///
/// Prometheus reads such files on every request; re-reading only when the file's identity, size or change
/// time differ gives the same result with one `stat` per request. The content is trimmed of surrounding
/// white space, as upstream's `strings.TrimSpace`. Errors name the path, never the content.
public final class SecretFile: @unchecked Sendable, CustomStringConvertible {
    public let path: String

    private struct Stamp: Equatable {
        var device: UInt64, inode: UInt64, size: Int64
        var modifiedSeconds: Int, modifiedNanoseconds: Int
        var changedSeconds: Int, changedNanoseconds: Int
    }

    private let lock = NSLock()
    private var cached: (stamp: Stamp, value: String)?

    /// Secret files are small; anything larger is a mistake in the configuration, not a token.
    public static let maximumSize = 1 << 20

    public init(path: String) { self.path = path }

    public var description: String { "secret file \(path)" }

    /// The file's current content, trimmed.
    public func read() throws(BackendError) -> String {
        let stamp = try currentStamp()
        lock.lock()
        if let cached, cached.stamp == stamp {
            lock.unlock()
            return cached.value
        }
        lock.unlock()
        guard stamp.size <= Int64(Self.maximumSize) else {
            throw .configuration("\(description) is larger than \(Self.maximumSize) bytes")
        }
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw .configuration("unable to read \(description): \(Self.reason(error))")
        }
        let value = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        lock.lock()
        cached = (stamp, value)
        lock.unlock()
        return value
    }

    private func currentStamp() throws(BackendError) -> Stamp {
        var st = stat()
        guard stat(path, &st) == 0 else {
            throw .configuration("unable to read \(description): \(String(cString: strerror(errno)))")
        }
        // A directory, device or pipe is no secret file, and reading a pipe could block for ever.
        guard st.st_mode & S_IFMT == S_IFREG else {
            throw .configuration("unable to read \(description): not a regular file")
        }
        #if canImport(Darwin)
        return Stamp(device: UInt64(st.st_dev), inode: UInt64(st.st_ino), size: Int64(st.st_size),
                     modifiedSeconds: st.st_mtimespec.tv_sec, modifiedNanoseconds: st.st_mtimespec.tv_nsec,
                     changedSeconds: st.st_ctimespec.tv_sec, changedNanoseconds: st.st_ctimespec.tv_nsec)
        #else
        return Stamp(device: UInt64(st.st_dev), inode: UInt64(st.st_ino), size: Int64(st.st_size),
                     modifiedSeconds: st.st_mtim.tv_sec, modifiedNanoseconds: st.st_mtim.tv_nsec,
                     changedSeconds: st.st_ctim.tv_sec, changedNanoseconds: st.st_ctim.tv_nsec)
        #endif
    }

    private static func reason(_ error: any Error) -> String {
        (error as NSError).localizedDescription
    }
}

/// Where a credential comes from: the configuration itself or a file that may be rotated.
public enum SecretSource: Sendable, CustomStringConvertible {
    case inline(Secret)
    case file(SecretFile)

    public func current() throws(BackendError) -> String {
        switch self {
        case .inline(let secret): return secret.value
        case .file(let file): return try file.read()
        }
    }

    public var description: String {
        switch self {
        case .inline: return Secret.redacted
        case .file(let file): return file.description
        }
    }
}
