// swift-tools-version:6.1
// Vigil: a rule evaluator and alert router. See ARCHITECTURE.md in ../shared for the layout.
import PackageDescription

let package = Package(
    name: "Vigil",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "vigil", targets: ["vigil"]),
    ],
    dependencies: [
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        // The HTTP server. Its default traits would also build swift-configuration, which Vigil does not use.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1", traits: []),
        // Already in Hummingbird's graph; named here because the server uses them directly (graceful
        // shutdown through a ServiceGroup, the server's logger, header names).
        .package(url: "https://github.com/apple/swift-http-types", from: "1.0.0", traits: []),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.6.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
    ],
    targets: [
        // Labels, matchers, durations, timestamps: the vocabulary every other target shares.
        .target(name: "TimeSeries"),
        // PromQL lexer, parser, AST and printer (the engine comes with its own issue).
        .target(name: "PromQL", dependencies: ["TimeSeries"]),
        // LogQL lexer, parser, AST and printer.
        .target(name: "LogQL", dependencies: ["TimeSeries"]),
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
        // Rule unit tests: promtool's test-file format, its evaluation loop, reports (text, JUnit), coverage.
        .target(name: "RuleTesting", dependencies: [
            "Rules", "PromQL", "GoTemplate", "TimeSeries",
            .product(name: "Yams", package: "Yams"),
        ]),
        // The HTTP server: Prometheus's rules and alerts API, health, metrics (later Alertmanager's API v2).
        .target(name: "Server", dependencies: [
            "Rules", "PromQL", "GoTemplate", "TimeSeries",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "HTTPTypes", package: "swift-http-types"),
        ]),
        .executableTarget(name: "vigil", dependencies: [
            "Rules", "RuleTesting", "PromQL", "GoTemplate", "TimeSeries",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),

        .testTarget(name: "TimeSeriesTests", dependencies: ["TimeSeries"]),
        .testTarget(name: "PromQLTests", dependencies: ["PromQL", .product(name: "Yams", package: "Yams")]),
        .testTarget(name: "PromQLTestScriptsTests", dependencies: ["PromQLTestScripts"]),
        .testTarget(name: "LogQLTests", dependencies: ["LogQL"]),
        .testTarget(name: "GoTemplateTests", dependencies: ["GoTemplate"], exclude: ["Fixtures"]),
        .testTarget(name: "RulesTests", dependencies: ["Rules"]),
        .testTarget(name: "RuleTestingTests", dependencies: ["RuleTesting"]),
        .testTarget(name: "ServerTests", dependencies: ["Server", "Rules", "PromQL", "TimeSeries"]),
        .testTarget(name: "VigilCLITests", dependencies: ["vigil"], exclude: ["Fixtures"]),
    ],
    swiftLanguageModes: [.v6]
)
