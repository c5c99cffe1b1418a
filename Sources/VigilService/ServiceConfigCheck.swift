import Backends
import Foundation
import GoTemplate
import Logging
import Notifiers
import Routing
import Rules
import Server
import TimeSeries

/// What `vigil run` would load, checked without running: `vigil.yml`, every rule file its `rule_files`
/// match, the router's Alertmanager configuration with its templates and receivers, the clients' settings
/// (URLs, TLS files), the web server's certificate pair and credential files — as `promtool check config`
/// checks a Prometheus configuration and its rule files. For CI, before Flux applies a change.
public enum ServiceConfigCheck {
    public struct Summary: Sendable {
        public var datasources = 0
        public var ruleFiles = 0
        public var groups = 0
        public var rules = 0
        /// The router's configuration file and its receivers, when there is a router.
        public var router: (file: String, receivers: Int)?
        /// Things that will not stop the service but lose something: integrations Vigil does not implement.
        public var warnings: [String] = []
    }

    public struct Failure: Error, CustomStringConvertible, Sendable {
        public var problems: [String]
        public var warnings: [String] = []
        public var description: String { problems.joined(separator: "\n") }
    }

    public static func check(path: String, logger: Logger = Logger(label: "vigil.check")) async throws(Failure) -> Summary {
        let config: VigilConfig
        do { config = try VigilRuntime.loadConfig(path, overrides: .init()) } catch {
            throw Failure(problems: [String(describing: error)])
        }
        var summary = Summary()
        var problems: [String] = []
        summary.datasources = config.datasources.count

        do {
            let rules = try RuleSet.load(config)
            summary.ruleFiles = rules.files.count
            let own = rules.groups.filter { $0.heartbeat == nil }
            summary.groups = own.count
            summary.rules = own.reduce(0) { $0 + $1.group.rules.count }
        } catch {
            problems += error.problems
        }
        for entry in config.ruleFiles {
            let pattern = config.resolve(entry.path)
            if GoGlob.hasMeta(pattern), (try? GoGlob.glob(pattern))?.isEmpty == true {
                summary.warnings.append("\(path): rule_files entry \(quoteGo(entry.path)) matches no file")
            }
        }

        if let file = config.alerting?.configFile {
            let resolved = config.resolve(file)
            do {
                let loaded = try RouterService.load(resolved)
                summary.router = (resolved, loaded.config.receivers.count)
                let template = try ReceiverTemplates.load(loaded.config, now: { Date().timeIntervalSince1970 })
                for receiver in loaded.config.receivers {
                    let built = IntegrationFactory.notifiers(for: receiver, template: template)
                    for name in built.unsupported {
                        summary.warnings.append("\(resolved): receiver \(quoteGo(receiver.name)): \(name) is not supported by Vigil; its notifications would be dropped")
                    }
                    for f in built.failed {
                        problems.append("\(resolved): receiver \(quoteGo(receiver.name)): \(f.name)[\(f.index)]: \(f.error.description)")
                    }
                }
            } catch {
                problems.append(String(describing: error))
            }
        }

        // The clients, built as the service builds them (URLs, TLS settings), then closed.
        do {
            let backplane = try Backplane(config: config, stateStore: InMemoryRuleStateStore(), clock: SystemServiceClock(),
                                          router: nil, logger: logger)
            await backplane.shutdown()
        } catch {
            problems.append("\(path): \(error)")
        }

        do { _ = try ListenAddress(parsing: config.web.listenAddress) } catch {
            problems.append("\(path): web.listen_address: \(error)")
        }
        if let tls = config.web.tlsServerConfig {
            do {
                let files = try TLSCertificateFiles(certificateFile: config.resolve(tls.certFile), keyFile: config.resolve(tls.keyFile), logger: logger)
                try VigilHTTPServer.TLS(certificates: files, clientCertificates: VigilRuntime.clientCertificates(tls.clientAuth),
                                        clientCAFile: tls.clientCAFile.map { config.resolve($0) }).validate()
            } catch {
                problems.append("\(path): web.tls_server_config: \(error)")
            }
        }
        if let auth = config.web.auth {
            let files = auth.basicAuth.map { ("password_file of \(quoteGo($0.username))", $0.passwordFile) }
                + (auth.bearerTokenFile.map { [("bearer_token_file", $0)] } ?? [])
            for (what, file) in files {
                do {
                    if try SecretFile(path: config.resolve(file)).read().isEmpty {
                        problems.append("\(path): web.auth: \(what) \(config.resolve(file)) is empty")
                    }
                } catch {
                    problems.append("\(path): web.auth: \(what): \(error)")
                }
            }
        }
        guard problems.isEmpty else { throw Failure(problems: problems, warnings: summary.warnings) }
        return summary
    }
}
