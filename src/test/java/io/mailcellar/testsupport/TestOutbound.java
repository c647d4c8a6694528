package io.mailcellar.testsupport;

import io.mailcellar.outbound.OutboundGuard;
import io.mailcellar.outbound.OutboundRules;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Outbound guards for tests that run without the service's configuration. */
public final class TestOutbound {

    private TestOutbound() {
    }

    /** The default rules, with loopback allowed, resolving through the JVM: for tests against local servers. */
    public static OutboundGuard loopbackAllowed() {
        return new OutboundGuard(new OutboundRules(List.of(), List.of("127.0.0.0/8", "::1/128"), List.of()),
                InetAddress::getAllByName);
    }

    /** The default rules over a fixed table of names; any other name does not resolve. */
    public static OutboundGuard resolving(Map<String, String> hosts) {
        return new OutboundGuard(new OutboundRules(List.of(), List.of(), List.of()), new FixedResolver(hosts));
    }

    /** Names to addresses, changeable while a test runs (a rebinding DNS server); looks nothing up. */
    public static final class FixedResolver implements OutboundGuard.Resolver {
        private final Map<String, String> hosts = new ConcurrentHashMap<>();

        public FixedResolver(Map<String, String> hosts) {
            this.hosts.putAll(hosts);
        }

        public void map(String name, String address) {
            hosts.put(name, address);
        }

        @Override
        public InetAddress[] resolve(String host) throws UnknownHostException {
            String address = hosts.get(host);
            if (address == null && host.matches("[0-9.]+|[0-9a-fA-F:.]*:[0-9a-fA-F:.]*")) {
                return new InetAddress[] {InetAddress.getByName(host)}; // a literal: parsed, not looked up
            }
            if (address == null) {
                throw new UnknownHostException(host + ": not in the test's table");
            }
            // An address literal: getByAddress needs no lookup for it.
            return new InetAddress[] {InetAddress.getByAddress(host, InetAddress.getByName(address).getAddress())};
        }
    }
}
