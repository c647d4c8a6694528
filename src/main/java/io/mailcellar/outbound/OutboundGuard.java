package io.mailcellar.outbound;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * Stands between a caller-chosen host and every connection made to it: mail
 * servers, restore targets, generic OAuth2 endpoints. A registration is
 * checked when it is made, and every connection again at the moment it opens,
 * against the address it is about to reach, so a name that later resolves
 * inward (DNS rebinding) is refused before any socket connects.
 */
@ApplicationScoped
public class OutboundGuard {

    /** Looks a host name up; the JVM's resolver, or a fixed table in a test. */
    @FunctionalInterface
    public interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    private final OutboundRules rules;
    private final Resolver resolver;

    @Inject
    OutboundGuard(OutboundSettings settings) {
        this(OutboundRules.of(settings), InetAddress::getAllByName);
    }

    public OutboundGuard(OutboundRules rules, Resolver resolver) {
        this.rules = rules;
        this.resolver = resolver;
    }

    /**
     * Why a registration naming this host would be refused, or empty. A name
     * that does not resolve now passes: it is checked again at every connect,
     * and a mail server's DNS being down is no reason to refuse it.
     */
    public Optional<String> refusal(String host) {
        try {
            for (InetAddress address : resolver.resolve(host)) {
                Optional<String> refusal = rules.refusal(host, address);
                if (refusal.isPresent()) {
                    return refusal;
                }
            }
            return Optional.empty();
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    /**
     * The address to connect to for this host: its first, once every address
     * it resolves to is permitted.
     */
    public InetAddress resolve(String host) throws UnknownHostException, OutboundRefusedException {
        InetAddress[] addresses = resolver.resolve(host);
        for (InetAddress address : addresses) {
            check(host, address);
        }
        return addresses[0];
    }

    /** Refuses the connection to {@code host} at this already resolved address, if a rule says so. */
    public void check(String host, InetAddress address) throws OutboundRefusedException {
        Optional<String> refusal = rules.refusal(host, address);
        if (refusal.isPresent()) {
            throw new OutboundRefusedException("refused by the outbound guard: " + refusal.get());
        }
    }
}
