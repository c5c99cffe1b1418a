import LogQL
import TimeSeries

/// The homelab `vigil run --demo` pretends to watch: three Talos nodes, a CloudNativePG cluster, Loki,
/// cert-manager, Cilium BGP and a few apps, with problems that come and go on a fixed timeline. It is a
/// pure function of time since the demo started, so what it produces is reproducible and tested exactly.
///
/// The timeline repeats every `cycle` (20 minutes). Times are offsets into the cycle:
/// - 0:20 a postgres container is OOM-killed on talos-w-1: the kernel logs the kill, its restart count goes
///   up and its last termination reason is `OOMKilled` (`VigilKernelOOMKill`, `VigilContainerOOMKilled`);
/// - 0:45 BTRFS on talos-w-2's data disk hits corruption and the filesystem goes read-only until 6:00
///   (`VigilKernelFilesystemError` at once, `VigilFilesystemReadOnly` after its 2 minutes);
/// - 1:30 Jellyfin panics (`VigilAppPanic`);
/// - 8:00 a kernel task hangs on talos-cp-1 (`VigilKernelHungTask`).
/// Each alert resolves once its lines leave the rule's window or the metric recovers.
public struct DemoHomelab: Sendable {
    public static let cycle: Int64 = 20 * 60_000
    /// Milliseconds between metric "scrapes".
    public static let scrapeInterval: Int64 = 15_000

    /// When the demo started (Unix milliseconds), on the five-second grid every log line is on, so the
    /// timeline's offsets fall on it too.
    public let start: Int64

    public init(start: Int64) { self.start = start - ((start % 5_000) + 5_000) % 5_000 }

    static let nodes = ["talos-cp-1", "talos-w-1", "talos-w-2"]

    /// Where in the cycle `t` (Unix milliseconds) falls.
    func offset(_ t: Int64) -> Int64 {
        let elapsed = t - start
        return elapsed >= 0 ? elapsed % Self.cycle : 0
    }

    /// Completed cycles at `t`, so counters keep growing across cycles.
    func cycles(_ t: Int64) -> Int64 { max(0, t - start) / Self.cycle }

    // MARK: Metrics

    /// Every series' value at scrape time `t`.
    public func samples(at t: Int64) -> [(labels: Labels, value: Double)] {
        let o = offset(t)
        let seconds = Double(t) / 1000
        let sinceStart = Double(max(0, t - start)) / 1000
        var out: [(Labels, Double)] = []
        func add(_ name: String, _ labels: [String: String], _ value: Double) {
            var all = labels
            all["__name__"] = name
            out.append((Labels(all), value))
        }
        for (i, node) in Self.nodes.enumerated() {
            let instance = "10.0.0.\(11 + i):9100"
            let target = ["job": "node-exporter", "instance": instance, "node": node]
            add("up", target, 1)
            add("node_time_seconds", target, seconds)
            var data = target
            data.merge(["device": "/dev/sdb", "fstype": "btrfs", "mountpoint": "/var/mnt/data"]) { $1 }
            let readOnly = node == "talos-w-2" && o >= 45_000 && o < 6 * 60_000
            add("node_filesystem_readonly", data, readOnly ? 1 : 0)
            var ephemeral = target
            ephemeral.merge(["device": "/dev/sda6", "fstype": "xfs", "mountpoint": "/var"]) { $1 }
            add("node_filesystem_readonly", ephemeral, 0)
        }
        add("up", ["job": "prometheus", "instance": "10.0.0.20:9090"], 1)
        add("prometheus_tsdb_head_samples_appended_total", ["job": "prometheus", "instance": "10.0.0.20:9090", "type": "float"],
            (sinceStart * 420).rounded())

        // CloudNativePG: pg-cluster-1 is the primary streaming to two replicas.
        for (i, pod) in ["pg-cluster-1", "pg-cluster-2", "pg-cluster-3"].enumerated() {
            let labels = ["job": "cnpg", "namespace": "databases", "pod": pod]
            add("cnpg_pg_replication_in_recovery", labels, i == 0 ? 0 : 1)
            if i == 0 { add("cnpg_pg_replication_streaming_replicas", labels, 2) }
            if i > 0 {
                add("cnpg_pg_replication_is_wal_receiver_up", labels, 1)
                add("cnpg_pg_replication_lag", labels, 0.2)
            }
        }
        // The OOM kill of pg-cluster-2's postgres container at 0:20 of every cycle.
        let container = ["job": "kube-state-metrics", "namespace": "databases", "pod": "pg-cluster-2", "container": "postgres"]
        let kills = cycles(t) + (o >= 20_000 ? 1 : 0)
        add("kube_pod_container_status_restarts_total", container, Double(kills))
        var reason = container
        reason["reason"] = "OOMKilled"
        add("kube_pod_container_status_last_terminated_reason", reason, kills > 0 ? 1 : 0)

        add("kube_daemonset_status_desired_number_scheduled", ["job": "kube-state-metrics", "namespace": "kube-system", "daemonset": "cilium"], 3)
        add("kube_daemonset_status_number_ready", ["job": "kube-state-metrics", "namespace": "kube-system", "daemonset": "cilium"], 3)
        add("loki_request_duration_seconds_count",
            ["job": "monitoring/loki", "namespace": "monitoring", "route": "loki_api_v1_push", "status_code": "204"], (sinceStart * 2).rounded())
        add("certmanager_certificate_expiration_timestamp_seconds",
            ["job": "cert-manager", "namespace": "networking", "name": "wildcard-home-arpa"], (seconds + 60 * 86_400).rounded())
        add("certmanager_certificate_ready_status",
            ["job": "cert-manager", "namespace": "networking", "name": "wildcard-home-arpa", "condition": "True"], 1)
        add("cilium_bgp_control_plane_session_state", ["job": "cilium-agent", "node": "talos-cp-1", "peer_address": "10.0.0.1"], 1)
        return out
    }

