package io.mailcellar.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Every file in k8s/ parses as its Kubernetes API type, and the install is safe and complete. */
class PlainManifestsTest {

    private static final Path DIR = Path.of("k8s");

    @Test
    void everyManifestIsAValidApiObjectAndTheWorkloadIsSafe() throws Exception {
        List<HasMetadata> objects = new ArrayList<>();
        try (Stream<Path> files = Files.list(DIR)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                if (!file.getFileName().toString().equals("kustomization.yaml")) {
                    objects.addAll(new StrictKubernetesParser().parseAll(Files.readString(file)));
                }
            }
        }

        List<Deployment> deployments = objects.stream().filter(Deployment.class::isInstance)
                .map(Deployment.class::cast).toList();
        assertThat(deployments).hasSize(1);
        deployments.forEach(WorkloadChecks::assertSafeAndProbed);
        objects.stream().filter(ConfigMap.class::isInstance).map(ConfigMap.class::cast)
                .forEach(WorkloadChecks::assertKnownKeys);
        objects.stream().filter(Secret.class::isInstance).map(Secret.class::cast)
                .forEach(secret -> secret.getStringData().keySet()
                        .forEach(key -> WorkloadChecks.assertKnown("Secret example", key)));
        assertThat(objects).extracting(HasMetadata::getKind).contains("Deployment", "Service", "ConfigMap", "Secret",
                "ServiceAccount", "PodDisruptionBudget", "NetworkPolicy");
        NetworkPolicy policy = objects.stream().filter(NetworkPolicy.class::isInstance)
                .map(NetworkPolicy.class::cast).findFirst().orElseThrow();
        assertThat(policy.getSpec().getPolicyTypes()).containsExactlyInAnyOrder("Ingress", "Egress");
    }

    @Test
    void kustomizationListsEveryManifestButTheSecretExample() throws Exception {
        JsonNode kustomization = new ObjectMapper(new YAMLFactory()).readTree(DIR.resolve("kustomization.yaml").toFile());
        List<String> listed = new ArrayList<>();
        kustomization.path("resources").forEach(node -> listed.add(node.asText()));
        List<String> present;
        try (Stream<Path> files = Files.list(DIR)) {
            present = files.map(f -> f.getFileName().toString())
                    .filter(f -> f.endsWith(".yaml") && !f.equals("kustomization.yaml") && !f.equals("secret.example.yaml"))
                    .sorted().toList();
        }

        assertThat(listed).containsExactlyInAnyOrderElementsOf(present);
    }
}
