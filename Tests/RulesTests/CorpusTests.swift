import Foundation
import Testing
import TimeSeries
@testable import Rules

/// Real rule files: every one loads, with the rule count `promtool check rules` prints for it (measured with
/// promtool on the plain file, or on the `spec`/`data` entry extracted with PyYAML for manifests).
@Suite struct CorpusTests {
    static let dir = SharedData.corpus
    static let available = SharedData.available(dir, "VIGIL_CORPUS_DIR", "RulesTests.CorpusTests")

    /// Files that hold no rules.
    static let notRuleFiles: Set<String> = ["kube-prometheus-stack-values.yaml", "loki-values.yaml", "alertmanager.yml"]
    /// Files whose expressions are LogQL.
    static let lokiFiles: Set<String> = ["alerting-rules.yaml"]

    static let promtoolCounts: [String: Int] = [
        "alerting-rules.yaml": 2,
        "kubernetesControlPlane-prometheusRule.yaml": 134,
        "cert-manager-rules.yaml": 5,
        "loki-rules.yaml": 10,
        "prometheus-ingestion-rules.yaml": 4,
        "prometheus-rules.yaml": 13,
        "alertmanager-prometheusRule.yaml": 9,
        "grafana-prometheusRule.yaml": 2,
        "kubePrometheus-prometheusRule.yaml": 12,
        "kubeStateMetrics-prometheusRule.yaml": 4,
        "nodeExporter-prometheusRule.yaml": 41,
        "prometheus-prometheusRule.yaml": 23,
        "prometheusOperator-prometheusRule.yaml": 9,
        "apache-flink_flink-prometheus-reporter.yml": 12,
        "apache-spark_spark-prometheus.yml": 8,
        "apache_lusitaniae-apache-exporter.yml": 3,
        "apc-ups_apcupsd_exporter.yml": 6,
        "argocd_embedded-exporter.yml": 2,
        "aws-cloudwatch_prometheus-cloudwatch-exporter.yml": 13,
        "azure_azure-metrics-exporter.yml": 5,
        "blackbox_blackbox-exporter.yml": 9,
        "caddy_embedded-exporter.yml": 3,
        "cassandra_criteo-cassandra-exporter.yml": 18,
        "cassandra_instaclustr-cassandra-exporter.yml": 12,
        "ceph_embedded-exporter.yml": 13,
        "cert-manager_embedded-exporter.yml": 4,
        "cilium_embedded-exporter.yml": 31,
        "clickhouse_embedded-exporter.yml": 19,
        "cloudflare_lablabs-cloudflare-exporter.yml": 2,
        "consul_consul-exporter.yml": 3,
        "coredns_embedded-exporter.yml": 1,
        "cortex_embedded-exporter.yml": 6,
        "couchdb_gesellix-couchdb-prometheus-exporter.yml": 18,
        "digitalocean_digitalocean-exporter.yml": 10,
        "docker-containers_google-cadvisor.yml": 9,
        "ebpf_ebpf-exporter.yml": 3,
        "elasticsearch_prometheus-community-elasticsearch-exporter.yml": 19,
        "envoy_embedded-exporter.yml": 19,
        "etcd_embedded-exporter.yml": 13,
        "fluxcd_embedded-exporter.yml": 4,
        "freeswitch_znerol-freeswitch-exporter.yml": 3,
        "gitlab-ci_gitaly.yml": 6,
        "gitlab-ci_gitlab-built-in-exporter.yml": 21,
        "gitlab-ci_workhorse.yml": 3,
        "golang_golang-exporter.yml": 10,
        "google-cloud-stackdriver_stackdriver-exporter.yml": 5,
        "grafana-alloy_embedded-exporter.yml": 1,
        "grafana-mimir_embedded-exporter.yml": 49,
        "grafana-tempo_embedded-exporter.yml": 18,
        "graph-node_embedded-exporter.yml": 6,
        "hadoop_jmx_exporter.yml": 10,
        "haproxy_embedded-exporter-v2.yml": 14,
        "haproxy_haproxy-exporter-v1.yml": 16,
        "hashicorp-vault_embedded-exporter.yml": 4,
        "host-and-hardware_node-exporter.yml": 35,
        "ipmi_ipmi-exporter.yml": 17,
        "istio_embedded-exporter.yml": 10,
        "jaeger_embedded-exporter-legacy.yml": 8,
        "jaeger_embedded-exporter.yml": 8,
        "jenkins_metric-plugin.yml": 8,
        "juniper_czerwonk-junos-exporter.yml": 3,
        "jvm_jvm-exporter.yml": 12,
        "kafka_danielqsj-kafka-exporter.yml": 2,
        "kafka_linkedin-kafka-exporter.yml": 2,
        "keycloak_aerogear-keycloak-metrics-spi.yml": 6,
        "kubernetes_kubestate-exporter.yml": 37,
        "linkerd_embedded-exporter.yml": 1,
        "litellm_embedded-exporter.yml": 3,
        "loki_embedded-exporter.yml": 4,
        "meilisearch_embedded-exporter.yml": 2,
        "memcached_memcached-exporter.yml": 9,
        "minio_embedded-exporter.yml": 3,
        "mongodb_dcu-mongodb-exporter.yml": 9,
        "mongodb_percona-mongodb-exporter.yml": 7,
        "mongodb_stefanprodan-mgob-exporter.yml": 1,
        "mysql_mysqld-exporter.yml": 14,
        "nats_nats-exporter.yml": 13,
        "netdata_embedded-exporter.yml": 9,
        "nginx_knyar-nginx-exporter.yml": 3,
        "nomad_embedded-exporter.yml": 4,
        "openebs_embedded-exporter.yml": 1,
        "opensearch_opensearch-project-opensearch-prometheus-exporter.yml": 6,
        "openstack_openstack-exporter.yml": 20,
        "opentelemetry-collector_embedded-exporter.yml": 12,
        "oracle-database_iamseth-oracledb-exporter.yml": 8,
        "patroni_embedded-exporter-patroni.yml": 1,
        "pgbouncer_spreaker-pgbouncer-exporter.yml": 3,
        "php-fpm_bakins-fpm-exporter.yml": 1,
        "postgresql_postgres-exporter.yml": 20,
        "process-exporter_process-exporter.yml": 10,
        "prometheus-self-monitoring_embedded-exporter.yml": 28,
        "promtail_embedded-exporter.yml": 2,
        "proxmox-ve_prometheus-pve-exporter.yml": 9,
        "pulsar_embedded-exporter.yml": 10,
        "python_python-exporter.yml": 5,
        "rabbitmq_kbudde-rabbitmq-exporter.yml": 11,
        "rabbitmq_rabbitmq-exporter.yml": 10,
        "redis_oliver006-redis-exporter.yml": 12,
        "ruby_ruby-exporter.yml": 5,
        "s.m.a.r.t-device-monitoring_smartctl-exporter.yml": 8,
        "sidekiq_strech-sidekiq-exporter.yml": 2,
        "snmp_snmp-exporter.yml": 7,
        "solr_embedded-exporter.yml": 4,
        "speedtest_nlamirault-speedtest-exporter.yml": 2,
        "spinnaker_embedded-exporter.yml": 12,
        "sql-server_ozarklake-mssql-exporter.yml": 2,
        "ssl_tls_ribbybibby-ssl-exporter.yml": 4,
        "systemd_systemd-exporter.yml": 7,
        "thanos_thanos-bucket-replicate.yml": 2,
        "thanos_thanos-compactor.yml": 5,
        "thanos_thanos-component-absent.yml": 6,
        "thanos_thanos-query.yml": 8,
        "thanos_thanos-receiver.yml": 7,
        "thanos_thanos-ruler.yml": 11,
        "thanos_thanos-sidecar.yml": 2,
        "thanos_thanos-store.yml": 4,
        "traefik_embedded-exporter-v1.yml": 3,
        "traefik_embedded-exporter-v2.yml": 3,
        "vmware_pryorda-vmware-exporter.yml": 4,
        "windows-server_windows-exporter.yml": 5,
        "wireguard_mindflavor-prometheus-wireguard-exporter.yml": 3,
        "zfs_node-exporter.yml": 1,
        "zfs_zfs_exporter.yml": 3,
        "zookeeper_cloudflare-kafka-zookeeper-exporter.yml": 0,
        "zookeeper_dabealu-zookeeper-exporter.yml": 4,
    ]