    // MARK: Logs

    /// Every log line with `from < time <= to` (Unix milliseconds), by stream.
    public func lines(after from: Int64, through to: Int64) -> [(labels: Labels, entries: [LogEntry])] {
        guard to > from else { return [] }
        var streams: [Labels: [LogEntry]] = [:]
        // Everything happens on a 5-second grid, so a line belongs to exactly one interval.
        let grid: Int64 = 5_000
        var t = (from / grid + 1) * grid
        while t <= to {
            for (labels, line) in linesAt(t) {
                streams[labels, default: []].append(LogEntry(timestamp: t * 1_000_000, line: line))
            }
            t += grid
        }
        return streams.map { ($0.key, $0.value) }.sorted { $0.labels < $1.labels }
    }

    static func kernel(_ node: String) -> Labels { Labels(["job": "talos-kernel", "node": node]) }
    static let jellyfin = Labels(["job": "media/jellyfin", "namespace": "media", "pod": "jellyfin-7d9f8b7c5-x2x9q", "container": "jellyfin"])
    static let postgres = Labels(["job": "databases/postgres", "namespace": "databases", "pod": "pg-cluster-2", "container": "postgres"])

    /// The lines of grid time `t` (a multiple of five seconds).
    func linesAt(_ t: Int64) -> [(Labels, String)] {
        guard t >= start else { return [] }
        let o = offset(t)
        let tick = (t - start) / 5_000
        var out: [(Labels, String)] = []
        // Ordinary chatter: every node every 30 s, apps every 10 s.
        if tick % 6 == 0 {
            for (i, node) in Self.nodes.enumerated() {
                let quiet = ["[talos] task startAllServices (1/1): done", "eth0: Link is Up - 1Gbps/Full - flow control off",
                             "BTRFS info (device sdb): using free space tree", "cilium_vxlan: link becomes ready"]
                out.append((Self.kernel(node), quiet[(Int(tick / 6) + i) % quiet.count]))
            }
        }
        if tick % 2 == 0 {
            out.append((Self.jellyfin, #"[INF] [\#(tick % 7)] Emby.Server.Implementations.HttpServer: HTTP GET /System/Info 200"#))
            out.append((Self.postgres, #"{"level":"info","msg":"record","logger":"postgres","record":{"message":"checkpoint complete"}}"#))
        }
        switch o {
        case 20_000:
            out.append((Self.kernel("talos-w-1"), "Out of memory: Killed process 31337 (postgres) total-vm:2298524kB, anon-rss:1931032kB, file-rss:0kB, shmem-rss:0kB, UID:26 pgtables:4084kB oom_score_adj:985"))
            out.append((Self.kernel("talos-w-1"), "oom_reaper: reaped process 31337 (postgres), now anon-rss:0kB, file-rss:0kB, shmem-rss:0kB"))
        case 45_000, 50_000:
            out.append((Self.kernel("talos-w-2"), "BTRFS error (device sdb): parent transid verify failed on 30408704 wanted 1034 found 1029"))
            if o == 50_000 { out.append((Self.kernel("talos-w-2"), "BTRFS: error (device sdb) in btrfs_commit_transaction:2418: errno=-5 IO failure (Error while writing out transaction)")) }
        case 90_000:
            out.append((Self.jellyfin, "panic: runtime error: invalid memory address or nil pointer dereference"))
            out.append((Self.jellyfin, "goroutine 1 [running]:"))
        case 480_000:
            out.append((Self.kernel("talos-cp-1"), "INFO: task kworker/u8:2:1234 blocked for more than 120 seconds."))
        default:
            break
        }
        return out
    }
}
