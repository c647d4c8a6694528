package io.mailcellar.sync.runtime;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class MailboxMetersTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final Set<String> polledHere = new HashSet<>(Set.of("m-1", "m-2"));
    private final MailboxMeters meters = new MailboxMeters(registry, polledHere::contains);

    @Test
    void eachMailboxHasItsOwnFiguresAsItsLastRunLeftThem() {
        meters.record("m-1", Instant.ofEpochSecond(1_700_000_000), 0, 0);
        meters.record("m-2", null, 3, 2);
        meters.record("m-1", Instant.ofEpochSecond(1_700_000_000), 1, 1);

        assertThat(gauge("mailcellar.mailbox.last.success", "m-1")).isEqualTo(1_700_000_000d);
        assertThat(gauge("mailcellar.mailbox.consecutive.failures", "m-1")).isEqualTo(1d);
        assertThat(gauge("mailcellar.mailbox.unread.messages", "m-1")).isEqualTo(1d);
        assertThat(gauge("mailcellar.mailbox.last.success", "m-2")).as("never").isZero();
        assertThat(gauge("mailcellar.mailbox.consecutive.failures", "m-2")).isEqualTo(3d);
        assertThat(registry.find("mailcellar.mailbox.unread.messages").gauges()).hasSize(2);
    }

    @Test
    void aMailboxNoLongerPolledHereLosesItsGauges() {
        meters.record("m-1", null, 0, 0);
        meters.record("m-2", null, 2, 0);

        polledHere.remove("m-2");
        meters.prune();

        assertThat(registry.find("mailcellar.mailbox.consecutive.failures").tag("mailbox", "m-2").gauge()).isNull();
        assertThat(registry.find("mailcellar.mailbox.unread.messages").tag("mailbox", "m-2").gauge()).isNull();
        assertThat(gauge("mailcellar.mailbox.consecutive.failures", "m-1")).isZero();

        meters.record("m-2", null, 3, 0);
        assertThat(gauge("mailcellar.mailbox.consecutive.failures", "m-2")).as("back when polled here again")
                .isEqualTo(3d);
    }

    private double gauge(String name, String mailbox) {
        return registry.get(name).tag("mailbox", mailbox).gauge().value();
    }
}
