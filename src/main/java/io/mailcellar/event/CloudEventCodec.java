package io.mailcellar.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mailcellar.kafka.StoredJson;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Maps {@link MailEvent}s to CloudEvents 1.0 in Kafka binary content mode and
 * back. The wire format is a published contract (docs/events.md): attribute
 * names and data shapes change only with a new event type. Every kind but
 * {@code message.added} carries its record's fields as JSON data.
 */
@ApplicationScoped
public class CloudEventCodec {

    public static final String SPEC_VERSION = "1.0";
    public static final String CONTENT_TYPE_HEADER = "content-type";
    public static final String RFC822 = "message/rfc822";
    public static final String CLAIM_CHECK = "application/vnd.mailcellar.claim-check+json";
    public static final String JSON = "application/json";

    private static final String CE = "ce_";
    private final ObjectMapper json = StoredJson.mapper();
    private final Clock clock;

    /** {@code clock} gives each record's {@code time}, when it was encoded. */
    public CloudEventCodec(Clock clock) {
        this.clock = clock;
    }

    public CloudEventRecord encode(MailEvent event) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(CE + "specversion", SPEC_VERSION);
        headers.put(CE + "id", event.id());
        headers.put(CE + "source", "/mailboxes/" + event.mailboxId());
        headers.put(CE + "type", event.type().ceType());
        headers.put(CE + "time", clock.instant().toString());
        headers.put(CE + "mailbox", event.mailboxId());
        if (event instanceof FolderEvent folderEvent) {
            headers.put(CE + "subject", folderEvent.folder());
            headers.put(CE + "folder", folderEvent.folder());
        }
        if (event instanceof MessageAdded added) {
            return new CloudEventRecord(event.mailboxId(), headers, encodeAdded(added, headers));
        }
        messageAttributes(event, headers);
        headers.put(CONTENT_TYPE_HEADER, JSON);
        return new CloudEventRecord(event.mailboxId(), headers, toBytes(event));
    }

    public MailEvent decode(CloudEventRecord record) {
        String specVersion = record.header(CE + "specversion");
        if (!SPEC_VERSION.equals(specVersion)) {
            throw new MalformedEventException("not a CloudEvent 1.0 (ce_specversion=" + specVersion + ")");
        }
        String ceType = required(record, "type");
        EventType type = EventType.fromCeType(ceType)
                .orElseThrow(() -> new MalformedEventException("unknown event type " + ceType));
        return switch (type) {
            case MESSAGE_ADDED -> decodeAdded(record);
            case MESSAGE_FLAGS_CHANGED -> fromJson(record, MessageFlagsChanged.class);
            case MESSAGE_EXPUNGED -> fromJson(record, MessageExpunged.class);
            case FOLDER_CREATED -> fromJson(record, FolderCreated.class);
            case FOLDER_DELETED -> fromJson(record, FolderDeleted.class);
            case FOLDER_RENAMED -> fromJson(record, FolderRenamed.class);
            case FOLDER_UIDVALIDITY_CHANGED -> fromJson(record, UidValidityChanged.class);
            case SYNC_COMPLETED -> fromJson(record, SyncCompleted.class);
        };
    }

    /** The message attributes of the JSON-carried message events, for consumers that filter on headers. */
    private static void messageAttributes(MailEvent event, Map<String, String> headers) {
        if (event instanceof MessageFlagsChanged changed) {
            headers.put(CE + "uidvalidity", Long.toString(changed.uidValidity()));
            headers.put(CE + "uid", Long.toString(changed.uid()));
            headers.put(CE + "sha256", changed.sha256());
            headers.put(CE + "flags", String.join(" ", changed.newFlags()));
        } else if (event instanceof MessageExpunged expunged) {
            headers.put(CE + "uidvalidity", Long.toString(expunged.uidValidity()));
            headers.put(CE + "uid", Long.toString(expunged.uid()));
            headers.put(CE + "sha256", expunged.sha256());
            if (expunged.uidl() != null) {
                headers.put(CE + "uidl", expunged.uidl());
            }
        } else if (event instanceof FolderCreated created) {
            headers.put(CE + "uidvalidity", Long.toString(created.uidValidity()));
        } else if (event instanceof UidValidityChanged changed) {
            headers.put(CE + "uidvalidity", Long.toString(changed.newUidValidity()));
        }
    }

    private byte[] encodeAdded(MessageAdded added, Map<String, String> headers) {
        headers.put(CE + "uidvalidity", Long.toString(added.uidValidity()));
        headers.put(CE + "uid", Long.toString(added.uid()));
        headers.put(CE + "sha256", added.sha256());
        headers.put(CE + "size", Long.toString(added.size()));
        headers.put(CE + "flags", String.join(" ", added.flags()));
        if (added.internalDate() != null) {
            headers.put(CE + "internaldate", added.internalDate().toString());
        }
        if (added.uidl() != null) {
            headers.put(CE + "uidl", added.uidl());
        }
        if (added.content() instanceof MessageContent.Archived archived) {
            return claimCheck(headers, "archivedKey", archived.key(), archived.size(), archived.sha256());
        }
        headers.put(CONTENT_TYPE_HEADER, RFC822);
        return ((MessageContent.Inline) added.content()).bytes();
    }

    /** A claim check's JSON: where the bytes are ({@code keyField}), their size and SHA-256. */
    private byte[] claimCheck(Map<String, String> headers, String keyField, String key, long size, String sha256) {
        headers.put(CONTENT_TYPE_HEADER, CLAIM_CHECK);
        return toBytes(json.createObjectNode().put(keyField, key).put("size", size).put("sha256", sha256));
    }

    private MessageAdded decodeAdded(CloudEventRecord record) {
        String contentType = record.header(CONTENT_TYPE_HEADER);
        MessageContent content;
        if (RFC822.equals(contentType)) {
            content = new MessageContent.Inline(record.data());
        } else if (CLAIM_CHECK.equals(contentType)) {
            JsonNode node = parse(record.data());
            content = new MessageContent.Archived(
                    text(node, "archivedKey"), node.path("size").asLong(-1), text(node, "sha256"));
        } else {
            throw new MalformedEventException("message.added with unexpected content-type " + contentType);
        }
        String flags = record.headers().getOrDefault(CE + "flags", "");
        return new MessageAdded(
                required(record, "mailbox"),
                required(record, "folder"),
                number(record, "uidvalidity"),
                number(record, "uid"),
                required(record, "sha256"),
                number(record, "size"),
                flags.isBlank() ? List.of() : Arrays.asList(flags.split(" ")),
                instant(record.header(CE + "internaldate")),
                content,
                record.header(CE + "uidl"));
    }

    private <T extends MailEvent> T fromJson(CloudEventRecord record, Class<T> type) {
        if (!JSON.equals(record.header(CONTENT_TYPE_HEADER))) {
            throw new MalformedEventException(record.header(CE + "type") + " with unexpected content-type "
                    + record.header(CONTENT_TYPE_HEADER));
        }
        try {
            return json.readValue(record.data(), type);
        } catch (IOException e) {
            throw new MalformedEventException("unreadable " + record.header(CE + "type") + " data: " + e.getMessage(), e);
        }
    }

    private byte[] toBytes(Object value) {
        try {
            return json.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write event JSON", e);
        }
    }

    private JsonNode parse(byte[] data) {
        try {
            return json.readTree(data);
        } catch (IOException e) {
            throw new MalformedEventException("event data is not JSON", e);
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw new MalformedEventException("event data lacks the text field " + field);
        }
        return value.asText();
    }

    private static String required(CloudEventRecord record, String attribute) {
        String value = record.header(CE + attribute);
        if (value == null || value.isEmpty()) {
            throw new MalformedEventException("event lacks the attribute " + CE + attribute);
        }
        return value;
    }

    private static long number(CloudEventRecord record, String attribute) {
        String value = required(record, attribute);
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new MalformedEventException("attribute " + CE + attribute + " is not a number: " + value, e);
        }
    }

    /**
     * When the record was encoded ({@code time}); null when it does not say.
     *
     * @throws MalformedEventException the time is not an RFC 3339 time
     */
    public Instant time(CloudEventRecord record) {
        return instant(record.header(CE + "time"));
    }

    private static Instant instant(String value) {
        if (value == null) {
            return null;
        }
        try {
            return Rfc3339.parse(value);
        } catch (DateTimeException e) {
            throw new MalformedEventException("not an RFC 3339 time: " + value, e);
        }
    }
}
