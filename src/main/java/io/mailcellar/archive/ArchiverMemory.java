package io.mailcellar.archive;

import io.mailcellar.kafka.KafkaSettings;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import java.util.Map;

/**
 * The archiver's memory for events, shared out once from the settings
 * ({@link ArchiverIntake}): the Kafka consumer settings of the
 * {@code mail-events} channel, which names them with
 * {@code kafka-configuration=mail-events-consumer}, and the bytes the
 * {@link MessageArchiver} may have in flight.
 */
@ApplicationScoped
public class ArchiverMemory {

    private final ArchiverIntake intake;

    ArchiverMemory(ArchiveSettings archive, KafkaSettings kafka) {
        this.intake = ArchiverIntake.of(archive.bufferMemory().asLongValue(), kafka.inlineLimit().asLongValue());
    }

    /** The bytes of the batches being written. */
    long inFlightBytes() {
        return intake.inFlightBytes();
    }

    @Produces
    @Identifier("mail-events-consumer")
    Map<String, Object> mailEventsConsumer() {
        return intake.consumerSettings();
    }
}
