import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing
import VigilTesting
import Yams

/// `examples/kubernetes` as `kubectl kustomize` renders it: the objects carry what running Vigil in a
/// cluster needs, the rule pack arrives unchanged, and the pod's own command, run on the rendered files laid
/// out as the kubelet mounts them, loads everything and turns ready.
@Suite(.enabled(if: Kubectl.executable != nil, "kubectl is not on PATH (apt-get install kubernetes-client)"))
struct KubernetesExamplesTests {
    @Test func theDeploymentRunsVigilWithProbesLimitsAndALockedDownContainer() throws {
        let m = try RenderedManifests.render()
        let deployment = try m.one(kind: "Deployment")
        #expect(deployment["spec"]?["replicas"]?.int == 1)
        // Two pods at once would evaluate every rule twice and share one SQLite database.
        #expect(deployment["spec"]?["strategy"]?["type"]?.string == "Recreate")
        let container = try m.vigilContainer()
        let args = container["args"]?.array(of: String.self) ?? []
        #expect(args.first == "run", "\(args)")
        #expect(Self.value(of: "--config", in: args) == "/etc/vigil/vigil.yml")
        #expect(Self.value(of: "--storage.path", in: args) == "/var/lib/vigil")

        // Both probes ask the port Vigil listens on, as vigil.yml sets it, at the paths its server answers.
        let listenPort = try m.vigilListenPort()
        for (probe, path) in [("livenessProbe", "/-/healthy"), ("readinessProbe", "/-/ready")] {
            let get = container[probe]?["httpGet"]
            #expect(get?["path"]?.string == path, "\(probe)")
            #expect(try m.containerPort(get?["port"]) == listenPort, "\(probe) asks another port than \(listenPort)")
        }

        for kind in ["requests", "limits"] {
            for resource in ["cpu", "memory"] {
                #expect(container["resources"]?[kind]?[resource]?.string?.isEmpty == false, "resources.\(kind).\(resource) is missing")
            }
        }

        let pod = deployment["spec"]?["template"]?["spec"]
        #expect(pod?["securityContext"]?["runAsNonRoot"]?.bool == true)
        #expect((pod?["securityContext"]?["runAsUser"]?.int ?? 0) > 0)
        #expect(container["securityContext"]?["readOnlyRootFilesystem"]?.bool == true)
        #expect(container["securityContext"]?["allowPrivilegeEscalation"]?.bool == false)
        #expect(pod?["serviceAccountName"]?.string == (try m.one(kind: "ServiceAccount"))["metadata"]?["name"]?.string)
    }

