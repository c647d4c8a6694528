package io.mailcellar.archive;

import io.mailcellar.event.CloudEventCodec;
import io.mailcellar.event.CloudEventRecord;
import io.mailcellar.event.MailEvent;
import io.mailcellar.event.MalformedEventException;
import io.mailcellar.event.MessageAdded;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * The archiver: a sink task over {@code mail-events}. Records are handled on
 * the {@code archive-writers} worker pool, several at once
 * ({@code mailcellar.archive.concurrency}): writes are content-addressed and
 * idempotent, so their order does not matter. The method returning
 * acknowledges a record, and an offset is committed only once it and every
 * record before it are acknowledged (throttled strategy), so a crash before an
 * S3 write finished replays the event. An event that can never be
 * archived (unreadable, or content that does not match its SHA-256) throws and
 * goes to the dead-letter topic.
 */
@ApplicationScoped
public class MessageArchiver {

    private static final Logger LOG = Logger.getLogger(MessageArchiver.class);

    private final CloudEventCodec codec;
    private final MessageWriter writer;

    MessageArchiver(CloudEventCodec codec, MessageWriter writer) {
        this.codec = codec;
        this.writer = writer;
    }

    @Incoming("mail-events")
    @Blocking(value = "archive-writers", ordered = false)
    public void archive(ConsumerRecord<String, byte[]> record) {
        MailEvent event;
        try {
            event = codec.decode(new CloudEventRecord(record.key(), headers(record), record.value()));
        } catch (MalformedEventException e) {
            LOG.errorf("mailbox %s: unreadable event at %s-%d@%d sent to the dead-letter topic: %s", record.key(),
                    record.topic(), record.partition(), record.offset(), e.getMessage());
            throw e;
        }
        if (event instanceof MessageAdded added) {
            try {
                writer.write(added);
            } catch (CorruptEventException e) {
                LOG.errorf("mailbox %s folder %s uid %d: event at %s-%d@%d sent to the dead-letter topic: %s",
                        added.mailboxId(), added.folder(), added.uid(), record.topic(), record.partition(),
                        record.offset(), e.getMessage());
                throw e;
            }
        }
    }

    private static Map<String, String> headers(ConsumerRecord<String, byte[]> record) {
        Map<String, String> headers = new HashMap<>();
        for (Header header : record.headers()) {
            if (header.value() != null) {
                headers.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
            }
        }
        return headers;
    }
}
