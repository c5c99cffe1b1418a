import Foundation
import Testing

/// `vigil check rules` over every rule file of the real-world corpus, held against what promtool prints.
///
/// The counts are what Debian's `promtool check rules --lint=none` printed for each file (CRDs and the
/// ConfigMap had their rule file extracted first, since promtool reads only plain files); the Loki file's
/// count is its number of rules, which promtool cannot parse.
@Suite struct CorpusCheckTests {
    static let expectedRuleCounts: [String: Int] = [
        "awesome-prometheus-alerts/apache-flink_flink-prometheus-reporter.yml": 12,
        "awesome-prometheus-alerts/apache-spark_spark-prometheus.yml": 8,
        "awesome-prometheus-alerts/apache_lusitaniae-apache-exporter.yml": 3,
        "awesome-prometheus-alerts/apc-ups_apcupsd_exporter.yml": 6,
        "awesome-prometheus-alerts/argocd_embedded-exporter.yml": 2,
        "awesome-prometheus-alerts/aws-cloudwatch_prometheus-cloudwatch-exporter.yml": 13,
        "awesome-prometheus-alerts/azure_azure-metrics-exporter.yml": 5,
        "awesome-prometheus-alerts/blackbox_blackbox-exporter.yml": 9,
        "awesome-prometheus-alerts/caddy_embedded-exporter.yml": 3,
        "awesome-prometheus-alerts/cassandra_criteo-cassandra-exporter.yml": 18,
        "awesome-prometheus-alerts/cassandra_instaclustr-cassandra-exporter.yml": 12,
        "awesome-prometheus-alerts/ceph_embedded-exporter.yml": 13,
        "awesome-prometheus-alerts/cert-manager_embedded-exporter.yml": 4,
        "awesome-prometheus-alerts/cilium_embedded-exporter.yml": 31,
        "awesome-prometheus-alerts/clickhouse_embedded-exporter.yml": 19,
        "awesome-prometheus-alerts/cloudflare_lablabs-cloudflare-exporter.yml": 2,
        "awesome-prometheus-alerts/consul_consul-exporter.yml": 3,
        "awesome-prometheus-alerts/coredns_embedded-exporter.yml": 1,
        "awesome-prometheus-alerts/cortex_embedded-exporter.yml": 6,
        "awesome-prometheus-alerts/couchdb_gesellix-couchdb-prometheus-exporter.yml": 18,
        "awesome-prometheus-alerts/digitalocean_digitalocean-exporter.yml": 10,
        "awesome-prometheus-alerts/docker-containers_google-cadvisor.yml": 9,
        "awesome-prometheus-alerts/ebpf_ebpf-exporter.yml": 3,
        "awesome-prometheus-alerts/elasticsearch_prometheus-community-elasticsearch-exporter.yml": 19,
        "awesome-prometheus-alerts/envoy_embedded-exporter.yml": 19,
        "awesome-prometheus-alerts/etcd_embedded-exporter.yml": 13,
        "awesome-prometheus-alerts/fluxcd_embedded-exporter.yml": 4,
        "awesome-prometheus-alerts/freeswitch_znerol-freeswitch-exporter.yml": 3,
        "awesome-prometheus-alerts/gitlab-ci_gitaly.yml": 6,
        "awesome-prometheus-alerts/gitlab-ci_gitlab-built-in-exporter.yml": 21,
        "awesome-prometheus-alerts/gitlab-ci_workhorse.yml": 3,
        "awesome-prometheus-alerts/golang_golang-exporter.yml": 10,
        "awesome-prometheus-alerts/google-cloud-stackdriver_stackdriver-exporter.yml": 5,
        "awesome-prometheus-alerts/grafana-alloy_embedded-exporter.yml": 1,
        "awesome-prometheus-alerts/grafana-mimir_embedded-exporter.yml": 49,
        "awesome-prometheus-alerts/grafana-tempo_embedded-exporter.yml": 18,
        "awesome-prometheus-alerts/graph-node_embedded-exporter.yml": 6,
        "awesome-prometheus-alerts/hadoop_jmx_exporter.yml": 10,
        "awesome-prometheus-alerts/haproxy_embedded-exporter-v2.yml": 14,
        "awesome-prometheus-alerts/haproxy_haproxy-exporter-v1.yml": 16,
        "awesome-prometheus-alerts/hashicorp-vault_embedded-exporter.yml": 4,
        "awesome-prometheus-alerts/host-and-hardware_node-exporter.yml": 35,
        "awesome-prometheus-alerts/ipmi_ipmi-exporter.yml": 17,
        "awesome-prometheus-alerts/istio_embedded-exporter.yml": 10,
        "awesome-prometheus-alerts/jaeger_embedded-exporter-legacy.yml": 8,
        "awesome-prometheus-alerts/jaeger_embedded-exporter.yml": 8,
        "awesome-prometheus-alerts/jenkins_metric-plugin.yml": 8,
        "awesome-prometheus-alerts/juniper_czerwonk-junos-exporter.yml": 3,
        "awesome-prometheus-alerts/jvm_jvm-exporter.yml": 12,
        "awesome-prometheus-alerts/kafka_danielqsj-kafka-exporter.yml": 2,
        "awesome-prometheus-alerts/kafka_linkedin-kafka-exporter.yml": 2,
        "awesome-prometheus-alerts/keycloak_aerogear-keycloak-metrics-spi.yml": 6,
        "awesome-prometheus-alerts/kubernetes_kubestate-exporter.yml": 37,
        "awesome-prometheus-alerts/linkerd_embedded-exporter.yml": 1,
        "awesome-prometheus-alerts/litellm_embedded-exporter.yml": 3,
        "awesome-prometheus-alerts/loki_embedded-exporter.yml": 4,
        "awesome-prometheus-alerts/meilisearch_embedded-exporter.yml": 2,
        "awesome-prometheus-alerts/memcached_memcached-exporter.yml": 9,
        "awesome-prometheus-alerts/minio_embedded-exporter.yml": 3,
        "awesome-prometheus-alerts/mongodb_dcu-mongodb-exporter.yml": 9,
        "awesome-prometheus-alerts/mongodb_percona-mongodb-exporter.yml": 7,
        "awesome-prometheus-alerts/mongodb_stefanprodan-mgob-exporter.yml": 1,
        "awesome-prometheus-alerts/mysql_mysqld-exporter.yml": 14,
        "awesome-prometheus-alerts/nats_nats-exporter.yml": 13,
        "awesome-prometheus-alerts/netdata_embedded-exporter.yml": 9,
        "awesome-prometheus-alerts/nginx_knyar-nginx-exporter.yml": 3,
        "awesome-prometheus-alerts/nomad_embedded-exporter.yml": 4,
        "awesome-prometheus-alerts/openebs_embedded-exporter.yml": 1,
        "awesome-prometheus-alerts/opensearch_opensearch-project-opensearch-prometheus-exporter.yml": 6,
        "awesome-prometheus-alerts/openstack_openstack-exporter.yml": 20,
        "awesome-prometheus-alerts/opentelemetry-collector_embedded-exporter.yml": 12,
        "awesome-prometheus-alerts/oracle-database_iamseth-oracledb-exporter.yml": 8,
        "awesome-prometheus-alerts/patroni_embedded-exporter-patroni.yml": 1,
        "awesome-prometheus-alerts/pgbouncer_spreaker-pgbouncer-exporter.yml": 3,
        "awesome-prometheus-alerts/php-fpm_bakins-fpm-exporter.yml": 1,
        "awesome-prometheus-alerts/postgresql_postgres-exporter.yml": 20,
        "awesome-prometheus-alerts/process-exporter_process-exporter.yml": 10,
        "awesome-prometheus-alerts/prometheus-self-monitoring_embedded-exporter.yml": 28,
        "awesome-prometheus-alerts/promtail_embedded-exporter.yml": 2,
        "awesome-prometheus-alerts/proxmox-ve_prometheus-pve-exporter.yml": 9,
        "awesome-prometheus-alerts/pulsar_embedded-exporter.yml": 10,
        "awesome-prometheus-alerts/python_python-exporter.yml": 5,
        "awesome-prometheus-alerts/rabbitmq_kbudde-rabbitmq-exporter.yml": 11,
        "awesome-prometheus-alerts/rabbitmq_rabbitmq-exporter.yml": 10,
        "awesome-prometheus-alerts/redis_oliver006-redis-exporter.yml": 12,
        "awesome-prometheus-alerts/ruby_ruby-exporter.yml": 5,
        "awesome-prometheus-alerts/s.m.a.r.t-device-monitoring_smartctl-exporter.yml": 8,
        "awesome-prometheus-alerts/sidekiq_strech-sidekiq-exporter.yml": 2,
        "awesome-prometheus-alerts/snmp_snmp-exporter.yml": 7,
        "awesome-prometheus-alerts/solr_embedded-exporter.yml": 4,
        "awesome-prometheus-alerts/speedtest_nlamirault-speedtest-exporter.yml": 2,
        "awesome-prometheus-alerts/spinnaker_embedded-exporter.yml": 12,
        "awesome-prometheus-alerts/sql-server_ozarklake-mssql-exporter.yml": 2,
        "awesome-prometheus-alerts/ssl_tls_ribbybibby-ssl-exporter.yml": 4,
        "awesome-prometheus-alerts/systemd_systemd-exporter.yml": 7,
        "awesome-prometheus-alerts/thanos_thanos-bucket-replicate.yml": 2,
        "awesome-prometheus-alerts/thanos_thanos-compactor.yml": 5,
        "awesome-prometheus-alerts/thanos_thanos-component-absent.yml": 6,
        "awesome-prometheus-alerts/thanos_thanos-query.yml": 8,
        "awesome-prometheus-alerts/thanos_thanos-receiver.yml": 7,
        "awesome-prometheus-alerts/thanos_thanos-ruler.yml": 11,
        "awesome-prometheus-alerts/thanos_thanos-sidecar.yml": 2,
        "awesome-prometheus-alerts/thanos_thanos-store.yml": 4,
        "awesome-prometheus-alerts/traefik_embedded-exporter-v1.yml": 3,
        "awesome-prometheus-alerts/traefik_embedded-exporter-v2.yml": 3,
        "awesome-prometheus-alerts/vmware_pryorda-vmware-exporter.yml": 4,
        "awesome-prometheus-alerts/windows-server_windows-exporter.yml": 5,
        "awesome-prometheus-alerts/wireguard_mindflavor-prometheus-wireguard-exporter.yml": 3,
        "awesome-prometheus-alerts/zfs_node-exporter.yml": 1,
        "awesome-prometheus-alerts/zfs_zfs_exporter.yml": 3,
        "awesome-prometheus-alerts/zookeeper_cloudflare-kafka-zookeeper-exporter.yml": 0,
        "awesome-prometheus-alerts/zookeeper_dabealu-zookeeper-exporter.yml": 4,
        "homelab/alerting-rules.yaml": 2,
        "homelab/cert-manager-rules.yaml": 5,
        "homelab/loki-rules.yaml": 10,
        "homelab/prometheus-ingestion-rules.yaml": 4,
        "homelab/prometheus-rules.yaml": 13,
        "kube-prometheus/alertmanager-prometheusRule.yaml": 9,
        "kube-prometheus/grafana-prometheusRule.yaml": 2,
        "kube-prometheus/kubePrometheus-prometheusRule.yaml": 12,
        "kube-prometheus/kubeStateMetrics-prometheusRule.yaml": 4,
        "kube-prometheus/kubernetesControlPlane-prometheusRule.yaml": 134,
        "kube-prometheus/nodeExporter-prometheusRule.yaml": 41,
        "kube-prometheus/prometheus-prometheusRule.yaml": 23,
        "kube-prometheus/prometheusOperator-prometheusRule.yaml": 9,
        // The rule files beside the real-world unit-test suites (their test files are checked below).
        "unit-tests/gardener/aggregate/testdata/healthcheck.prometheusrule.yaml": 7,
        "unit-tests/gardener/cache/testdata/healthcheck.prometheusrule.yaml": 9,
        "unit-tests/gardener/garden/testdata/etcd.prometheusrule.yaml": 10,
        "unit-tests/gardener/garden/testdata/healthcheck.prometheusrule.yaml": 7,
        "unit-tests/gardener/garden/testdata/metering-meta.prometheusrule.yaml": 61,
        "unit-tests/gardener/garden/testdata/seed.prometheusrule.yaml": 13,
        "unit-tests/gardener/garden/testdata/shoot.prometheusrule.yaml": 4,
        "unit-tests/gardener/longterm/testdata/healthcheck.prometheusrule.yaml": 7,
        "unit-tests/gardener/seed/testdata/healthcheck.prometheusrule.yaml": 6,
        "unit-tests/gardener/shoot-worker-healthcheck/testdata/healthcheck.prometheusrule.yaml": 12,
        "unit-tests/gardener/shoot-workerless-healthcheck/testdata/healthcheck.prometheusrule.yaml": 10,
        "unit-tests/gardener/shoot/testdata/kube-kubelet.prometheusrule.yaml": 6,
        "unit-tests/gardener/shoot/testdata/kube-pods.prometheusrule.yaml": 4,
        "unit-tests/gardener/shoot/testdata/prometheus.prometheusrule.yaml": 2,
        "unit-tests/gardener/shoot/testdata/verticalpodautoscaler.prometheusrule.yaml": 1,
        "unit-tests/govuk/argo_workflows.yaml": 1,
        "unit-tests/govuk/chat_ai.yaml": 10,
        "unit-tests/govuk/database_backups_and_syncs_alerts.yaml": 1,
        "unit-tests/govuk/datagovuk_traffic.yaml": 1,
        "unit-tests/govuk/email_alert_api_alerts.yaml": 2,
        "unit-tests/govuk/fastly.yaml": 6,
        "unit-tests/govuk/graphql.yaml": 6,
        "unit-tests/govuk/integration/database_backups_and_syncs_integration_only_alerts.yaml": 8,
        "unit-tests/govuk/mirrors.yaml": 3,
        "unit-tests/govuk/pagerdutydrill.yaml": 1,
        "unit-tests/govuk/production/database_backups_and_syncs_production_only_alerts.yaml": 3,
        "unit-tests/govuk/prometheus_disk_space.yaml": 1,
        "unit-tests/govuk/publishing_api.yaml": 1,
        "unit-tests/govuk/redis.yaml": 4,
        "unit-tests/govuk/router.yaml": 4,
        "unit-tests/govuk/search_api_alerts.yaml": 6,
        "unit-tests/govuk/search_api_v2.yaml": 19,
        "unit-tests/govuk/signon.yaml": 2,
        "unit-tests/govuk/smart_answers.yaml": 1,
        "unit-tests/govuk/staging/database_backups_and_syncs_staging_only_alerts.yaml": 9,
        "unit-tests/govuk/startup_probe_failure.yaml": 1,
        "unit-tests/govuk/whitehall.yaml": 5,
        "unit-tests/kubernetes-mixin/prometheus_alerts.yaml": 65,
        "unit-tests/kubernetes-mixin/prometheus_rules.yaml": 71,
        "unit-tests/thanos/alerts.yaml": 48,
        "unit-tests/thanos/rules.yaml": 16,
    ]

