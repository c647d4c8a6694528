package io.mailcellar.outbound;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Locale;

/**
 * A block of IPv4 or IPv6 addresses written in CIDR notation
 * ({@code 10.0.0.0/8}, {@code fd00:ec2::254/128}); a bare address is a block
 * of one. Parsing never looks a name up. Pure.
 */
public final class NetworkRange {

    private final byte[] network;
    private final int prefixLength;
    private final String text;

    private NetworkRange(byte[] network, int prefixLength, String text) {
        this.network = network;
        this.prefixLength = prefixLength;
        this.text = text;
    }

    /**
     * The range a CIDR names.
     *
     * @throws IllegalArgumentException naming what is wrong with it
     */
    public static NetworkRange parse(String cidr) {
        String trimmed = cidr == null ? "" : cidr.trim();
        int slash = trimmed.indexOf('/');
        String address = slash < 0 ? trimmed : trimmed.substring(0, slash);
        if (!isLiteral(address)) {
            throw new IllegalArgumentException("'" + cidr + "' is not a network in CIDR notation (such as "
                    + "10.96.0.0/12 or fd00::/8)");
        }
        byte[] bytes;
        try {
            bytes = InetAddress.getByName(address).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("'" + cidr + "' is not a network in CIDR notation: " + e.getMessage(), e);
        }
        int bits = bytes.length * 8;
        int prefix = bits;
        if (slash >= 0) {
            try {
                prefix = Integer.parseInt(trimmed.substring(slash + 1));
            } catch (NumberFormatException e) {
                prefix = -1;
            }
            if (prefix < 0 || prefix > bits) {
                throw new IllegalArgumentException("'" + cidr + "' has a prefix length outside 0.." + bits);
            }
        }
        return new NetworkRange(masked(bytes, prefix), prefix, trimmed.toLowerCase(Locale.ROOT));
    }

    /** Whether the address lies in this range; an IPv4 address is never in an IPv6 range, nor the reverse. */
    public boolean contains(InetAddress address) {
        byte[] bytes = address.getAddress();
        return bytes.length == network.length && Arrays.equals(masked(bytes, prefixLength), network);
    }

    @Override
    public String toString() {
        return text;
    }

    /**
     * Whether the text is an address written out (digits, dots, hex and colons) rather than a name, so that
     * {@link InetAddress#getByName} only parses it.
     */
    static boolean isLiteral(String address) {
        if (address.isEmpty()) {
            return false;
        }
        boolean colon = address.indexOf(':') >= 0;
        for (int i = 0; i < address.length(); i++) {
            char c = address.charAt(i);
            boolean ok = c >= '0' && c <= '9' || c == '.' || colon && (c == ':' || Character.digit(c, 16) >= 0);
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static byte[] masked(byte[] bytes, int prefix) {
        byte[] out = bytes.clone();
        for (int i = 0; i < out.length; i++) {
            int keep = Math.max(0, Math.min(8, prefix - i * 8));
            out[i] = (byte) (out[i] & (0xff00 >> keep));
        }
        return out;
    }
}
