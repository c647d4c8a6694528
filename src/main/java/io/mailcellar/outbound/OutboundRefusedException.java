package io.mailcellar.outbound;

import java.io.IOException;

/**
 * A connection the outbound guard would not open: its address is on a network
 * mail servers are not reached on (loopback, private, link-local, metadata,
 * multicast, or one the operator denied). Thrown before any socket connects.
 */
public class OutboundRefusedException extends IOException {

    public OutboundRefusedException(String reason) {
        super(reason);
    }
}
