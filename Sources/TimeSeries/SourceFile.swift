#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads the files a person names on the command line or in a config (rule files, unit-test files,
/// templates, template data), with one set of messages that say which path failed and why.
///
/// Everything Vigil reads goes through here so that no command hangs on a FIFO or a device (the file is
/// opened without blocking and must be a regular file), and no message is a Foundation error dump.
/// The only I/O in this target; it lives here because every reader (Rules, RuleTesting, the CLI) needs it.
public enum SourceFile {
    public struct ReadError: Error, Sendable, Equatable, CustomStringConvertible {
        public let path: String
        /// What went wrong, without the path: "no such file or directory".
        public let reason: String
        public var description: String { "\(path): \(reason)" }

        public init(path: String, reason: String) {
            self.path = path
            self.reason = reason
        }
    }

    /// No input file Vigil reads is anywhere near this; a bigger one is refused rather than loaded.
    public static let defaultMaxBytes = 1 << 30

    /// The file's text, which must be UTF-8.
    public static func read(_ path: String, maxBytes: Int = defaultMaxBytes) throws(ReadError) -> String {
        let bytes = try readBytes(path, maxBytes: maxBytes)
        guard let text = String(validating: bytes, as: UTF8.self) else {
            let offset = invalidUTF8Offset(bytes) ?? 0
            let (line, column) = lineAndColumn(of: offset, in: bytes)
            throw ReadError(path: path, reason: "not valid UTF-8 text: invalid byte at offset \(offset) (line \(line), column \(column))")
        }
        return text
    }

    /// The file's bytes.
    public static func readBytes(_ path: String, maxBytes: Int = defaultMaxBytes) throws(ReadError) -> [UInt8] {
        func fail(_ reason: String) -> ReadError { ReadError(path: path, reason: reason) }
        if path.isEmpty { throw fail("empty path") }
        // O_NONBLOCK: opening a FIFO without a writer must not wait for one.
        let fd = systemOpen(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        if fd < 0 { throw fail(describe(errno)) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw fail(describe(errno)) }
        switch info.st_mode & S_IFMT {
        case S_IFREG: break
        case S_IFDIR: throw fail("is a directory, not a file")
        case S_IFIFO: throw fail("is a named pipe (FIFO), not a regular file")
        case S_IFCHR, S_IFBLK: throw fail("is a device, not a regular file")
        case S_IFSOCK: throw fail("is a socket, not a regular file")
        default: throw fail("is not a regular file")
        }
        let size = Int(info.st_size)
        if size > maxBytes { throw fail("is \(size) bytes, more than the \(maxBytes) bytes Vigil reads") }
        var bytes = [UInt8](repeating: 0, count: size)
        var filled = 0
        while filled < size {
            let n = bytes.withUnsafeMutableBytes { systemRead(fd, $0.baseAddress! + filled, size - filled) }
            if n < 0 {
                if errno == EINTR { continue }
                throw fail(describe(errno))
            }
            if n == 0 { break }  // the file shrank while being read
            filled += n
        }
        if filled < size { bytes.removeLast(size - filled) }
        // A file that grew while being read: take the rest too, within the limit.
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = chunk.withUnsafeMutableBytes { systemRead(fd, $0.baseAddress!, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw fail(describe(errno))
            }
            if n == 0 { break }
            if bytes.count + n > maxBytes { throw fail("is more than the \(maxBytes) bytes Vigil reads") }
            bytes.append(contentsOf: chunk[0..<n])
        }
        return bytes
    }

    /// The kind of thing at `path`, following symbolic links; nil when nothing is there (or it cannot be seen).
    public enum Kind: Sendable { case file, directory, other }

    public static func kind(of path: String) -> Kind? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        switch info.st_mode & S_IFMT {
        case S_IFREG: return .file
        case S_IFDIR: return .directory
        default: return .other
        }
    }

    /// Why `stat`/`open` failed, in words a person can act on.
    public static func describe(_ code: Int32) -> String {
        switch code {
        case ENOENT: return "no such file or directory"
        case ENOTDIR: return "a component of the path is not a directory"
        case EACCES, EPERM: return "permission denied"
        case ELOOP: return "too many levels of symbolic links (is there a symlink loop?)"
        case ENAMETOOLONG: return "file name too long"
        case EISDIR: return "is a directory, not a file"
        case ENXIO: return "no device behind this special file"
        default: return String(cString: strerror(code)).lowercased()
        }
    }

    /// The offset of the first byte that does not belong to valid UTF-8.
    static func invalidUTF8Offset(_ bytes: [UInt8]) -> Int? {
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            let length: Int
            var minimum: UInt32 = 0
            switch b {
            case 0x00...0x7F: i += 1; continue
            case 0xC2...0xDF: length = 2; minimum = 0x80
            case 0xE0...0xEF: length = 3; minimum = 0x800
            case 0xF0...0xF4: length = 4; minimum = 0x10000
            default: return i
            }
            guard i + length <= bytes.count else { return i }
            var scalar = UInt32(b) & (length == 2 ? 0x1F : length == 3 ? 0x0F : 0x07)
            for k in 1..<length {
                let c = bytes[i + k]
                guard c & 0xC0 == 0x80 else { return i }
                scalar = scalar << 6 | UInt32(c & 0x3F)
            }
            if scalar < minimum || scalar > 0x10FFFF || (0xD800...0xDFFF).contains(scalar) { return i }
            i += length
        }
        return nil
    }

    /// 1-based line and column (in characters) of a byte offset.
    static func lineAndColumn(of offset: Int, in bytes: [UInt8]) -> (Int, Int) {
        var line = 1, column = 1
        for b in bytes[..<min(offset, bytes.count)] {
            if b == 0x0A { line += 1; column = 1 } else if b & 0xC0 != 0x80 { column += 1 }
        }
        return (line, column)
    }
}

// The C functions, named apart from `SourceFile.read`.
private func systemOpen(_ path: String, _ flags: Int32) -> Int32 { open(path, flags) }
private func systemRead(_ fd: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int { read(fd, buffer, count) }
