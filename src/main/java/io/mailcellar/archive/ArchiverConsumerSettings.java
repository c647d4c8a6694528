package io.mailcellar.archive;

import io.mailcellar.kafka.KafkaSettings;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import java.util.Map;

/**
 * The Kafka consumer settings of the archiver's {@code mail-events} channel
 * that bound its memory in bytes ({@link ArchiverIntake}); the channel names
 * them with {@code kafka-configuration=mail-events-consumer}.
 */
@ApplicationScoped
public class ArchiverConsumerSettings {

    @Produces
    @Identifier("mail-events-consumer")
    Map<String, Object> mailEventsConsumer(ArchiveSettings archive, KafkaSettings kafka) {
        return ArchiverIntake.of(archive.bufferMemory().asLongValue(), kafka.inlineLimit().asLongValue())
                .consumerSettings();
    }
}
