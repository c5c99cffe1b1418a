import Foundation

/// A throwaway certificate authority made with openssl in a temporary directory: `ca.pem`, and a server
/// certificate (`server.pem`, `server.key`) and a client certificate (`client.pem`, `client.key`) it
/// signed, valid for two days. Each instance is a different authority, so a client trusting one refuses
/// the other's certificates.
public struct TestCertificates: Sendable {
    public let directory: URL
    public var ca: String { path("ca.pem") }
    public var serverCertificate: String { path("server.pem") }
    public var serverKey: String { path("server.key") }
    public var serverTLS: LoopbackTLS { LoopbackTLS(certificateFile: serverCertificate, keyFile: serverKey) }
    public var clientCert: String { path("client.pem") }
    public var clientKey: String { path("client.key") }

    public static let opensslAvailable = FileManager.default.isExecutableFile(atPath: "/usr/bin/openssl")

    public func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    /// `serverNames`: the server certificate's subjectAltName, e.g. `DNS:prom.internal` or
    /// `IP:127.0.0.1,DNS:localhost`.
    public init(serverNames: String = "DNS:prom.internal", authorityName: String = "Vigil test CA") throws {
        directory = try ReferenceServerProcess.temporaryDirectory(prefix: "vigil-certificates")
        let script = """
            set -e
            key() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:prime256v1 -out "$1" 2>/dev/null; }
            key ca.key
            openssl req -x509 -new -key ca.key -out ca.pem -days 2 -subj "/CN=\(authorityName)" \\
              -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign"
            for who in server client; do
              key $who.key
              openssl req -new -key $who.key -out $who.csr -subj "/CN=$who"
            done
            printf "subjectAltName=\(serverNames)\\nextendedKeyUsage=serverAuth\\n" > server.ext
            printf "extendedKeyUsage=clientAuth\\n" > client.ext
            for who in server client; do
              openssl x509 -req -in $who.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out $who.pem -days 2 -extfile $who.ext 2>/dev/null
            done
            """
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/sh")
        p.arguments = ["-c", script]
        p.currentDirectoryURL = directory
        let out = Pipe()
        p.standardOutput = out
        p.standardError = out
        try p.run()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else {
            let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            remove()
            throw LoopbackServerError("openssl failed: \(text)")
        }
    }

    public func remove() { try? FileManager.default.removeItem(at: directory) }
}
