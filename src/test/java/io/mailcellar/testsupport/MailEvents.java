package io.mailcellar.testsupport;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.util.List;

/** The change events of one mailbox as short lines, read straight from the topic's headers. */
public final class MailEvents {

    private final String bootstrap;
    private final String topic;
    private final String mailboxId;

    public MailEvents(String bootstrap, String topic, String mailboxId) {
        this.bootstrap = bootstrap;
        this.topic = topic;
        this.mailboxId = mailboxId;
    }

    public List<ConsumerRecord<String, byte[]>> records() {
        return TopicRecords.readAll(bootstrap, topic).stream().filter(r -> mailboxId.equals(r.key())).toList();
    }

    /**
     * Every event as {@code type folder [uid=|uidl=] [flags]} (the message's id is left out of
     * {@code message.added}), in publishing order; sync.completed left out.
     */
    public List<String> summaries() {
        return records().stream()
                .filter(r -> !"io.mailcellar.sync.completed".equals(TopicRecords.header(r, "ce_type")))
                .map(MailEvents::summary)
                .toList();
    }

    public int completedRuns() {
        return (int) records().stream()
                .filter(r -> "io.mailcellar.sync.completed".equals(TopicRecords.header(r, "ce_type")))
                .count();
    }

    /** The data of the newest sync.completed event, as JSON text. */
    public String lastCompletedJson() {
        return records().stream()
                .filter(r -> "io.mailcellar.sync.completed".equals(TopicRecords.header(r, "ce_type")))
                .reduce((a, b) -> b)
                .map(r -> new String(r.value(), java.nio.charset.StandardCharsets.UTF_8))
                .orElseThrow(() -> new AssertionError("no sync.completed event for mailbox " + mailboxId));
    }

    static String summary(ConsumerRecord<String, byte[]> record) {
        String type = TopicRecords.header(record, "ce_type").replace("io.mailcellar.", "");
        String folder = TopicRecords.header(record, "ce_folder");
        StringBuilder line = new StringBuilder(type).append(' ').append(folder);
        String uidl = TopicRecords.header(record, "ce_uidl");
        if (type.startsWith("message.") && !type.equals("message.added")) {
            line.append(uidl != null ? " uidl=" + uidl : " uid=" + TopicRecords.header(record, "ce_uid"));
        }
        if (type.equals("message.flags-changed")) {
            line.append(" flags=[").append(TopicRecords.header(record, "ce_flags")).append(']');
        }
        return line.toString();
    }
}