    @Test func theConfigurationAndTheRulesAreMountedWhereTheArgumentsAndVigilYmlPoint() throws {
        let m = try RenderedManifests.render()
        let args = try m.vigilContainer()["args"]?.array(of: String.self) ?? []
        let configPath = try #require(Self.value(of: "--config", in: args))

        // vigil.yml is a key of the ConfigMap mounted at its folder.
        let configMount = try #require(try m.mount(at: (configPath as NSString).deletingLastPathComponent))
        let configMap = try #require(configMount.configMap, "the config folder is not a ConfigMap volume")
        let vigilYml = try #require(configMap["data"]?[(configPath as NSString).lastPathComponent]?.string)

        // Every rule_files glob and the routing configuration resolve (against vigil.yml's folder, as Vigil
        // resolves them) into a folder that a ConfigMap volume fills, holding at least one matching key.
        let config = try #require(try Yams.compose(yaml: vigilYml))
        let folder = (configPath as NSString).deletingLastPathComponent
        func resolve(_ path: String) -> String { path.hasPrefix("/") ? path : (folder as NSString).appendingPathComponent(path) }
        let ruleFiles = config["rule_files"]?.array().compactMap { $0["path"]?.string ?? $0.string } ?? []
        #expect(ruleFiles.count == 2)
        for glob in ruleFiles.map(resolve) {
            let mount = try #require(try m.mount(at: (glob as NSString).deletingLastPathComponent), "nothing is mounted for \(glob)")
            let keys = mount.configMap?["data"]?.mapping?.keys.compactMap(\.string) ?? []
            let pattern = (glob as NSString).lastPathComponent
            #expect(keys.contains { fnmatch(pattern, $0, 0) == 0 }, "no key of the mounted ConfigMap matches \(glob): \(keys)")
        }
        let routing = resolve(try #require(config["alerting"]?["config_file"]?.string))
        let routingMount = try #require(try m.mount(at: (routing as NSString).deletingLastPathComponent))
        #expect(routingMount.configMap?["data"]?[(routing as NSString).lastPathComponent]?.string != nil, "\(routing) is not mounted")

        // The storage folder is a volume of its own, backed by a PersistentVolumeClaim of this kustomization.
        let storagePath = try #require(Self.value(of: "--storage.path", in: args))
        let storage = try #require(try m.mount(at: storagePath))
        #expect(storage.mount["readOnly"]?.bool != true)
        let claim = try #require(storage.volume["persistentVolumeClaim"]?["claimName"]?.string, "storage is not a PVC")
        #expect(m.documents.contains { $0["kind"]?.string == "PersistentVolumeClaim" && $0["metadata"]?["name"]?.string == claim })
    }

    @Test func theRulesConfigMapHoldsTheRulePackByteForByte() throws {
        let m = try RenderedManifests.render()
        let rules = try #require(try m.mount(at: "/etc/vigil/rules")?.configMap, "no ConfigMap is mounted at /etc/vigil/rules")
        var rendered: [String: String] = [:]
        for (key, value) in rules["data"]?.mapping ?? [:] {
            if let k = key.string, let v = value.string { rendered[k] = v }
        }
        let folder = VigilProcess.packageRoot.appendingPathComponent("rules")
        let pack = try FileManager.default.contentsOfDirectory(atPath: folder.path)
            .filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted()
        #expect(!pack.isEmpty)
        // Every rule file of rules/ is there (a new file must be added to rules/Kustomization), and nothing else.
        #expect(rendered.keys.sorted() == pack)
        for name in pack {
            let original = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
            #expect(rendered[name] == original, "\(name) differs from rules/\(name)")
        }
    }

    @Test func theServiceMonitorScrapesTheServiceThatSelectsThePod() throws {
        let m = try RenderedManifests.render()
        let service = try m.one(kind: "Service")
        let monitor = try m.one(kind: "ServiceMonitor")
        #expect(monitor["apiVersion"]?.string == "monitoring.coreos.com/v1")
        // kube-prometheus-stack's Prometheus picks ServiceMonitors by this label by default.
        #expect(monitor["metadata"]?["labels"]?["release"]?.string == "kube-prometheus-stack")

        let serviceLabels = Self.strings(service["metadata"]?["labels"])
        let selector = Self.strings(monitor["spec"]?["selector"]?["matchLabels"])
        #expect(!selector.isEmpty)
        #expect(selector.allSatisfy { serviceLabels[$0.key] == $0.value }, "\(selector) does not select \(serviceLabels)")

        let endpoints = monitor["spec"]?["endpoints"]?.array() ?? []
        #expect(endpoints.count == 1)
        let servicePorts = service["spec"]?["ports"]?.array() ?? []
        let port = try #require(servicePorts.first { $0["name"]?.string == endpoints.first?["port"]?.string },
                                "the ServiceMonitor's port is not a named port of the Service")
        #expect(endpoints.first?["path"]?.string == "/metrics")

        // The Service sends that port to the pod's Vigil port.
        let podLabels = Self.strings((try m.one(kind: "Deployment"))["spec"]?["template"]?["metadata"]?["labels"])
        let serviceSelector = Self.strings(service["spec"]?["selector"])
        #expect(!serviceSelector.isEmpty && serviceSelector.allSatisfy { podLabels[$0.key] == $0.value })
        #expect(try m.containerPort(port["targetPort"]) == (try m.vigilListenPort()))
    }

    @Test func theRoutingConfigurationPassesVigilCheckConfig() throws {
        let m = try RenderedManifests.render()
        let dir = try ReferenceServerProcess.temporaryDirectory(prefix: "vigil-k8s-check")
        defer { try? FileManager.default.removeItem(at: dir) }
        let text = try #require(try m.mount(at: "/etc/vigil")?.configMap?["data"]?["alertmanager.yml"]?.string)
        try text.write(to: dir.appendingPathComponent("alertmanager.yml"), atomically: true, encoding: .utf8)
        let r = try VigilProcess.run(["check", "config", "--lint", "all", "--lint-fatal", "alertmanager.yml"], in: dir)
        #expect(r.exitCode == 0, "\(r.output)")
        #expect(r.stdout.contains("SUCCESS"), "\(r.output)")
    }

