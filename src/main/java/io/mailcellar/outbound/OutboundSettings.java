package io.mailcellar.outbound;

import io.smallrye.config.ConfigMapping;

import java.util.List;
import java.util.Optional;

/**
 * Where the service may connect on a caller's behalf: mail servers, restore
 * targets, generic OAuth2 endpoints ({@code mailcellar.mail.*}, beside the
 * mailbox settings). Loopback, private, link-local (the cloud metadata
 * service), multicast and reserved addresses are refused by default.
 */
@ConfigMapping(prefix = "mailcellar.mail")
public interface OutboundSettings {

    /**
     * More networks to refuse, in CIDR notation: the cluster's pod and
     * service ranges, which a pod cannot discover. Empty by default.
     */
    Optional<List<String>> deniedNetworks();

    /**
     * Networks to permit although a rule above refuses them, in CIDR
     * notation (a mail server on the office network, {@code 127.0.0.1/32} for
     * a local test). Empty by default.
     */
    Optional<List<String>> allowedNetworks();

    /**
     * Host names to permit whatever they resolve to, compared without regard
     * to case. Empty by default.
     */
    Optional<List<String>> allowedHosts();
}