    func load(_ folder: String, _ file: String) throws -> RuleLoadResult {
        let text = try SharedData.read("\(Self.dir!)/\(folder)/\(file)")
        return Loading.load(text, file: "\(folder)/\(file)", language: Self.lokiFiles.contains(file) ? .loki : .prometheus)
    }

    @Test(.enabled(if: available), arguments: ["homelab", "kube-prometheus", "awesome-prometheus-alerts"])
    func everyFileLoadsWithPromtoolsCount(folder: String) throws {
        var checked = 0
        for file in SharedData.files(in: "\(Self.dir!)/\(folder)") where !Self.notRuleFiles.contains(file) {
            let result = try load(folder, file)
            #expect(result.errors.isEmpty, "\(file): \(result.errors.prefix(3).map(\.description))")
            #expect(result.warnings.isEmpty, "\(file): \(result.warnings.map(\.description))")
            let expected = try #require(Self.promtoolCounts[file], "no reference count for \(file)")
            #expect(result.ruleCount == expected, "\(file)")
            checked += 1
        }
        #expect(checked > 0)
    }

    @Test(.enabled(if: available)) func everyReferenceCountIsUsed() {
        var seen: Set<String> = []
        for folder in ["homelab", "kube-prometheus", "awesome-prometheus-alerts"] {
            seen.formUnion(SharedData.files(in: "\(Self.dir!)/\(folder)"))
        }
        #expect(Set(Self.promtoolCounts.keys).isSubset(of: seen))
        #expect(Self.promtoolCounts.count == 125)
    }

