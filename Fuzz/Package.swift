// swift-tools-version:5.4
// libFuzzer executables for Vigil's parsers and engines, one per target. A package of its own so that the
// main package's `swift build` and `swift test` never see sanitizer flags. Build and run them through
// `scripts/fuzz TARGET SECONDS`, which passes `-sanitize=fuzzer,address` to every Swift module, so the
// coverage instrumentation reaches the libraries and not only these entry points.
//
// Tools version 5.4 on purpose: from 5.5 on, SwiftPM renames an executable's entry point to
// `<module>_main` and links `main` to it, but these modules have no entry point of their own (they are
// built with -parse-as-library); libFuzzer's runtime supplies `main`.
//
// The main package is reached through the committed symlink `vigil-root` -> `..`: a path dependency is
// known by its folder's name, and the clone's own name is unknown (a clone named `fuzz` would even clash
// with this package's identity).
import PackageDescription

/// Target names match `FuzzTarget`'s raw values: `fuzz-promql-parse` runs `FuzzTarget.promqlParse`.
let names = ["promql-parse", "promql-eval", "logql-parse", "logql-eval", "template", "rule-file", "unit-test-file"]

let package = Package(
    name: "VigilFuzzers",
    products: names.map { .executable(name: "fuzz-\($0)", targets: ["fuzz-\($0)"]) },
    dependencies: [
        .package(path: "vigil-root"),
    ],
    targets: names.map { name in
        .executableTarget(
            name: "fuzz-\(name)",
            dependencies: [.product(name: "VigilFuzz", package: "vigil-root")],
            path: "Entries/\(name)")
    }
)
