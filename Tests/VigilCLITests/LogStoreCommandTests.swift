import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing
import VigilTesting

/// `vigil logstore` as a process: empty at start, takes a JSON push, answers LogQL over it, and stops on
/// SIGTERM; bad flags are refused before it listens.
@Suite(.serialized)
struct LogStoreCommandTests {
    @Test func servesPushedLinesUntilSIGTERM() async throws {
        let dir = try ReferenceServerProcess.temporaryDirectory(prefix: "vigil-logstore")
        defer { try? FileManager.default.removeItem(at: dir) }
        let service = try RunningVigil(arguments: ["logstore", "--web.listen-address", "127.0.0.1:0"], in: dir)
        defer { service.terminate() }
        let port = try #require(await service.port(), "no 'listening' line: \(service.log)")
        let base = "http://127.0.0.1:\(port)"

        #expect(try await Self.send(base + "/ready").body == "ready\n")
        let empty = try await Self.send(base + "/loki/api/v1/labels")
        #expect(empty.body == #"{"status":"success","data":[]}"#)

        let now = Int64(Date().timeIntervalSince1970) * 1_000_000_000
        let push = #"{"streams":[{"stream":{"job":"talos-kernel"},"values":[["\#(now - 2_000_000_000)","BTRFS error (device sdb)"],["\#(now - 1_000_000_000)","eth0: Link is Up"]]}]}"#
        let pushed = try await Self.send(base + "/loki/api/v1/push", method: "POST", body: push, contentType: "application/json")
        #expect(pushed.status == 204, "\(pushed.body)")

        var components = URLComponents(string: base + "/loki/api/v1/query")!
        components.queryItems = [URLQueryItem(name: "query", value: #"sum(count_over_time({job="talos-kernel"} |= "BTRFS" [5m]))"#)]
        let counted = try await Self.send(components.url!.absoluteString)
        #expect(counted.status == 200)
        #expect(counted.body.contains(#""resultType":"vector","result":[{"metric":{},"value":["#), "\(counted.body)")
        #expect(counted.body.contains(#","1"]}]"#), "\(counted.body)")

        service.signal(SIGTERM)
        #expect(await eventually { !service.isRunning }, "vigil logstore did not stop on SIGTERM")
        #expect(service.exitStatus == 0, "exit status \(service.exitStatus): \(service.log)")
    }

    @Test func badFlagsAreRefused() throws {
        for (args, message) in [(["--store.retention", "soon"], "--store.retention"), (["--store.max-entries", "0"], "--store.max-entries"),
                                (["--web.listen-address", "nowhere"], "--web.listen-address"), (["--query.timeout", "0s"], "--query.timeout")] {
            let r = try VigilProcess.run(["logstore"] + args)
            #expect(r.exitCode != 0 && !r.signaled, "\(args): \(r.output)")
            #expect(r.output.contains(message), "\(args): \(r.output)")
        }
    }

    static func send(_ url: String, method: String = "GET", body: String? = nil, contentType: String? = nil) async throws -> (status: Int, body: String) {
        var request = URLRequest(url: URL(string: url)!)
        request.httpMethod = method
        if let body { request.httpBody = Data(body.utf8) }
        if let contentType { request.setValue(contentType, forHTTPHeaderField: "Content-Type") }
        let (data, response) = try await URLSession.shared.data(for: request)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data, as: UTF8.self))
    }
}
