package io.mailcellar.deploy;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The Helm chart in helm/mailcellar rendered with `helm template`, as Kubernetes API objects. */
final class RenderedChart {

    private static final String COMPONENT = "app.kubernetes.io/component";


    static final Path CHART = Path.of("helm/mailcellar");

    private final List<HasMetadata> objects;

    private RenderedChart(List<HasMetadata> objects) {
        this.objects = objects;
    }

    /** Renders the chart as release "backup" with an optional values file and --set values. */
    static RenderedChart render(Path valuesFile, Map<String, String> set) throws IOException {
        TemplateCommand template = new Helm(CHART).template().withName("backup");
        if (valuesFile != null) {
            template.withValuesFile(valuesFile);
        }
        set.forEach(template::set);
        return new RenderedChart(new StrictKubernetesParser().parseAll(template.call()));
    }

    List<HasMetadata> objects() {
        return objects;
    }

    <T extends HasMetadata> List<T> all(Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    Deployment deployment(String component) {
        return all(Deployment.class).stream()
                .filter(d -> component.equals(d.getMetadata().getLabels().get("app.kubernetes.io/component")))
                .findFirst().orElseThrow(() -> new AssertionError("no Deployment for component " + component));
    }

    /** A Deployment or a StatefulSet, as far as running its pods goes. */
    record Workload(String kind, String name, String component, Integer replicas, PodTemplateSpec template,
                    Map<String, String> selector) {

        Container container() {
            return template.getSpec().getContainers().get(0);
        }
    }

    /** Every Deployment and StatefulSet the chart renders. */
    List<Workload> workloads() {
        List<Workload> workloads = new ArrayList<>();
        all(Deployment.class).forEach(d -> workloads.add(new Workload("Deployment", d.getMetadata().getName(),
                d.getMetadata().getLabels().get(COMPONENT), d.getSpec().getReplicas(), d.getSpec().getTemplate(),
                d.getSpec().getSelector().getMatchLabels())));
        all(StatefulSet.class).forEach(s -> workloads.add(new Workload("StatefulSet", s.getMetadata().getName(),
                s.getMetadata().getLabels().get(COMPONENT), s.getSpec().getReplicas(), s.getSpec().getTemplate(),
                s.getSpec().getSelector().getMatchLabels())));
        return workloads;
    }

    Workload workload(String component) {
        return workloads().stream().filter(w -> component.equals(w.component())).findFirst()
                .orElseThrow(() -> new AssertionError("no workload for component " + component));
    }

    /**
     * The environment the kubelet would give the mailcellar container: the
     * ConfigMaps it names (rendered by the chart) first, then its own entries,
     * with Secret references looked up in {@code secrets} (Secret name, then key).
     */
    Map<String, String> environment(Deployment deployment, Map<String, Map<String, String>> secrets) {
        return environment(deployment.getSpec().getTemplate().getSpec().getContainers().get(0), secrets,
                deployment.getMetadata().getName() + "-pod");
    }

    /** As above, for a pod of a workload named {@code podName} (what {@code metadata.name} gives). */
    Map<String, String> environment(Workload workload, Map<String, Map<String, String>> secrets, String podName) {
        return environment(workload.container(), secrets, podName);
    }

    private Map<String, String> environment(Container container, Map<String, Map<String, String>> secrets,
                                            String podName) {
        Map<String, String> env = new LinkedHashMap<>();
        for (EnvFromSource source : container.getEnvFrom()) {
            String name = source.getConfigMapRef().getName();
            ConfigMap map = all(ConfigMap.class).stream().filter(c -> c.getMetadata().getName().equals(name))
                    .findFirst().orElseThrow(() -> new AssertionError("ConfigMap " + name + " is not rendered"));
            env.putAll(map.getData());
        }
        for (EnvVar variable : container.getEnv()) {
            if (variable.getValueFrom() == null) {
                env.put(variable.getName(), variable.getValue());
                continue;
            }
            var field = variable.getValueFrom().getFieldRef();
            if (field != null) {
                if (!"metadata.name".equals(field.getFieldPath())) {
                    throw new AssertionError("the test knows no field " + field.getFieldPath());
                }
                env.put(variable.getName(), podName);
                continue;
            }
            var ref = variable.getValueFrom().getSecretKeyRef();
            Map<String, String> secret = secrets.get(ref.getName());
            if (secret == null || !secret.containsKey(ref.getKey())) {
                throw new AssertionError("the test has no Secret " + ref.getName() + " key " + ref.getKey());
            }
            env.put(variable.getName(), secret.get(ref.getKey()));
        }
        return env;
    }
}
