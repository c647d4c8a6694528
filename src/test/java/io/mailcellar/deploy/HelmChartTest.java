package io.mailcellar.deploy;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The chart, through the Helm library itself (helm-java): lint --strict, then
 * `helm template` for the default values and for a split-roles values file,
 * every rendered object parsed as its Kubernetes API type with unknown fields
 * refused, and every setting it gives the container known to the application.
 */
class HelmChartTest {

    private static final Path SPLIT = RenderedChart.CHART.resolve("ci/split-roles-values.yaml");

    @Test
    void lintsCleanInStrictMode() {
        LintResult lint = new Helm(RenderedChart.CHART).lint().strict().call();

        assertThat(lint.isFailed()).as("helm lint --strict: %s", lint.getMessages()).isFalse();
    }

    @Test
    void defaultValuesRenderOneDeploymentRunningEveryRole() throws Exception {
        RenderedChart chart = RenderedChart.render(null, Map.of());

        assertThat(chart.all(Deployment.class)).hasSize(1);
        Deployment all = chart.deployment("all");
        assertThat(all.getSpec().getReplicas()).isEqualTo(1);
        assertThat(env(chart.workload("all").container(), "MAILCELLAR_ROLES")).isEqualTo("api,poller,archiver");
        assertThat(names(chart.workload("all").container())).as("a Deployment's pod names change: no static id")
                .doesNotContain("MAILCELLAR_KAFKA_GROUP_INSTANCE_ID");
        assertThat(chart.all(StatefulSet.class)).isEmpty();
        assertThat(chart.all(Service.class)).hasSize(1);
        assertThat(chart.all(ServiceAccount.class)).hasSize(1);
        assertThat(chart.all(PodDisruptionBudget.class)).hasSize(1);
        assertThat(chart.all(NetworkPolicy.class)).hasSize(1);
        var mailEgress = chart.all(NetworkPolicy.class).get(0).getSpec().getEgress().stream()
                .filter(rule -> rule.getPorts().stream().anyMatch(port -> port.getPort().getIntVal() == 993))
                .toList();
        assertThat(mailEgress).as("one rule opens the mail ports").hasSize(1);
        assertThat(mailEgress.get(0).getTo()).as("to addresses outside the cluster only").allSatisfy(peer ->
                assertThat(peer.getIpBlock().getExcept()).isNotEmpty());
        assertThat(mailEgress.get(0).getTo().get(0).getIpBlock().getExcept())
                .contains("10.0.0.0/8", "169.254.0.0/16", "127.0.0.0/8");
        assertThat(chart.all(HorizontalPodAutoscaler.class)).isEmpty();
        assertThat(chart.all(ServiceMonitor.class)).isEmpty();
        assertEveryWorkloadSafe(chart);
    }

