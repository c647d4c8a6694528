package io.mailcellar.archive;

import io.mailcellar.kafka.KafkaClients;
import io.mailcellar.kafka.KafkaSettings;
import io.mailcellar.kafka.Topics;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The archive's history as Kafka keeps it: the archivers' group has
 * committed an offset past the start of {@code mail-events} once it has
 * handled an event, and it commits only after the bucket took the event's
 * writes. Offsets outlive the events themselves (the group's committed
 * offsets are kept while the group lives, and a week after).
 */
@ApplicationScoped
public class ArchiverOffsets implements ArchiveHistory {

    private final KafkaClients clients;
    private final Topics topics;
    private final KafkaSettings settings;

    ArchiverOffsets(KafkaClients clients, Topics topics, KafkaSettings settings) {
        this.clients = clients;
        this.topics = topics;
        this.settings = settings;
    }

    /**
     * The offset the archivers' group has committed in a partition of {@code mail-events}: every event before it
     * is stored, and a {@code sync.completed} before it has its snapshot. -1 when the group committed none there.
     *
     * @throws ArchiveUnavailableException Kafka did not answer
     */
    public long committed(int partition) {
        String group = topics.prefix() + "archivers";
        TopicPartition wanted = new TopicPartition(topics.mailEvents(), partition);
        try (Admin admin = clients.admin()) {
            OffsetAndMetadata offset = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()
                    .get(settings.apiTimeout().toMillis(), TimeUnit.MILLISECONDS).get(wanted);
            return offset == null ? -1 : offset.offset();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ArchiveUnavailableException("interrupted while asking Kafka how far the archivers are", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new ArchiveUnavailableException("Kafka did not answer for the offsets of group " + group + " ("
                    + e.getMessage() + ")", e);
        }
    }

    @Override
    public boolean archivedBefore() {
        String group = topics.prefix() + "archivers";
        try (Admin admin = clients.admin()) {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(settings.apiTimeout().toMillis(), TimeUnit.MILLISECONDS);
            return offsets.entrySet().stream().anyMatch(entry -> entry.getKey().topic().equals(topics.mailEvents())
                    && entry.getValue() != null && entry.getValue().offset() > 0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ArchiveUnavailableException("interrupted while asking Kafka whether the archive was written before", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new ArchiveUnavailableException("cannot tell whether the bucket was written before: Kafka did not "
                    + "answer for the offsets of group " + group + " (" + e.getMessage() + ")", e);
        }
    }
}