    /// promtool reports one duplicate in this file and Vigil must too: the lint fails it (exit 0 unless
    /// `--lint-fatal`, as promtool does).
    static let duplicateLintFile = "kube-prometheus/kubernetesControlPlane-prometheusRule.yaml"
    /// Files promtool's duplicate lint fails (as Vigil's does); their rule counts are checked with `--lint none`.
    static let filesWithDuplicateRules: Set<String> = [
        duplicateLintFile,
        "unit-tests/gardener/garden/testdata/seed.prometheusrule.yaml",
        "unit-tests/govuk/search_api_alerts.yaml",
        "unit-tests/kubernetes-mixin/prometheus_rules.yaml",
    ]
    static let lokiFiles: Set<String> = ["homelab/alerting-rules.yaml"]

    static var corpusAvailable: Bool {
        if SharedData.corpus == nil { SharedData.noteSkip("CorpusCheckTests", "VIGIL_CORPUS_DIR") }
        return SharedData.corpus != nil
    }

    @Test(.enabled(if: corpusAvailable, "needs VIGIL_CORPUS_DIR"))
    func everyCorpusRuleFileLoadsWithPromtoolsCount() throws {
        let corpus = try #require(SharedData.corpus)
        var checked = 0
        for (file, count) in Self.expectedRuleCounts.sorted(by: { $0.key < $1.key }) {
            var arguments = ["check", "rules"]
            if Self.lokiFiles.contains(file) { arguments += ["--type", "loki"] }
            if Self.filesWithDuplicateRules.contains(file) { arguments += ["--lint", "none"] }
            let result = try VigilProcess.run(arguments + [file], in: corpus)
            #expect(result.exitCode == 0, "\(file): \(result.output)")
            #expect(result.stdout == "Checking \(file)\n  SUCCESS: \(count) rules found\n\n", "\(file)")
            checked += 1
        }
        print("checked \(checked) corpus rule files")
        #expect(checked == Self.expectedRuleCounts.count)
    }

