package io.mailcellar.sync;

import io.mailcellar.event.MailEvent;
import org.apache.kafka.clients.producer.RecordMetadata;

import java.util.List;
import java.util.concurrent.Future;

/** Where a run's events go ({@link EventPublisher}): sent in order, acknowledged later. */
interface EventSink {

    /** Hands the events over, in order, without waiting; returns their acknowledgements. */
    List<Future<RecordMetadata>> send(List<? extends MailEvent> events);

    /** Waits until every one of them is acknowledged; fails on the first refused or not answered in time. */
    void awaitAcks(List<Future<RecordMetadata>> acks);
}