    @Test
    void splitValuesRenderOneWorkloadPerRoleWithItsOwnSettings() throws Exception {
        RenderedChart chart = RenderedChart.render(SPLIT, Map.of());

        assertThat(chart.all(Deployment.class)).as("api and archiver").hasSize(2);
        StatefulSet pollers = chart.all(StatefulSet.class).get(0);
        assertThat(pollers.getSpec().getServiceName()).isEqualTo(pollers.getMetadata().getName());
        assertThat(chart.all(Service.class)).anySatisfy(service -> {
            assertThat(service.getMetadata().getName()).isEqualTo(pollers.getSpec().getServiceName());
            assertThat(service.getSpec().getClusterIP()).isEqualTo("None");
        });
        // Each poller's stable pod name is its static id in the pollers' group.
        assertThat(chart.environment(chart.workload("poller"), Map.of(
                "mailcellar-s3", Map.of("access-key", "a", "secret-key", "s"),
                "mailcellar-sealing", Map.of("k1", "x", "k2", "y"),
                "mailcellar-kafka-user", Map.of("sasl.jaas.config", "j")), "mailcellar-poller-1"))
                .containsEntry("MAILCELLAR_KAFKA_GROUP_INSTANCE_ID", "mailcellar-poller-1");
        assertThat(env(chart.workload("api").container(), "MAILCELLAR_ROLES")).isEqualTo("api");
        assertThat(env(chart.workload("poller").container(), "MAILCELLAR_ROLES")).isEqualTo("poller");
        assertThat(env(chart.workload("archiver").container(), "MAILCELLAR_ROLES")).isEqualTo("archiver");
        assertThat(chart.deployment("api").getSpec().getReplicas()).isEqualTo(1);
        assertThat(chart.workload("poller").replicas()).isEqualTo(2);
        assertThat(chart.deployment("archiver").getSpec().getReplicas())
                .as("the autoscaler sets the archivers' replicas").isNull();
        assertThat(env(chart.workload("archiver").container(), "MAILCELLAR_ARCHIVE_CONCURRENCY")).isEqualTo("4");

        // Secrets come from the operator's Secrets, and only to the roles that need them.
        assertThat(secretRef(chart.workload("api").container(), "MAILCELLAR_API_TOKENS_CI")).isEqualTo("mailcellar-api-tokens/ci");
        assertThat(env(chart.workload("api").container(), "MAILCELLAR_API_TOKEN_ROLES_CI")).isEqualTo("operator");
        assertThat(env(chart.workload("api").container(), "MAILCELLAR_API_TOKEN_ROLES_ADMIN")).isEqualTo("admin");
        assertThat(secretRef(chart.workload("poller").container(), "MAILCELLAR_SEALING_KEYS_K2")).isEqualTo("mailcellar-sealing/k2");
        assertThat(names(chart.workload("archiver").container())).doesNotContain("MAILCELLAR_SEALING_KEYS_K1",
                "MAILCELLAR_API_TOKENS_ADMIN");
        assertThat(names(chart.workload("poller").container())).doesNotContain("MAILCELLAR_API_TOKENS_ADMIN");
        assertThat(secretRef(chart.workload("poller").container(), "KAFKA_SASL_JAAS_CONFIG"))
                .isEqualTo("mailcellar-kafka-user/sasl.jaas.config");

        ConfigMap config = chart.all(ConfigMap.class).get(0);
        assertThat(config.getData()).containsEntry("KAFKA_SECURITY_PROTOCOL", "SASL_SSL")
                .containsEntry("KAFKA_SASL_MECHANISM", "SCRAM-SHA-512")
                .containsEntry("KAFKA_SSL_TRUSTSTORE_LOCATION", "/etc/mailcellar/kafka-ca/ca.crt")
                .containsEntry("MAILCELLAR_KAFKA_PARTITIONS", "12")
                .containsEntry("MAILCELLAR_S3_PREFIX", "prod/")
                .containsEntry("MAILCELLAR_SEALING_ACTIVE_KEY", "k2");

        HorizontalPodAutoscaler hpa = chart.all(HorizontalPodAutoscaler.class).get(0);
        assertThat(hpa.getSpec().getScaleTargetRef().getName()).isEqualTo(chart.deployment("archiver").getMetadata().getName());
        assertThat(hpa.getSpec().getMaxReplicas()).isEqualTo(4);
        assertThat(chart.all(PodDisruptionBudget.class)).hasSize(3);
        ServiceMonitor monitor = chart.all(ServiceMonitor.class).get(0);
        assertThat(monitor.getSpec().getEndpoints()).singleElement()
                .satisfies(endpoint -> {
                    assertThat(endpoint.getPath()).isEqualTo("/q/metrics");
                    assertThat(endpoint.getPort()).as("the management port, not the API's").isEqualTo("management");
                });
        Service api = chart.all(Service.class).stream()
                .filter(s -> !s.getMetadata().getName().endsWith("-metrics") && !s.getMetadata().getName().endsWith("-poller"))
                .findFirst().orElseThrow();
        assertThat(api.getSpec().getSelector()).containsEntry("app.kubernetes.io/component", "api");
        assertEveryWorkloadSafe(chart);
    }

    @Test
    void transportIsEncryptedByDefaultAndPlaintextOnlyWhereALabSaysSo() throws Exception {
        ConfigMap config = RenderedChart.render(null, Map.of()).all(ConfigMap.class).get(0);
        assertThat(config.getData()).containsEntry("KAFKA_SECURITY_PROTOCOL", "SSL")
                .hasEntrySatisfying("MAILCELLAR_S3_ENDPOINT", endpoint -> assertThat(endpoint).startsWith("https://"));

        assertThatThrownBy(() -> RenderedChart.render(null, Map.of("kafka.securityProtocol", "PLAINTEXT")))
                .hasMessageContaining("kafka.securityProtocol PLAINTEXT sends everything to Kafka in clear");
        assertThatThrownBy(() -> RenderedChart.render(null, Map.of("s3.endpoint", "http://minio:9000")))
                .hasMessageContaining("s3.endpoint http://minio:9000 is not https");
        ConfigMap lab = RenderedChart.render(null, Map.of("insecureTransport", "true", "kafka.securityProtocol",
                "PLAINTEXT", "s3.endpoint", "http://minio:9000")).all(ConfigMap.class).get(0);
        assertThat(lab.getData()).containsEntry("KAFKA_SECURITY_PROTOCOL", "PLAINTEXT");
    }

    @Test
    void encryptionAndObjectLockReachTheService() throws Exception {
        ConfigMap config = RenderedChart.render(null, Map.of("s3.encryption.type", "kms", "s3.encryption.kmsKeyId",
                "alias/mailcellar", "s3.objectLock.mode", "compliance", "s3.objectLock.days", "365"))
                .all(ConfigMap.class).get(0);
        assertThat(config.getData()).containsEntry("MAILCELLAR_S3_ENCRYPTION_TYPE", "kms")
                .containsEntry("MAILCELLAR_S3_ENCRYPTION_KMS_KEY_ID", "alias/mailcellar")
                .containsEntry("MAILCELLAR_S3_OBJECT_LOCK_MODE", "compliance")
                .containsEntry("MAILCELLAR_S3_OBJECT_LOCK_DAYS", "365");
    }

