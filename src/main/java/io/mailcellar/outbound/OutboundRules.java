package io.mailcellar.outbound;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which addresses the service may connect to on a caller's behalf. A host the
 * operator allows by name, or an address in an allowed network, is permitted;
 * otherwise an address on a built-in or operator-denied network is refused,
 * with the reason in words. Pure: it never looks a name up.
 */
public final class OutboundRules {

    /** A refused network and what it is, for the reason a person reads. */
    record Denied(NetworkRange range, String what) {
        Denied(String cidr, String what) {
            this(NetworkRange.parse(cidr), what);
        }
    }

    /** The metadata services first, so that their reason names them rather than link-local or private. */
    static final List<Denied> BUILT_IN = List.of(
            new Denied("169.254.169.254/32", "the cloud metadata service"),
            new Denied("fd00:ec2::254/128", "the cloud metadata service"),
            new Denied("0.0.0.0/8", "an unspecified address"),
            new Denied("::/128", "an unspecified address"),
            new Denied("127.0.0.0/8", "a loopback address"),
            new Denied("::1/128", "a loopback address"),
            new Denied("10.0.0.0/8", "a private address"),
            new Denied("172.16.0.0/12", "a private address"),
            new Denied("192.168.0.0/16", "a private address"),
            new Denied("fc00::/7", "a private (unique-local) address"),
            new Denied("100.64.0.0/10", "a shared (carrier-grade NAT) address"),
            new Denied("169.254.0.0/16", "a link-local address"),
            new Denied("fe80::/10", "a link-local address"),
            new Denied("224.0.0.0/4", "a multicast address"),
            new Denied("ff00::/8", "a multicast address"),
            new Denied("240.0.0.0/4", "a reserved address"));

    /** IPv6 blocks that carry an IPv4 address in their last four bytes (NAT64, IPv4-compatible). */
    private static final List<NetworkRange> EMBEDDING_IPV4 = List.of(
            NetworkRange.parse("64:ff9b::/96"), NetworkRange.parse("::/96"));
    private static final NetworkRange SIX_TO_FOUR = NetworkRange.parse("2002::/16");

    private final List<Denied> denied;
    private final List<NetworkRange> allowed;
    private final Set<String> allowedHosts;

    public OutboundRules(List<String> deniedNetworks, List<String> allowedNetworks, List<String> allowedHosts) {
        this.denied = java.util.stream.Stream.concat(BUILT_IN.stream(), deniedNetworks.stream()
                .map(cidr -> new Denied(parseSetting(cidr, "denied-networks"), "on a network the operator denied ("
                        + cidr.trim() + ")"))).toList();
        this.allowed = allowedNetworks.stream().map(cidr -> parseSetting(cidr, "allowed-networks")).toList();
        this.allowedHosts = allowedHosts.stream().map(OutboundRules::hostKey).collect(Collectors.toUnmodifiableSet());
    }

    public static OutboundRules of(OutboundSettings settings) {
        return new OutboundRules(settings.deniedNetworks().orElse(List.of()),
                settings.allowedNetworks().orElse(List.of()), settings.allowedHosts().orElse(List.of()));
    }

    /** Whether the operator allows the host by name, whatever it resolves to. */
    public boolean allowsHost(String host) {
        return allowedHosts.contains(hostKey(host));
    }

    /** Why a connection to {@code host} at {@code address} is refused, or empty when it is permitted. */
    public Optional<String> refusal(String host, InetAddress address) {
        if (allowsHost(host) || allowed.stream().anyMatch(range -> range.contains(address))) {
            return Optional.empty();
        }
        InetAddress checked = embeddedIpv4(address).orElse(address);
        for (Denied rule : denied) {
            if (rule.range().contains(checked) || checked != address && rule.range().contains(address)) {
                return Optional.of(describe(host, address) + rule.what() + " (" + rule.range()
                        + "), where the service does not connect by default; an operator can permit it with "
                        + "mailcellar.mail.allowed-networks or mailcellar.mail.allowed-hosts");
            }
        }
        return Optional.empty();
    }

    private static String describe(String host, InetAddress address) {
        String literal = address.getHostAddress();
        return hostKey(host).equals(literal) ? literal + " is " : "'" + host + "' resolves to " + literal + ", ";
    }

    /** The IPv4 address an IPv6 transition address leads to, which is what the packets reach. */
    static Optional<InetAddress> embeddedIpv4(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (bytes.length != 16) {
            return Optional.empty();
        }
        int from = EMBEDDING_IPV4.stream().anyMatch(r -> r.contains(address)) ? 12
                : SIX_TO_FOUR.contains(address) ? 2 : -1;
        if (from < 0 || from == 12 && bytes[12] == 0 && bytes[13] == 0 && bytes[14] == 0 && bytes[15] <= 1) {
            return Optional.empty(); // :: and ::1 are IPv6's own
        }
        try {
            return Optional.of(InetAddress.getByAddress(java.util.Arrays.copyOfRange(bytes, from, from + 4)));
        } catch (UnknownHostException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    private static NetworkRange parseSetting(String cidr, String key) {
        try {
            return NetworkRange.parse(cidr);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("mailcellar.mail." + key + ": " + e.getMessage(), e);
        }
    }

    /** A host name as compared: lower case, without the root's trailing dot, IPv6 literals without brackets. */
    static String hostKey(String host) {
        String key = host.trim().toLowerCase(Locale.ROOT);
        if (key.endsWith(".")) {
            key = key.substring(0, key.length() - 1);
        }
        if (key.startsWith("[") && key.endsWith("]")) {
            key = key.substring(1, key.length() - 1);
        }
        return key;
    }
}
