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
        SnapshotBook book = new SnapshotBook(store, layout, meters);
        return new ArchiveSink(codec, new MessageWriter(store, layout, settings, meters), settings,
                new ArchiveProgress(meters, Clock.systemUTC(), settings),
                new SnapshotKeeper(book, new EventCatchUp(null), codec, settings, meters), book);
    }
}
