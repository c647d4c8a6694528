package io.mailcellar.archive;

import io.mailcellar.event.CloudEventCodec;
import io.micrometer.core.instrument.MeterRegistry;

import java.time.Clock;
import java.time.Duration;
import java.util.function.Consumer;

/** An archiver's sink as the container wires it, for unit tests: writer, progress, snapshots, on one store. */
final class TestSinks {

    private TestSinks() {
    }

    /** Problems reported to no one. */
    static ArchiveProblems problems(MeterRegistry meters) {
        return new ArchiveProblems((mailboxId, problem) -> { }, Clock.systemUTC(), meters);
    }

    static ArchiveSink sink(CloudEventCodec codec, ObjectStore store, ArchiveLayout layout,
                            ArchiveSettings settings, MeterRegistry meters) {
        return sink(codec, store, layout, settings, meters, new EventCatchUp(null));
    }

    static ArchiveSink sink(CloudEventCodec codec, ObjectStore store, ArchiveLayout layout,
                            ArchiveSettings settings, MeterRegistry meters, EventCatchUp catchUp) {
        return sink(codec, store, layout, settings, meters, catchUp, state -> { });
    }

    /**
     * With Kafka to read events again from (a mailbox that has a {@code mailbox.json} or a snapshot needs it),
     * reporting each mailbox's archive state to {@code states}.
     */
    static ArchiveSink sink(CloudEventCodec codec, ObjectStore store, ArchiveLayout layout,
                            ArchiveSettings settings, MeterRegistry meters, EventCatchUp catchUp,
                            Consumer<ArchiveState> states) {
        ArchiveProblems problems = problems(meters);
        SnapshotBook book = new SnapshotBook(store, layout, meters, problems);
        return new ArchiveSink(codec, new MessageWriter(store, layout, settings, meters, problems), settings,
                new ArchiveProgress(meters, Clock.systemUTC(), settings, Duration.ofDays(30)),
                new SnapshotKeeper(book, catchUp, codec, settings, meters, states), book, (mailboxId, reason) -> { });
    }
}