    @Test(.enabled(if: available)) func lokiConfigMap() throws {
        let result = try load("homelab", "alerting-rules.yaml")
        let file = try #require(result.files.first)
        #expect(result.files.count == 1)
        #expect(file.language == .loki)
        #expect(file.origin == .configMap(name: "loki-alerting-rules", namespace: "monitoring", key: "rules.yaml", document: 1))
        #expect(file.groups.map(\.name) == ["talos-btrfs", "talos-iscsi"])
        let rule = file.groups[0].rules[0]
        #expect(rule.name == "BTRFSCorruptionDetected")
        #expect(rule.expr == "sum(count_over_time({job=\"talos-kernel\"} |= \"parent transid verify failed\" [5m])) > 0\n")
        #expect(rule.for == .zero)
        // Positions are in the outer file: `- alert:` is on line 25, `expr: |` on line 26.
        #expect(rule.positions.value("alert") == SourcePosition(line: 25, column: 20))
        #expect(rule.positions.value("expr") == SourcePosition(line: 26, column: 19))
        #expect(rule.position(inExpr: SourcePosition(line: 1, column: 5)) == SourcePosition(line: 27, column: 19))
        #expect(rule.annotations["description"]?.hasPrefix("Talos kernel logs report \"parent transid verify failed\" on a BTRFS device.") == true)
        // A syntax error planted in each LogQL expression is reported at its place in the ConfigMap.
        let asLoki = Loading.load(try SharedData.read("\(Self.dir!)/homelab/alerting-rules.yaml").replacingOccurrences(of: "> 0", with: "> ;"), language: .loki)
        #expect(asLoki.errors.map(\.position) == [SourcePosition(line: 27, column: 99), SourcePosition(line: 46, column: 118)])
    }

    @Test(.enabled(if: available)) func magicLineTextSurvives() throws {
        let result = try load("homelab", "prometheus-rules.yaml")
        let descriptions = result.groups.flatMap(\.rules).compactMap { $0.annotations["description"] }
        let magic = descriptions.filter { $0.contains("#magic___^_^___line") }
        #expect(magic.count == 8)
        let first = try #require(result.groups.first?.rules.first)
        #expect(first.annotations["description"] == "The primary in namespace {{ $labels.namespace }} reports {{ $value }} streaming replica(s), fewer than the (instances − 1) expected for this cluster. A replica may be down, in CrashLoopBackOff, lagging, or hitting iSCSI I/O errors. Check: kubectl get cluster -n {{ $labels.namespace }} #magic___^_^___line\n")
        #expect(first.expr == "max by (namespace) (cnpg_pg_replication_streaming_replicas) < (count by (namespace) (cnpg_pg_replication_in_recovery) - 1)\n")
    }

    /// promtool 2.42 on the extracted spec prints:
    ///
    ///     lint error 1 duplicate rule(s) found.
    ///     Metric: code_verb:apiserver_request_total:increase1h
    ///     Label(s):
    ///     Might cause inconsistency while recording expressions
    @Test(.enabled(if: available)) func duplicateLintMatchesPromtool() throws {
        let result = try load("kube-prometheus", "kubernetesControlPlane-prometheusRule.yaml")
        let file = try #require(result.files.first)
        let duplicates = DuplicateRuleLint.check(file.groups)
        #expect(duplicates.map(\.metric) == ["code_verb:apiserver_request_total:increase1h"])
        #expect(duplicates.first?.labels.isEmpty == true)
        #expect(duplicates.first?.positions.map(\.line) == [1072, 1075, 1078, 1081])
        #expect(DuplicateRuleLint.report(duplicates) == """
            1 duplicate rule(s) found.
            Metric: code_verb:apiserver_request_total:increase1h
            Label(s):
            Might cause inconsistency while recording expressions
            """)
        #expect(result.duplicateRules.count == 1)
    }

    @Test(.enabled(if: available)) func noOtherCorpusFileHasDuplicates() throws {
        for folder in ["homelab", "kube-prometheus", "awesome-prometheus-alerts"] {
            for file in SharedData.files(in: "\(Self.dir!)/\(folder)") where !Self.notRuleFiles.contains(file) {
                guard file != "kubernetesControlPlane-prometheusRule.yaml" else { continue }
                let result = try load(folder, file)
                #expect(result.duplicateRules.isEmpty, "\(file)")
            }
        }
    }
}