    /// The container's arguments, with every absolute path moved under a scratch folder that holds the
    /// ConfigMaps as the kubelet mounts them, start `vigil run`: it turns ready at the readiness probe's
    /// path, evaluates the groups of both rule files, holds the routing configuration, and stops on SIGTERM.
    /// The datasources' in-cluster names do not resolve here, so evaluations fail; loading is what counts.
    @Test func thePodsCommandLoadsTheRenderedFilesAndTurnsReady() async throws {
        let m = try RenderedManifests.render()
        let root = try ReferenceServerProcess.temporaryDirectory(prefix: "vigil-k8s-pod")
        defer { try? FileManager.default.removeItem(at: root) }
        try m.layOutVolumes(under: root)
        let container = try m.vigilContainer()
        let args = (container["args"]?.array(of: String.self) ?? []).map { $0.hasPrefix("/") ? root.path + $0 : $0 }
        // Appended to the pod's command (a later flag wins): a free loopback port instead of the Service's
        // 9096, and logfmt logs, from which RunningVigil reads that port.
        let service = try RunningVigil(arguments: args + ["--web.listen-address", "127.0.0.1:0", "--log.format", "logfmt"], in: root)
        defer { service.terminate() }
        let port = try #require(await service.port(), "no 'listening' line: \(service.log)")

        let readyPath = try #require(container["readinessProbe"]?["httpGet"]?["path"]?.string)
        let livePath = try #require(container["livenessProbe"]?["httpGet"]?["path"]?.string)
        #expect(await eventually { await Self.status(port, readyPath) == 200 }, "never ready: \(service.log)")
        #expect(await Self.status(port, livePath) == 200)

        let groups = try #require(await Self.json(port, "/api/v1/rules")?["data"] as? [String: Any])["groups"] as? [[String: Any]] ?? []
        // The pack's groups, read through the mounted links, and one heartbeat group per datasource.
        let files = groups.compactMap { $0["file"] as? String }
        let rulesFolder = root.path + "/etc/vigil/rules/"
        #expect(Set(files.filter { $0 != "vigil:heartbeat" })
            == [rulesFolder + "vigil-homelab.prometheusrule.yaml", rulesFolder + "vigil-homelab-loki.configmap.yaml"], "\(files)")
        #expect(files.filter { $0 != "vigil:heartbeat" }.count > 10, "\(files)")
        #expect(files.filter { $0 == "vigil:heartbeat" }.count == 2, "\(files)")

        let status = try #require(await Self.json(port, "/api/v2/status"), "no Alertmanager status: \(service.log)")
        let original = (status["config"] as? [String: Any])?["original"] as? String ?? ""
        #expect(original.contains("receiver: heartbeat"), "the router did not load alertmanager.yml: \(original.prefix(200))")

        service.signal(SIGTERM)
        #expect(await eventually { !service.isRunning }, "vigil did not stop on SIGTERM")
        #expect(service.exitStatus == 0, "exit status \(service.exitStatus): \(service.log)")
    }

    // MARK: - Helpers

    static func value(of flag: String, in args: [String]) -> String? {
        guard let i = args.firstIndex(of: flag), i + 1 < args.count else { return nil }
        return args[i + 1]
    }

    static func strings(_ node: Node?) -> [String: String] {
        var out: [String: String] = [:]
        for (k, v) in node?.mapping ?? [:] { if let k = k.string, let v = v.string { out[k] = v } }
        return out
    }

    static func status(_ port: Int, _ path: String) async -> Int? {
        guard let url = URL(string: "http://127.0.0.1:\(port)\(path)"),
              let (_, response) = try? await URLSession.shared.data(from: url) else { return nil }
        return (response as? HTTPURLResponse)?.statusCode
    }

    static func json(_ port: Int, _ path: String) async -> [String: Any]? {
        guard let url = URL(string: "http://127.0.0.1:\(port)\(path)"),
              let (data, _) = try? await URLSession.shared.data(from: url) else { return nil }
        return (try? JSONSerialization.jsonObject(with: data)) as? [String: Any]
    }
}

/// The `kubectl` on PATH, if any.
enum Kubectl {
    static let executable: URL? = {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").map { URL(fileURLWithPath: String($0)).appendingPathComponent("kubectl") }
            .first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }()
}

/// The objects `kubectl kustomize examples/kubernetes` prints.
struct RenderedManifests {
    var documents: [Node]

    struct RenderError: Error, CustomStringConvertible {
        var description: String
    }

