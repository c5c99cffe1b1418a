import Foundation
import Testing

/// `vigil check config`, `vigil routes show` and `vigil routes test` on Alertmanager's own fixtures,
/// with the output amtool 0.25 prints for them.
@Suite struct RoutingCommandTests {
    static let dir = ProcessInfo.processInfo.environment["VIGIL_CONFORMANCE_DIR"].map { $0 + "/alertmanager/testdata" }

    @Test(.enabled(if: dir != nil, "VIGIL_CONFORMANCE_DIR is not set"))
    func routesTest() throws {
        let f = Self.dir! + "/cli.conf.routing.yml"
        let r = try VigilProcess.run(["routes", "test", "--config", f, "test=2"])
        #expect(r.exitCode == 0)
        #expect(r.stdout == "test1,test2\n")
        let verified = try VigilProcess.run(["routes", "test", "--config", f, "--verify.receivers", "test1,test2", "test=2"])
        #expect(verified.exitCode == 0)
        let wrong = try VigilProcess.run(["routes", "test", "--config", f, "--verify.receivers", "test1", "test=2"])
        #expect(wrong.exitCode == 1)
        #expect(wrong.stdout == "test1,test2\nWARNING: Expected receivers did not match resolved receivers.\n")
        let regex = try VigilProcess.run(["routes", "test", "--config", f, "test=~2"])
        #expect(regex.exitCode == 1)
        #expect(regex.stderr == "error: Labels must be specified as key=value pairs\n")
    }

    @Test(.enabled(if: dir != nil, "VIGIL_CONFORMANCE_DIR is not set"))
    func routesShow() throws {
        let r = try VigilProcess.run(["routes", "show", "--config", Self.dir! + "/cli.conf.routing.yml"])
        #expect(r.exitCode == 0)
        #expect(r.stdout == """
            Routing tree:
            .
            └── default-route  receiver: default
                ├── {test=~"^(?:^[12]$)$"}  continue: true  receiver: test1
                └── {test="2"}  receiver: test2


            """)
    }

    @Test(.enabled(if: dir != nil, "VIGIL_CONFORMANCE_DIR is not set"))
    func checkConfig() throws {
        let good = try VigilProcess.run(["check", "config", Self.dir! + "/conf.good.yml"])
        #expect(good.exitCode == 0)
        #expect(good.stdout.hasSuffix("  SUCCESS\nFound:\n - global config\n - route\n - 1 inhibit rules\n - 9 receivers\n - 1 templates\n\n"))
        let bad = try VigilProcess.run(["check", "config", Self.dir! + "/conf.sns-invalid.yml"])
        #expect(bad.exitCode == 1)
        #expect(bad.stdout.contains("conf.sns-invalid.yml:7:9: must provide either a Target ARN, Topic ARN, or Phone Number for SNS config"))
        #expect(bad.stderr == "error: failed to validate 1 file(s)\n")
    }
}
