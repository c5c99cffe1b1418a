import Foundation
import Logging
import NIOSSL

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The server's certificate chain and private key, read from PEM files and re-read when either file
/// changes, so a renewed certificate (cert-manager rewriting a Secret volume, certbot replacing files)
/// is served from the next connection on without a restart.
///
/// Each TLS handshake asks for the current pair (`TLSConfiguration.sslContextCallback`); that costs two
/// `stat` calls, and the files are only read when their identity (device, inode, size, modification
/// time) changed. A changed pair that does not load — a half-written file, a key that does not match the
/// certificate — is logged and the previous pair keeps being served until the files change again.
public final class TLSCertificateFiles: @unchecked Sendable {
    /// Why a certificate or key file could not be used; names the file, never its contents.
    public struct LoadError: Error, CustomStringConvertible, Sendable {
        public let description: String
        public init(_ description: String) { self.description = description }
    }

    /// A loaded chain and key, and the file identities they were read from.
    private struct Pair: @unchecked Sendable {
        var chain: [NIOSSLCertificate]
        var key: NIOSSLPrivateKey
        var identity: [FileIdentity]
    }

    /// What `stat` says about a file; a change in any of it means the file may have new contents.
    struct FileIdentity: Hashable, Sendable {
        var device: UInt64, inode: UInt64, size: Int64, seconds: Int64, nanoseconds: Int64
    }

    public let certificateFile: String
    public let keyFile: String
    private let logger: Logger
    /// The pair being served, and the file identities of the last change that failed to load.
    private var current: Pair
    private var refused: [FileIdentity]?
    private let lock = NSLock()

    /// PEM files larger than this are refused: a certificate chain is a few kilobytes.
    static let maximumFileSize = 1 << 20

    /// Loads the pair now; throws a `LoadError` naming the file when it cannot be used, so a service with a
    /// wrong path or a mismatched key fails at start rather than at its first connection.
    public init(certificateFile: String, keyFile: String, logger: Logger) throws {
        self.certificateFile = certificateFile
        self.keyFile = keyFile
        self.logger = logger
        current = try Self.load(certificateFile: certificateFile, keyFile: keyFile)
    }

    /// A server TLS configuration that serves the current pair on every handshake.
    public func serverConfiguration(minimumVersion: TLSVersion) -> TLSConfiguration {
        let pair = lock.withLock { self.current }
        var configuration = TLSConfiguration.makeServerConfiguration(
            certificateChain: pair.chain.map { .certificate($0) }, privateKey: .privateKey(pair.key))
        configuration.minimumTLSVersion = minimumVersion
        configuration.sslContextCallback = { [self] _, promise in
            let pair = currentPair()
            var override = NIOSSLContextConfigurationOverride()
            override.certificateChain = pair.chain.map { .certificate($0) }
            override.privateKey = .privateKey(pair.key)
            promise.succeed(override)
        }
        return configuration
    }

    /// The pair to serve now: re-read when the files changed since the last look.
    private func currentPair() -> Pair {
        let identity = [Self.identity(of: certificateFile), Self.identity(of: keyFile)].compactMap { $0 }
        let served: Pair = lock.withLock { self.current }
        let lastRefused: [FileIdentity]? = lock.withLock { self.refused }
        guard identity.count == 2, identity != served.identity, identity != lastRefused else { return served }
        do {
            let pair = try Self.load(certificateFile: certificateFile, keyFile: keyFile)
            lock.withLock { self.current = pair; self.refused = nil }
            logger.info("TLS certificate reloaded", metadata: ["cert_file": .string(certificateFile), "key_file": .string(keyFile)])
            return pair
        } catch {
            // Remember what was refused so each handshake does not re-read and re-log the same files.
            lock.withLock { self.refused = identity }
            logger.error("TLS certificate files changed but cannot be used; still serving the previous certificate",
                         metadata: ["error": .string(String(describing: error))])
            return served
        }
    }

    private static func load(certificateFile: String, keyFile: String) throws -> Pair {
        // The identities are taken before reading: a write that lands during the read changes them again,
        // so the next handshake reads once more.
        guard let certIdentity = identity(of: certificateFile) else { throw LoadError("cannot read cert_file \(certificateFile): no such file") }
        guard let keyIdentity = identity(of: keyFile) else { throw LoadError("cannot read key_file \(keyFile): no such file") }
        let chainBytes = try read(certificateFile, role: "cert_file")
        let keyBytes = try read(keyFile, role: "key_file")
        let chain: [NIOSSLCertificate]
        do { chain = try NIOSSLCertificate.fromPEMBytes(chainBytes) } catch {
            throw LoadError("cert_file \(certificateFile): not a PEM certificate chain")
        }
        guard !chain.isEmpty else { throw LoadError("cert_file \(certificateFile): no certificate in it") }
        let key: NIOSSLPrivateKey
        do { key = try NIOSSLPrivateKey(bytes: keyBytes, format: .pem) } catch {
            throw LoadError("key_file \(keyFile): not an unencrypted PEM private key")
        }
        // Building a context checks that the key belongs to the certificate (OpenSSL refuses a mismatch).
        do {
            _ = try NIOSSLContext(configuration: .makeServerConfiguration(
                certificateChain: chain.map { .certificate($0) }, privateKey: .privateKey(key)))
        } catch {
            throw LoadError("key_file \(keyFile) does not match cert_file \(certificateFile)")
        }
        return Pair(chain: chain, key: key, identity: [certIdentity, keyIdentity])
    }

    /// A PEM file's bytes: a regular file of at most `maximumFileSize` bytes (a device or pipe could be
    /// read for ever).
    static func read(_ path: String, role: String) throws -> [UInt8] {
        var info = stat()
        guard stat(path, &info) == 0 else { throw LoadError("cannot read \(role) \(path): \(String(cString: strerror(errno)))") }
        guard info.st_mode & S_IFMT == S_IFREG else { throw LoadError("\(role) \(path) is not a regular file") }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw LoadError("cannot read \(role) \(path): \(String(cString: strerror(errno)))")
        }
        defer { try? handle.close() }
        let data: Data?
        do { data = try handle.read(upToCount: maximumFileSize + 1) } catch {
            throw LoadError("cannot read \(role) \(path)")
        }
        let bytes = [UInt8](data ?? Data())
        guard bytes.count <= maximumFileSize else { throw LoadError("\(role) \(path) is larger than \(maximumFileSize) bytes") }
        return bytes
    }

    /// `stat` of the file the path leads to (symbolic links followed, as Kubernetes' Secret volumes use
    /// them); nil when there is none.
    static func identity(of path: String) -> FileIdentity? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        #if canImport(Darwin)
        let modified = info.st_mtimespec
        #else
        let modified = info.st_mtim
        #endif
        return FileIdentity(device: UInt64(truncatingIfNeeded: info.st_dev), inode: UInt64(truncatingIfNeeded: info.st_ino),
                            size: Int64(truncatingIfNeeded: info.st_size), seconds: Int64(truncatingIfNeeded: modified.tv_sec),
                            nanoseconds: Int64(truncatingIfNeeded: modified.tv_nsec))
    }
}
