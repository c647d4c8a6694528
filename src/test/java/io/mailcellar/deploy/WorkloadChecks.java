package io.mailcellar.deploy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.apps.Deployment;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** What every mailcellar workload must get right, in k8s/ and from the chart alike. */
final class WorkloadChecks {

    /** The health endpoints Quarkus serves (SmallRye Health under /q/health). */
    static final Set<String> HEALTH_PATHS = Set.of("/q/health/started", "/q/health/live", "/q/health/ready");

    private static final ApplicationConfigKeys CONFIG = new ApplicationConfigKeys();

    private WorkloadChecks() {
    }

    static void assertSafeAndProbed(Deployment deployment) {
        assertSafeAndProbed(deployment.getMetadata().getName(), deployment.getSpec().getTemplate(),
                deployment.getSpec().getSelector().getMatchLabels());
    }

    /** The same for any workload: its name, its pod template and the labels it selects its pods by. */
    static void assertSafeAndProbed(String name, PodTemplateSpec template, Map<String, String> selector) {
        PodSpec pod = template.getSpec();
        assertThat(pod.getSecurityContext().getRunAsNonRoot()).as("%s pod runs as non-root", name).isTrue();
        assertThat(pod.getSecurityContext().getRunAsUser()).as("%s pod uid", name).isNotNull().isPositive();
        assertThat(pod.getAutomountServiceAccountToken()).as("%s mounts no API token", name).isFalse();
        assertThat(template.getMetadata().getLabels()).as("%s selects its own pods", name)
                .containsAllEntriesOf(selector);
        for (Container container : pod.getContainers()) {
            var security = container.getSecurityContext();
            assertThat(security.getRunAsNonRoot()).as("%s runs as non-root", name).isTrue();
            assertThat(security.getReadOnlyRootFilesystem()).as("%s read-only root", name).isTrue();
            assertThat(security.getAllowPrivilegeEscalation()).as("%s no privilege escalation", name).isFalse();
            assertThat(security.getCapabilities().getDrop()).as("%s drops all capabilities", name).containsExactly("ALL");
            assertThat(container.getVolumeMounts()).as("%s has a writable /tmp", name)
                    .anySatisfy(mount -> assertThat(mount.getMountPath()).isEqualTo("/tmp"));
            assertThat(pod.getVolumes()).as("%s's /tmp holds spooled large messages", name)
                    .anySatisfy(volume -> assertThat(volume.getEmptyDir().getSizeLimit())
                            .isEqualTo(new io.fabric8.kubernetes.api.model.Quantity("1Gi")));
            assertThat(container.getResources().getRequests()).as("%s requests resources", name)
                    .containsKeys("cpu", "memory");
            assertThat(container.getResources().getLimits()).as("%s has a memory limit", name).containsKey("memory");
            List<String> ports = container.getPorts().stream().map(ContainerPort::getName).toList();
            for (Probe probe : new Probe[] {container.getStartupProbe(), container.getLivenessProbe(),
                    container.getReadinessProbe()}) {
                assertThat(probe).as("%s has startup, liveness and readiness probes", name).isNotNull();
                HTTPGetAction get = probe.getHttpGet();
                assertThat(HEALTH_PATHS).as("%s probe path", name).contains(get.getPath());
                assertThat(ports).as("%s probe port", name).contains(get.getPort().getStrVal());
            }
            assertThat(container.getStartupProbe().getHttpGet().getPort().getStrVal())
                    .as("%s probes the management port, where health is served", name).isEqualTo("management");
            assertThat(container.getStartupProbe().getHttpGet().getPath()).isEqualTo("/q/health/started");
            assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/q/health/live");
            assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/q/health/ready");
            for (EnvVar variable : container.getEnv()) {
                assertKnown(name, variable.getName());
            }
        }
    }

    static void assertKnownKeys(ConfigMap map) {
        map.getData().keySet().forEach(key -> assertKnown("ConfigMap " + map.getMetadata().getName(), key));
    }

    static void assertKnown(String where, String envName) {
        assertThat(CONFIG.knowsEnv(envName))
                .as("%s sets %s, which is not a configuration key of the application (known: %s and Kafka client "
                        + "settings as KAFKA_*)", where, envName, CONFIG.mappedProperties())
                .isTrue();
    }
}
