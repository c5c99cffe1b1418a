import TimeSeries
import Foundation
import Routing
import Testing
import VigilTesting
@testable import Notifiers

@Suite struct PagerDutyNotifierTests {
    static let dedupKey = "17c4e445d234645c9e547ff6d32a864af0ebdadcd1902771c24c8d366637ff41"

    func notifier(_ yaml: String, v1URL: String = PagerDutyNotifier.defaultV1URL) throws -> PagerDutyNotifier {
        let receiver = try Fixtures.receiver("route: {receiver: r}\nreceivers:\n  - name: r\n    pagerduty_configs:\n" + yaml)
        return try PagerDutyNotifier(config: receiver.pagerdutyConfigs[0], template: try Fixtures.template(), v1URL: v1URL)
    }

    @Test func dedupKeyIsTheSHA256OfTheGroupKey() {
        #expect(PagerDutyNotifier.dedupKey("{}:{alertname=\"DiskFull\"}") == Self.dedupKey)
        #expect(SHA256.hexDigest("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hexDigest(String(repeating: "a", count: 1000)) == "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3")
    }

    @Test func v2TriggerAndResolveEvents() async throws {
        try await LoopbackHTTPServer.with { server in
            let n = try notifier("""
                      - url: '\(server.baseURL)/v2/enqueue'
                        routing_key: '0123456789abcdef0123456789abcdef'
                        class: '{{ .CommonLabels.severity }}'
                        component: disk
                        group: '{{ .Receiver }}'
                        images:
                          - {src: '', alt: Empty src, href: 'https://example.com/'}
                          - {src: 'https://example.com/cat.jpg', alt: '{{ .Status }}'}
                        links:
                          - {href: '', text: Empty href}
                          - {href: 'https://example.com/{{ .GroupLabels.alertname }}'}
                """)
            _ = try await n.notify(ReceiverTests.notification())
            _ = try await n.notify(ReceiverTests.notification(resolvedOnly: true))
            let requests = server.requests
            #expect(requests.count == 2)
            let trigger = requests[0]
            #expect(trigger.method == "POST")
            #expect(trigger.path == "/v2/enqueue")
            #expect(trigger.header("Content-Type") == "application/json")
            // Member order as upstream's structs.
            #expect(trigger.bodyText.hasPrefix(#"{"routing_key":"0123456789abcdef0123456789abcdef","dedup_key":"\#(Self.dedupKey)","event_action":"trigger","payload":{"summary":"FIRING (1): DiskFull [page]","source":"Vigil","severity":"error","class":"page","component":"disk","group":"team","custom_details":{"firing":[{"#))
            #expect(trigger.bodyText.hasSuffix(#""client":"Vigil","client_url":"http://am.example:9093/#/alerts?receiver=team","images":[{"src":"https://example.com/cat.jpg","alt":"firing","href":""}],"links":[{"href":"https://example.com/DiskFull","text":""}]}"# + "\n"))
            let body = try ReceiverTests.object(trigger)
            let payload = try #require(body["payload"] as? [String: Any])
            let details = try #require(payload["custom_details"] as? [String: Any])
            // The default details: rendered JSON and numbers become structure, not strings.
            #expect(details["num_firing"] as? Int == 1)
            #expect(details["num_resolved"] as? Int == 1)
            let firing = try #require(details["firing"] as? [[String: Any]])
            #expect(firing.count == 1)
            #expect((firing[0]["labels"] as? [String: String])?["instance"] == "a:9100")
            #expect((details["resolved"] as? [Any])?.count == 1)

            let resolve = try ReceiverTests.object(requests[1])
            #expect(resolve["event_action"] as? String == "resolve")
            #expect(resolve["dedup_key"] as? String == Self.dedupKey)
            #expect((resolve["payload"] as? [String: Any])?["summary"] as? String == "RESOLVED: DiskFull [b:9100, page]")
            let resolvedDetails = try #require((resolve["payload"] as? [String: Any])?["custom_details"] as? [String: Any])
            #expect((resolvedDetails["firing"] as? [Any])?.isEmpty == true)
            #expect(resolvedDetails["num_firing"] as? Int == 0)
        }
    }

