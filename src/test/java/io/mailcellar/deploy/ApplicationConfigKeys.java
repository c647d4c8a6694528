package io.mailcellar.deploy;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.smallrye.config.ConfigMapping;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The configuration the application reads, as environment variable names:
 * every property of its {@code @ConfigMapping} interfaces (a map property
 * stands for all names under it), and Kafka client settings, which the
 * service passes from {@code kafka.*} (env {@code KAFKA_*}) to every client.
 */
final class ApplicationConfigKeys {

    private final Set<String> exact = new TreeSet<>();
    private final Set<String> prefixes = new TreeSet<>();

    ApplicationConfigKeys() {
        for (JavaClass type : new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.mailcellar")) {
            if (type.isAnnotatedWith(ConfigMapping.class)) {
                Class<?> mapping = type.reflect();
                collect(mapping.getAnnotation(ConfigMapping.class).prefix(), mapping);
            }
        }
    }

    /** The property names of the mappings (e.g. {@code mailcellar.kafka.topic-prefix}), maps ending in {@code .*}. */
    Set<String> mappedProperties() {
        Set<String> all = new TreeSet<>(exact);
        prefixes.forEach(prefix -> all.add(prefix + ".*"));
        return all;
    }

    /** True when the application reads this environment variable. */
    boolean knowsEnv(String name) {
        if (name.startsWith("KAFKA_")) {
            String property = name.substring("KAFKA_".length()).toLowerCase().replace('_', '.');
            return ConsumerConfig.configNames().contains(property) || ProducerConfig.configNames().contains(property);
        }
        for (String property : exact) {
            if (env(property).equals(name)) {
                return true;
            }
        }
        for (String prefix : prefixes) {
            String envPrefix = env(prefix) + "_";
            if (name.startsWith(envPrefix) && name.length() > envPrefix.length()) {
                return true;
            }
        }
        return false;
    }

    private void collect(String prefix, Class<?> mapping) {
        for (Method method : mapping.getMethods()) {
            if (method.isDefault() || Modifier.isStatic(method.getModifiers()) || method.getParameterCount() > 0) {
                continue;
            }
            String name = prefix + "." + kebab(method.getName());
            Class<?> type = method.getReturnType();
            if (Map.class.isAssignableFrom(type)) {
                prefixes.add(name);
            } else if (type.isInterface() && type.getName().startsWith("io.mailcellar.")) {
                collect(name, type);
            } else {
                exact.add(name);
            }
        }
    }

    private static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase();
    }

    private static String env(String property) {
        return property.toUpperCase().replaceAll("[^A-Z0-9]", "_");
    }
}
