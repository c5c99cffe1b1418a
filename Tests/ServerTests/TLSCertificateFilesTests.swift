import Foundation
import Logging
import Testing
import VigilTesting
@testable import Server

/// The server's certificate files and client CA are read with bounds: a device, a directory, a missing or
/// non-PEM file is refused with the file named, never read for ever.
@Suite(.enabled(if: TestCertificates.opensslAvailable, "openssl is not installed: the TLS tests need it to make certificates"))
struct TLSCertificateFilesTests {
    @Test func unusableFilesAreNamedNotRead() throws {
        let certificates = try TestCertificates(serverNames: "IP:127.0.0.1")
        defer { certificates.remove() }
        let logger = Logger(label: "test")
        let files = try TLSCertificateFiles(certificateFile: certificates.serverCertificate, keyFile: certificates.serverKey, logger: logger)
        try VigilHTTPServer.TLS(certificates: files, clientCertificates: .required, clientCAFile: certificates.ca).validate()
        for (ca, expected) in [("/dev/zero", "not a regular file"), ("/", "not a regular file"),
                               ("/no/such/ca.pem", "No such file"), (certificates.serverKey, "not a PEM certificate file")] {
            #expect {
                try VigilHTTPServer.TLS(certificates: files, clientCertificates: .required, clientCAFile: ca).validate()
            } throws: { "\($0)".contains(expected) }
        }
        for (cert, key, expected) in [("/dev/zero", certificates.serverKey, "not a regular file"),
                                      (certificates.serverCertificate, "/dev/null", "not a regular file"),
                                      (certificates.serverCertificate, certificates.clientKey, "does not match")] {
            #expect {
                _ = try TLSCertificateFiles(certificateFile: cert, keyFile: key, logger: logger)
            } throws: { "\($0)".contains(expected) }
        }
    }
}