    @Test(.enabled(if: corpusAvailable, "needs VIGIL_CORPUS_DIR"))
    func duplicateLintFailsTheControlPlaneRulesAsPromtoolDoes() throws {
        let corpus = try #require(SharedData.corpus)
        let result = try VigilProcess.run(["check", "rules", Self.duplicateLintFile], in: corpus)
        #expect(result.exitCode == 0)
        #expect(result.stdout == "Checking \(Self.duplicateLintFile)\n\n")
        #expect(result.stderr == """
              FAILED:
            lint error 1 duplicate rule(s) found.
            Metric: code_verb:apiserver_request_total:increase1h
            Label(s):
            Might cause inconsistency while recording expressions

            """)
        let fatal = try VigilProcess.run(["check", "rules", "--lint-fatal", Self.duplicateLintFile], in: corpus)
        #expect(fatal.exitCode == 3)
    }

    @Test(.enabled(if: corpusAvailable, "needs VIGIL_CORPUS_DIR"))
    func everyCorpusFileIsCovered() throws {
        let corpus = try #require(SharedData.corpus)
        let testFiles = Set(try UnitTestSuiteVerdicts.load(corpus).map { "unit-tests/" + $0.file })
        let all = FileManager.default.enumerator(atPath: corpus.path)!.compactMap { $0 as? String }
            .filter { ($0.hasSuffix(".yml") || $0.hasSuffix(".yaml")) && !$0.hasSuffix("values.yaml") && !$0.hasSuffix("alertmanager.yml") }
            .filter { !testFiles.contains($0) }
        #expect(Set(all) == Set(Self.expectedRuleCounts.keys))
    }
}
