// swift-tools-version:6.1
// Vigil: a rule evaluator and alert router. See ARCHITECTURE.md in ../shared for the layout.
import PackageDescription

let package = Package(
    name: "Vigil",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "vigil", targets: ["vigil"]),
        // The fuzz targets' logic, for the libFuzzer executables of the separate package in Fuzz/.
        .library(name: "VigilFuzz", targets: ["VigilFuzz"]),
    ],
    dependencies: [
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        // HTTP clients of the backends (Prometheus, Loki, remote write, Alertmanager).
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        // Remote write's WriteRequest; the code is generated once (scripts/generate-remote-write-proto).
        .package(url: "https://github.com/apple/swift-protobuf", from: "1.39.0"),
        // Already brought by async-http-client; named so Backends and VigilTesting may import NIO and NIOSSL.
        .package(url: "https://github.com/apple/swift-nio", from: "2.81.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.29.0"),
        // The HTTP server. Its default traits would also build swift-configuration, which Vigil does not use.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1", traits: []),
        // Already in Hummingbird's graph; named here because the server uses them directly (graceful
        // shutdown through a ServiceGroup, the server's logger, header names).
        .package(url: "https://github.com/apple/swift-http-types", from: "1.0.0", traits: []),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.6.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        // SQLite for the router's durable state and history (Storage only); links Debian's libsqlite3.
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    ],
    targets: [
        // Labels, matchers, durations, timestamps: the vocabulary every other target shares.
        .target(name: "TimeSeries"),
        // PromQL lexer, parser, AST and printer (the engine comes with its own issue).
        .target(name: "PromQL", dependencies: ["TimeSeries"]),
        // LogQL lexer, parser, AST and printer; the engine (log store, pipeline, metric evaluator) in Engine/.
        // GoTemplate runs `line_format` and `label_format`.
        .target(name: "LogQL", dependencies: ["TimeSeries", "GoTemplate"]),
        // Go text/template semantics and the Prometheus, Alertmanager and Loki function sets.
        .target(name: "GoTemplate", dependencies: ["TimeSeries"]),
        // Rule files in every form: model, loaders, validation, lint.
        .target(name: "Rules", dependencies: [
            "TimeSeries", "PromQL", "LogQL", "GoTemplate",
            .product(name: "Yams", package: "Yams"),
        ]),
        // The promqltest script language of upstream's engine tests: parser, comparison rules, runner.
        .target(name: "PromQLTestScripts", dependencies: ["PromQL", "TimeSeries"]),
        .executableTarget(name: "promqltest", dependencies: ["PromQLTestScripts"]),
        // Times the engine on generated data: `swift run -c release PromQLBenchmark`.
        .executableTarget(name: "PromQLBenchmark", dependencies: ["PromQL", "TimeSeries"], path: "Benchmarks/PromQLBenchmark"),
        // Times the LogQL engine on generated logs: `swift run -c release LogQLBenchmark`.
        .executableTarget(name: "LogQLBenchmark", dependencies: ["LogQL", "TimeSeries"], path: "Benchmarks/LogQLBenchmark"),
        // Times GoRegex against the former ICU-based matcher: `swift run -c release RegexBenchmark`.
        .executableTarget(name: "RegexBenchmark", dependencies: ["TimeSeries"], path: "Benchmarks/RegexBenchmark"),
        // Rule unit tests: promtool's test-file format, its evaluation loop, reports (text, JUnit), coverage.
        .target(name: "RuleTesting", dependencies: [
            "Rules", "PromQL", "LogQL", "GoTemplate", "TimeSeries", "Routing",
            .product(name: "Yams", package: "Yams"),
        ]),
        // Strict, position-aware decoding of configuration files (vigil.yml, Alertmanager's config) into Decodable types.
        .target(name: "ConfigYAML", dependencies: ["TimeSeries", .product(name: "Yams", package: "Yams")]),
        // Alertmanager's configuration (receivers, route tree, inhibit rules, time intervals) and routing.
        .target(name: "Routing", dependencies: ["TimeSeries", "ConfigYAML"]),
        // Receivers: webhook, email over SMTP, chat and paging integrations (issue #10).
        .target(name: "Notifiers", dependencies: [
            "Routing", "GoTemplate", "Backends",
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "NIOSSL", package: "swift-nio-ssl"),
        ]),
        // Durable state under `storage.path`: rule group states (alert states, `for` timers) as JSON files;
        // the router's silences, notification log and history in one SQLite database.
        .target(name: "Storage", dependencies: [
            "Rules", "Routing", "TimeSeries",
            .product(name: "GRDB", package: "GRDB.swift"),
        ]),
        // HTTP clients: Prometheus and Loki query APIs, remote write, Alertmanager API v2.
        .target(name: "Backends", dependencies: [
            "Rules", "TimeSeries",
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "SwiftProtobuf", package: "swift-protobuf"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
            .product(name: "NIOSSL", package: "swift-nio-ssl"),
        ]),
        // Helpers for tests only: starters for Debian's reference servers and a scripted loopback HTTP server.
        .target(name: "VigilTesting", dependencies: [
            "Rules",
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
            .product(name: "NIOSSL", package: "swift-nio-ssl"),
        ]),
        // The HTTP server: Prometheus's rules and alerts API, Alertmanager's API v2, health, metrics.
        .target(name: "Server", dependencies: [
            "Rules", "PromQL", "LogQL", "GoTemplate", "TimeSeries", "Storage", "Routing",
            // The status shows the Alertmanager configuration re-serialized, secrets hidden.
            .product(name: "Yams", package: "Yams"),
            .product(name: "Hummingbird", package: "hummingbird"),
            // TLS for the server (NIOSSL is already built for the HTTP clients).
            .product(name: "HummingbirdTLS", package: "hummingbird"),
            .product(name: "HummingbirdCore", package: "hummingbird"),
            .product(name: "NIOSSL", package: "swift-nio-ssl"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "HTTPTypes", package: "swift-http-types"),
        ]),
        // The service: vigil.yml, and the ruler, router, server and state store wired into one lifecycle.
        .target(name: "VigilService", dependencies: [
            "Rules", "Backends", "Server", "Storage", "ConfigYAML", "TimeSeries", "PromQL", "LogQL", "Routing", "Notifiers",
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        .executableTarget(name: "vigil", dependencies: [
            "Rules", "RuleTesting", "PromQL", "LogQL", "GoTemplate", "TimeSeries", "VigilService", "Routing", "Storage", "Server",
            .product(name: "Logging", package: "swift-log"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        // What each fuzz target does with one input; Fuzz/ wraps it for libFuzzer, VigilFuzzTests replays
        // the committed reproducers in Fuzz/regressions through it.
        .target(name: "VigilFuzz", dependencies: ["PromQL", "LogQL", "GoTemplate", "Rules", "RuleTesting", "TimeSeries"]),

        .testTarget(name: "TimeSeriesTests", dependencies: ["TimeSeries"], exclude: ["Fixtures"]),
        .testTarget(name: "PromQLTests", dependencies: ["PromQL", .product(name: "Yams", package: "Yams")]),
        .testTarget(name: "PromQLTestScriptsTests", dependencies: ["PromQLTestScripts"]),
        .testTarget(name: "LogQLTests", dependencies: ["LogQL"]),
        .testTarget(name: "GoTemplateTests", dependencies: ["GoTemplate"], exclude: ["Fixtures"]),
        .testTarget(name: "RulesTests", dependencies: ["Rules", "VigilTesting"]),
        .testTarget(name: "RuleTestingTests", dependencies: ["RuleTesting"], exclude: ["Fixtures"]),
        .testTarget(name: "RoutingTests", dependencies: ["Routing", "TimeSeries"]),
        .testTarget(name: "NotifiersTests", dependencies: ["Notifiers", "VigilTesting", "Routing", "GoTemplate", "Backends", "TimeSeries"]),
        .testTarget(name: "ConfigYAMLTests", dependencies: ["ConfigYAML", "TimeSeries"]),
        .testTarget(name: "VigilServiceTests", dependencies: ["VigilService", "VigilTesting", "Rules", "Backends", "Server", "LogQL", "TimeSeries"]),
        .testTarget(name: "StorageTests", dependencies: ["Storage", "Rules", "Routing", "TimeSeries"]),
        .testTarget(name: "BackendsTests", dependencies: ["Backends", "VigilTesting", "Rules", "TimeSeries"], exclude: ["Fixtures"]),
        .testTarget(name: "ServerTests", dependencies: [
            "Server", "Storage", "Routing", "Rules", "PromQL", "LogQL", "TimeSeries", "VigilTesting", .product(name: "Yams", package: "Yams"),
            // Snappy, for the Loki API's protobuf pushes.
            "Backends",
        ]),
        // Yams reads what `kubectl kustomize examples/kubernetes` renders (KubernetesExamplesTests).
        .testTarget(name: "VigilCLITests", dependencies: [
            "vigil", "VigilTesting", "Storage", "Routing", .product(name: "Yams", package: "Yams"),
            // An HTTPS client independent of Vigil's server (TLSServerTests).
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "NIOSSL", package: "swift-nio-ssl"),
        ], exclude: ["Fixtures"]),
        .testTarget(name: "VigilFuzzTests", dependencies: ["VigilFuzz"]),
        // Random PromQL over random data, checked against Debian's Prometheus 2.42 (skipped, visibly, without it).
        .testTarget(name: "DifferentialTests", dependencies: ["PromQL", "TimeSeries"]),
    ],
    swiftLanguageModes: [.v6]
)
