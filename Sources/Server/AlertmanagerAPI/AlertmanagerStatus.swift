import Foundation

/// What `GET /api/v2/status` reports about the build (`versionInfo`). Every field is required; Vigil is
/// not built with Go, so `goVersion` names the toolchain it was built with instead.
public struct AlertmanagerVersionInfo: Sendable, Hashable {
    public var version: String
    public var revision: String
    public var branch: String
    public var buildUser: String
    public var buildDate: String
    public var goVersion: String

    public init(version: String, revision: String = "", branch: String = "", buildUser: String = "",
                buildDate: String = "", goVersion: String = AlertmanagerVersionInfo.toolchain) {
        self.version = version
        self.revision = revision
        self.branch = branch
        self.buildUser = buildUser
        self.buildDate = buildDate
        self.goVersion = goVersion
    }

    public static var toolchain: String {
        #if swift(>=6.2)
        "swift6.2"
        #elseif swift(>=6.1)
        "swift6.1"
        #else
        "swift6"
        #endif
    }

    var json: JSONValue {
        .object([
            ("branch", .string(branch)), ("buildDate", .string(buildDate)), ("buildUser", .string(buildUser)),
            ("goVersion", .string(goVersion)), ("revision", .string(revision)), ("version", .string(version)),
        ])
    }
}

/// `alertmanagerStatus`: the cluster (Vigil runs alone, so `disabled` with no peers, which is what a single
/// Alertmanager started with `--cluster.listen-address=` answers), the build, the configuration with its
/// secrets hidden, and the start time (`uptime` is a date-time, the time the API started, not a duration).
public struct AlertmanagerStatus: Sendable, Hashable {
    public var versionInfo: AlertmanagerVersionInfo
    /// YAML, secrets already hidden.
    public var configText: String
    public var startTime: Date

    public init(versionInfo: AlertmanagerVersionInfo, configText: String, startTime: Date) {
        self.versionInfo = versionInfo
        self.configText = configText
        self.startTime = startTime
    }

    public var json: JSONValue {
        .object([
            ("cluster", .object([("peers", .array([])), ("status", .string("disabled"))])),
            ("config", .object([("original", .string(configText))])),
            ("uptime", .string(AlertmanagerTime.format(startTime))),
            ("versionInfo", versionInfo.json),
        ])
    }
}

/// `receiver` of `GET /api/v2/receivers`: its name, and its labels when the configuration gives some.
public struct APIReceiver: Sendable, Hashable {
    public var name: String
    public var labels: [String: String]

    public init(name: String, labels: [String: String] = [:]) {
        self.name = name
        self.labels = labels
    }

    public var json: JSONValue {
        var fields: [(String, JSONValue)] = []
        if !labels.isEmpty { fields.append(("labels", .map(labels.map { ($0.key, $0.value) }))) }
        fields.append(("name", .string(name)))
        return .object(fields)
    }
}