    static func render() throws -> RenderedManifests {
        guard let kubectl = Kubectl.executable else { throw RenderError(description: "kubectl is not on PATH") }
        let process = Process()
        process.executableURL = kubectl
        process.arguments = ["kustomize", VigilProcess.packageRoot.appendingPathComponent("examples/kubernetes").path]
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw RenderError(description: "kubectl kustomize failed (\(process.terminationStatus)): \(String(decoding: stderr, as: UTF8.self))")
        }
        let documents = try Array(compose_all(yaml: String(decoding: stdout, as: UTF8.self)))
        return RenderedManifests(documents: documents)
    }

    func one(kind: String) throws -> Node {
        let found = documents.filter { $0["kind"]?.string == kind }
        guard found.count == 1 else { throw RenderError(description: "\(found.count) objects of kind \(kind), expected one") }
        return found[0]
    }

    func configMap(named name: String) -> Node? {
        documents.first { $0["kind"]?.string == "ConfigMap" && $0["metadata"]?["name"]?.string == name }
    }

    func vigilContainer() throws -> Node {
        let containers = try one(kind: "Deployment")["spec"]?["template"]?["spec"]?["containers"]?.array() ?? []
        guard let vigil = containers.first(where: { $0["name"]?.string == "vigil" }) else {
            throw RenderError(description: "the Deployment has no container named vigil")
        }
        return vigil
    }

    /// The port `web.listen_address` of the rendered vigil.yml names (Vigil's default 9096 without it).
    func vigilListenPort() throws -> Int {
        let args = try vigilContainer()["args"]?.array(of: String.self) ?? []
        guard let path = KubernetesExamplesTests.value(of: "--config", in: args),
              let text = try mount(at: (path as NSString).deletingLastPathComponent)?.configMap?["data"]?[(path as NSString).lastPathComponent]?.string
        else { throw RenderError(description: "vigil.yml is not mounted where --config points") }
        let address = try Yams.compose(yaml: text)?["web"]?["listen_address"]?.string ?? "0.0.0.0:9096"
        guard let port = address.split(separator: ":").last.flatMap({ Int($0) }) else {
            throw RenderError(description: "no port in web.listen_address \(address)")
        }
        return port
    }

    /// A probe's or a Service's `port`: a number, or the name of one of the container's ports.
    func containerPort(_ port: Node?) throws -> Int? {
        if let number = port?.int { return number }
        let ports = try vigilContainer()["ports"]?.array() ?? []
        return ports.first { $0["name"]?.string == port?.string }?["containerPort"]?.int
    }

    struct Mount {
        var mount: Node
        var volume: Node
        /// The rendered ConfigMap, for a ConfigMap volume.
        var configMap: Node?
    }

    /// The container's volume mounted exactly at `path`.
    func mount(at path: String) throws -> Mount? {
        let pod = try one(kind: "Deployment")["spec"]?["template"]?["spec"]
        let mounts = try vigilContainer()["volumeMounts"]?.array() ?? []
        guard let mount = mounts.first(where: { $0["mountPath"]?.string == path }),
              let volume = pod?["volumes"]?.array().first(where: { $0["name"]?.string == mount["name"]?.string }) else { return nil }
        let configMap = volume["configMap"]?["name"]?.string.flatMap(configMap(named:))
        return Mount(mount: mount, volume: volume, configMap: configMap)
    }

    /// Creates every mount point of the container under `root`, and fills ConfigMap volumes as the kubelet
    /// does: the keys in a timestamped folder, `..data` linking to it, and each key a link through `..data`.
    func layOutVolumes(under root: URL) throws {
        let fm = FileManager.default
        for mount in try vigilContainer()["volumeMounts"]?.array() ?? [] {
            guard let path = mount["mountPath"]?.string, let found = try self.mount(at: path) else { continue }
            let target = root.appendingPathComponent(String(path.drop(while: { $0 == "/" })))
            try fm.createDirectory(at: target, withIntermediateDirectories: true)
            guard let data = found.configMap?["data"]?.mapping else { continue }
            let stamp = "..2026_01_01_00_00_00.000000001"
            try fm.createDirectory(at: target.appendingPathComponent(stamp), withIntermediateDirectories: true)
            try fm.createSymbolicLink(atPath: target.appendingPathComponent("..data").path, withDestinationPath: stamp)
            for (key, value) in data {
                guard let name = key.string, let text = value.string else { continue }
                try text.write(to: target.appendingPathComponent(stamp).appendingPathComponent(name), atomically: false, encoding: .utf8)
                try fm.createSymbolicLink(atPath: target.appendingPathComponent(name).path, withDestinationPath: "..data/" + name)
            }
        }
    }
}