    @Test func customDetailsAreRenderedDeeply() async throws {
        try await LoopbackHTTPServer.with { server in
            let n = try notifier("""
                      - url: '\(server.baseURL)/v2/enqueue'
                        routing_key: k
                        severity: '{{ .CommonLabels.severity }}'
                        details:
                          text: '{{ .Status }}'
                          nested: {'{{ .Receiver }}': '{{ len .Alerts }}', list: ['[1, 2.5]', yes, '', 'a: b']}
                """)
            _ = try await n.notify(ReceiverTests.notification())
            let body = try ReceiverTests.object(try #require(server.requests.first))
            let payload = try #require(body["payload"] as? [String: Any])
            #expect(payload["severity"] as? String == "page")
            let details = try #require(payload["custom_details"] as? [String: Any])
            #expect(details["text"] as? String == "firing")
            #expect(details["num_firing"] as? Int == 1)
            let nested = try #require(details["nested"] as? [String: Any])
            #expect(nested["team"] as? Int == 2)
            let list = try #require(nested["list"] as? [Any])
            #expect((list[0] as? [NSNumber])?.map(\.doubleValue) == [1, 2.5])
            #expect(list[1] as? Bool == true)
            #expect(list[2] is NSNull)
            #expect((list[3] as? [String: String]) == ["a": "b"])
        }
    }

    @Test func renderedStringsTakeTheirYAMLStructure() {
        #expect(TemplatedValue.structured("3") == .int(3))
        #expect(TemplatedValue.structured("1.5") == .double(1.5))
        #expect(TemplatedValue.structured("plain text") == .string("plain text"))
        #expect(TemplatedValue.structured("'quoted'") == .string("'quoted'"))
        #expect(TemplatedValue.structured("") == .null)
        #expect(TemplatedValue.structured("off") == .bool(false))
        #expect(TemplatedValue.structured("{unclosed") == .string("{unclosed"))
        #expect(TemplatedValue.json(.map(["b", "a"], ["b": .double(1e21), "a": .list([.double(0.000001), .double(1e-7), .double(3)])]))
                == #"{"a":[0.000001,1e-7,3],"b":1e+21}"#)
    }

    @Test func oversizedEventsLoseTheirDetails() async throws {
        try await LoopbackHTTPServer.with { server in
            let n = try notifier("      - {url: '\(server.baseURL)/v2/enqueue', routing_key: k, details: {big: '\(String(repeating: "a", count: 513_000))'}}\n")
            _ = try await n.notify(ReceiverTests.notification())
            let text = try #require(server.requests.first).bodyText
            #expect(text.contains(#""custom_details":{"error":"Custom details have been removed because the original event exceeds the maximum size of 512KB"}"#))
            #expect(text.utf8.count < 2000)
        }
    }

    @Test func routingKeyFileIsReadAndTemplated() async throws {
        try await LoopbackHTTPServer.with { server in
            let file = try ReceiverTests.temporaryFile("key-{{ .GroupLabels.alertname }}\n")
            defer { ReceiverTests.removeTemporaryFile(file) }
            let n = try notifier("      - {url: '\(server.baseURL)/v2/enqueue', routing_key_file: '\(file)'}\n")
            _ = try await n.notify(ReceiverTests.notification())
            #expect(try ReceiverTests.object(try #require(server.requests.first))["routing_key"] as? String == "key-DiskFull")
            try "{{ \"\" }}".write(toFile: file, atomically: true, encoding: .utf8)
            let empty = await #expect(throws: NotifyError.self) { _ = try await n.notify(ReceiverTests.notification()) }
            #expect(empty?.message == "routing key cannot be empty")
            #expect(empty?.retryable == false)
        }
    }

    @Test func v2RetriesRateLimitsAndServerErrors() async throws {
        try await LoopbackHTTPServer.with { server in
            let n = try notifier("      - {url: '\(server.baseURL)/v2/enqueue', routing_key: k}\n")
            let e429 = try #require(await ReceiverTests.outcome(of: n, server: server, status: 429))
            #expect(e429.retryable && e429.reason == .rateLimited)
            #expect(try #require(await ReceiverTests.outcome(of: n, server: server, status: 500)).retryable)
            let e403 = try #require(await ReceiverTests.outcome(of: n, server: server, status: 403))
            #expect(!e403.retryable && e403.reason == .authError)
            let invalid = try #require(await ReceiverTests.outcome(of: n, server: server, status: 400,
                body: #"{"status":"invalid event","message":"Event object is invalid","errors":["Length of 'routing_key' is incorrect (should be 32 characters)"]}"#))
            #expect(!invalid.retryable)
            #expect(invalid.message == "unexpected status code 400: Event object is invalid: Length of 'routing_key' is incorrect (should be 32 characters)")
            let unreadable = try #require(await ReceiverTests.outcome(of: n, server: server, status: 400, body: #"{"status"}"#))
            #expect(unreadable.message == "unexpected status code 400")
        }
    }

    @Test func v1EventsUseTheServiceKey() async throws {
        try await LoopbackHTTPServer.with { server in
            let n = try notifier("      - {service_key: svc, details: {a: '{{ .Status }}'}}\n", v1URL: server.baseURL + "/generic/2010-04-15/create_event.json")
            _ = try await n.notify(ReceiverTests.notification())
            _ = try await n.notify(ReceiverTests.notification(resolvedOnly: true))
            let requests = server.requests
            #expect(requests[0].path == "/generic/2010-04-15/create_event.json")
            #expect(requests[0].bodyText.hasPrefix(#"{"service_key":"svc","incident_key":"\#(Self.dedupKey)","event_type":"trigger","description":"FIRING (1): DiskFull [page]","event_action":"","payload":null,"client":"Vigil","client_url":"http://am.example:9093/#/alerts?receiver=team","details":{"a":"firing","firing":["#))
            let resolve = try ReceiverTests.object(requests[1])
            #expect(resolve["event_type"] as? String == "resolve")
            #expect(resolve["client"] == nil && resolve["client_url"] == nil)
            let e403 = try #require(await ReceiverTests.outcome(of: n, server: server, status: 403))
            #expect(e403.retryable)
            #expect(try #require(await ReceiverTests.outcome(of: n, server: server, status: 429)).retryable == false)
        }
    }
}
