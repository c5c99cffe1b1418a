import Foundation
import Testing
import VigilTesting
@testable import VigilService

/// `web.auth` follows reloads: added, its users changed, and removed, each from the next request on.
@Suite struct WebAuthReloadTests {
    @Test func aReloadAddsChangesAndRemovesCredentials() async throws {
        let folder = try TestFolder()
        defer { folder.remove() }
        let base = """
            datasources: [{name: prom, type: prometheus, url: "http://127.0.0.1:1", heartbeat: {enabled: false}}]
            rule_files: [{path: rules.yml, datasource: prom}]
            web:
              listen_address: "127.0.0.1:0"

            """
        try folder.write("rules.yml", "groups: []\n")
        try folder.write("alice", "alice-pass\n")
        try folder.write("bob", "bob-pass\n")
        try folder.write("vigil.yml", base)
        let runtime = try VigilRuntime(configPath: folder.file("vigil.yml"), logger: testLogger())
        let port = try await runtime.start()
        func status(_ credentials: String?) async throws -> Int {
            let headers = credentials.map { ["Authorization": "Basic " + Data($0.utf8).base64EncodedString()] } ?? [:]
            return try await RawHTTPClient.request(port: port, target: "/api/v1/rules", headers: headers).status
        }
        #expect(try await status(nil) == 200)

        try folder.write("vigil.yml", base + "  auth: {basic_auth: [{username: alice, password_file: alice}]}\n")
        #expect(await runtime.reload().succeeded)
        #expect(try await status(nil) == 401)
        #expect(try await status("alice:alice-pass") == 200)

        try folder.write("vigil.yml", base + "  auth: {basic_auth: [{username: bob, password_file: bob}]}\n")
        #expect(await runtime.reload().succeeded)
        #expect(try await status("alice:alice-pass") == 401)
        #expect(try await status("bob:bob-pass") == 200)

        try folder.write("vigil.yml", base)
        #expect(await runtime.reload().succeeded)
        #expect(try await status(nil) == 200)
        await runtime.shutdown()
    }
}
