package io.mailcellar.archive;

import io.mailcellar.event.CloudEventCodec;
import io.micrometer.core.instrument.MeterRegistry;

import java.time.Clock;

/** An archiver's sink as the container wires it, for unit tests: writer, progress, snapshots, on one store. */
final class TestSinks {

    private TestSinks() {
    }

    static ArchiveSink sink(CloudEventCodec codec, ObjectStore store, ArchiveLayout layout,
                            ArchiveSettings settings, MeterRegistry meters) {
        return sink(codec, store, layout, settings, meters, new EventCatchUp(null));
    }

    static ArchiveSink sink(CloudEventCodec codec, ObjectStore store, ArchiveLayout layout,
                            ArchiveSettings settings, MeterRegistry meters, EventCatchUp catchUp) {
        return sink(codec, store, layout, settings, meters, catchUp, state -> { });
    }

    /** With Kafka to read events again from (a mailbox that has a {@code mailbox.json} or a snapshot needs it). */
    /** Reporting each mailbox's archive state to {@code states}. */
    static ArchiveSink sink(CloudEventCodec codec, ObjectStore store, ArchiveLayout layout,
                            ArchiveSettings settings, MeterRegistry meters, EventCatchUp catchUp,
                            java.util.function.Consumer<ArchiveState> states) {
        SnapshotBook book = new SnapshotBook(store, layout, meters);
        return new ArchiveSink(codec, new MessageWriter(store, layout, settings, meters), settings,
                new ArchiveProgress(meters, Clock.systemUTC(), settings),
                new SnapshotKeeper(book, catchUp, codec, settings, meters, states), book);
    }
}
