package io.mailcellar.kafka;

import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.FencedInstanceIdException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Writes to a compacted topic as Kafka transactions: all records of one
 * write become visible together or not at all, and a {@link GroupFence}d
 * write is aborted when its writer lost its partition meanwhile. One
 * transaction at a time per producer, so writes are serialised.
 */
final class TransactionalWrites implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(TransactionalWrites.class);

    private final Supplier<KafkaProducer<String, byte[]>> producers;
    private final String topic;
    private KafkaProducer<String, byte[]> producer;

    TransactionalWrites(Supplier<KafkaProducer<String, byte[]>> producers, String topic) {
        this.producers = producers;
        this.topic = topic;
    }

    /**
     * The transaction settings for a producer with this id. A process that died mid-transaction holds back
     * what others wrote after it (to read_committed readers) until the coordinator aborts it after the
     * timeout, or at once when a producer with the same id starts again.
     */
    static Map<String, Object> settings(String transactionalId, Duration apiTimeout) {
        long timeout = Math.max(apiTimeout.toMillis() * 3, Duration.ofSeconds(30).toMillis());
        return Map.of(
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId,
                ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, (int) timeout,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, apiTimeout.toMillis());
    }

    /**
     * Sends the records in one transaction and commits it; with a fence, the
     * fence's offset is committed in it last, so that the group coordinator
     * checks the writer's generation as late as it can.
     *
     * @throws FencedWriteException     the fence no longer holds: nothing was written
     * @throws KafkaUnavailableException Kafka refused or did not answer: nothing was written
     */
    synchronized void commit(List<ProducerRecord<String, byte[]>> records, GroupFence fence) {
        KafkaProducer<String, byte[]> current = open();
        try {
            current.beginTransaction();
            records.forEach(current::send);
            if (fence != null) {
                current.sendOffsetsToTransaction(fence.offsets(), fence.member());
            }
            current.commitTransaction();
        } catch (ProducerFencedException | InvalidProducerEpochException e) {
            // Another live producer uses our transactional id: this one can never write again.
            discard();
            throw new KafkaUnavailableException("another process writes " + topic + " under this process's "
                    + "transactional id (two pollers with one mailcellar.kafka.group-instance-id?): " + e.getMessage(), e);
        } catch (CommitFailedException | FencedInstanceIdException e) {
            abort();
            throw new FencedWriteException("the write to " + topic + " was refused: this process no longer holds "
                    + fence.describe() + "; nothing of it was written", e);
        } catch (KafkaException e) {
            abort();
            throw new KafkaUnavailableException("Kafka did not take the write to " + topic + ": " + e.getMessage(), e);
        }
    }

    private KafkaProducer<String, byte[]> open() {
        if (producer == null) {
            KafkaProducer<String, byte[]> created = producers.get();
            try {
                created.initTransactions();
            } catch (KafkaException e) {
                created.close(Duration.ZERO);
                throw new KafkaUnavailableException("cannot start writing " + topic + " in transactions: "
                        + e.getMessage(), e);
            }
            producer = created;
        }
        return producer;
    }

    /** Aborts the open transaction; a producer that cannot is replaced at the next write. */
    private void abort() {
        try {
            producer.abortTransaction();
        } catch (KafkaException e) {
            LOG.warnf("could not abort a transaction on %s (%s); the producer is replaced", topic, e.toString());
            discard();
        }
    }

    private void discard() {
        KafkaProducer<String, byte[]> current = producer;
        producer = null;
        if (current != null) {
            current.close(Duration.ZERO);
        }
    }

    @Override
    public synchronized void close() {
        discard();
    }
}