    @Test
    void theDashboardAndItsAlertsAreConfiguredFromValuesTheWebhookFromASecret() throws Exception {
        RenderedChart defaults = RenderedChart.render(null, Map.of());
        assertThat(defaults.all(ConfigMap.class).get(0).getData()).containsEntry("MAILCELLAR_WEB_ENABLED", "true")
                .doesNotContainKey("QUARKUS_HTTP_PROXY_PROXY_ADDRESS_FORWARDING");
        assertThat(defaults.all(Deployment.class).get(0).getSpec().getTemplate().getSpec().getContainers().get(0)
                .getEnv()).noneMatch(env -> env.getName().equals("MAILCELLAR_ALERTS_WEBHOOK_URL"));

        RenderedChart chart = RenderedChart.render(null, Map.of("dashboard.behindProxy", "true",
                "alerts.existingSecret", "ops-webhook", "alerts.dashboardUrl", "https://backup.example.test"));
        assertThat(chart.all(ConfigMap.class).get(0).getData())
                .containsEntry("QUARKUS_HTTP_PROXY_PROXY_ADDRESS_FORWARDING", "true")
                .containsEntry("QUARKUS_HTTP_PROXY_ALLOW_X_FORWARDED", "true")
                .containsEntry("MAILCELLAR_ALERTS_DASHBOARD_URL", "https://backup.example.test");
        var webhook = chart.all(Deployment.class).get(0).getSpec().getTemplate().getSpec().getContainers().get(0)
                .getEnv().stream().filter(env -> env.getName().equals("MAILCELLAR_ALERTS_WEBHOOK_URL")).findFirst()
                .orElseThrow();
        assertThat(webhook.getValueFrom().getSecretKeyRef().getName()).isEqualTo("ops-webhook");
        assertThat(webhook.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("url");
        assertThatThrownBy(() -> RenderedChart.render(null, Map.of("alerts.dashboardUrl", "backup.example.test")))
                .hasMessageContaining("dashboardUrl");

        RenderedChart oidc = RenderedChart.render(null, Map.of("dashboard.oidc.enabled", "true",
                "dashboard.oidc.issuer", "https://sso.example.test/realms/company", "dashboard.oidc.clientId",
                "mailcellar", "dashboard.oidc.existingSecret", "mailcellar-oidc"));
        assertThat(oidc.all(ConfigMap.class).get(0).getData()).containsEntry("MAILCELLAR_WEB_OIDC_ENABLED", "true")
                .containsEntry("QUARKUS_OIDC_DASHBOARD_AUTH_SERVER_URL", "https://sso.example.test/realms/company")
                .containsEntry("QUARKUS_OIDC_DASHBOARD_CLIENT_ID", "mailcellar");
        assertThat(oidc.all(Deployment.class).get(0).getSpec().getTemplate().getSpec().getContainers().get(0).getEnv())
                .anyMatch(env -> env.getName().equals("QUARKUS_OIDC_DASHBOARD_CREDENTIALS_SECRET")
                        && env.getValueFrom().getSecretKeyRef().getName().equals("mailcellar-oidc"));
        assertThatThrownBy(() -> RenderedChart.render(null, Map.of("dashboard.oidc.enabled", "true")))
                .hasMessageContaining("dashboard.oidc.issuer");
    }

    @Test
    void theSchemaRefusesAWrongValueNamingIt() {
        assertThatThrownBy(() -> RenderedChart.render(null, Map.of("kafka.securityProtocol", "TLS")))
                .hasMessageContaining("securityProtocol");
        assertThatThrownBy(() -> RenderedChart.render(null, Map.of("roles.archiver.replicas", "3")))
                .hasMessageContaining("replicas");
    }

    @Test
    void theStrictParserRefusesAnUnknownField() {
        String misplaced = """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: x
                spec:
                  replica: 2
                """;

        assertThatThrownBy(() -> new StrictKubernetesParser().parseAll(misplaced))
                .hasMessageContaining("replica");
    }

    private static void assertEveryWorkloadSafe(RenderedChart chart) {
        chart.workloads().forEach(w -> WorkloadChecks.assertSafeAndProbed(w.name(), w.template(), w.selector()));
        chart.all(ConfigMap.class).forEach(WorkloadChecks::assertKnownKeys);
    }

    private static String env(Container container, String name) {
        return container.getEnv().stream()
                .filter(e -> e.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(name + " not set")).getValue();
    }

    private static String secretRef(Container container, String name) {
        var ref = container.getEnv().stream()
                .filter(e -> e.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(name + " not set")).getValueFrom().getSecretKeyRef();
        return ref.getName() + "/" + ref.getKey();
    }

    private static java.util.List<String> names(Container container) {
        return container.getEnv().stream()
                .map(io.fabric8.kubernetes.api.model.EnvVar::getName).toList();
    }
}
