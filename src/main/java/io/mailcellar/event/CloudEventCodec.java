package io.mailcellar.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Maps {@link MailEvent}s to CloudEvents 1.0 in Kafka binary content mode and
 * back. The wire format is a published contract (docs/events.md): attribute
 * names and data shapes change only with a new event type.
 */
@ApplicationScoped
public class CloudEventCodec {

    public static final String SPEC_VERSION = "1.0";
    public static final String CONTENT_TYPE_HEADER = "content-type";
    public static final String RFC822 = "message/rfc822";
    public static final String CLAIM_CHECK = "application/vnd.mailcellar.claim-check+json";
    public static final String JSON = "application/json";

    private static final String CE = "ce_";
    private final ObjectMapper json = new ObjectMapper();

    public CloudEventRecord encode(MailEvent event) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(CE + "specversion", SPEC_VERSION);
        headers.put(CE + "id", event.id());
        headers.put(CE + "source", "/mailboxes/" + event.mailboxId());
        headers.put(CE + "type", event.type().ceType());
        headers.put(CE + "time", Instant.now().toString());
        headers.put(CE + "mailbox", event.mailboxId());
        byte[] data;
        if (event instanceof MessageAdded added) {
            data = encodeAdded(added, headers);
        } else if (event instanceof SyncCompleted completed) {
            data = encodeCompleted(completed, headers);
        } else {
            throw new IllegalArgumentException("no encoding for " + event.type());
        }
        return new CloudEventRecord(event.mailboxId(), headers, data);
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
            case SYNC_COMPLETED -> decodeCompleted(record);
        };
    }

    private byte[] encodeAdded(MessageAdded added, Map<String, String> headers) {
        headers.put(CE + "subject", added.folder());
        headers.put(CE + "folder", added.folder());
        headers.put(CE + "uidvalidity", Long.toString(added.uidValidity()));
        headers.put(CE + "uid", Long.toString(added.uid()));
        headers.put(CE + "sha256", added.sha256());
        headers.put(CE + "size", Long.toString(added.size()));
        headers.put(CE + "flags", String.join(" ", added.flags()));
        if (added.internalDate() != null) {
            headers.put(CE + "internaldate", added.internalDate().toString());
        }
        if (added.content() instanceof MessageContent.ClaimCheck check) {
            headers.put(CONTENT_TYPE_HEADER, CLAIM_CHECK);
            ObjectNode node = json.createObjectNode()
                    .put("stagedKey", check.stagedKey())
                    .put("size", check.size())
                    .put("sha256", check.sha256());
            return toBytes(node);
        }
        headers.put(CONTENT_TYPE_HEADER, RFC822);
        return ((MessageContent.Inline) added.content()).bytes();
    }

    private MessageAdded decodeAdded(CloudEventRecord record) {
        String contentType = record.header(CONTENT_TYPE_HEADER);
        MessageContent content;
        if (RFC822.equals(contentType)) {
            content = new MessageContent.Inline(record.data());
        } else if (CLAIM_CHECK.equals(contentType)) {
            JsonNode node = parse(record.data());
            content = new MessageContent.ClaimCheck(
                    text(node, "stagedKey"), node.path("size").asLong(-1), text(node, "sha256"));
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
                content);
    }

    private byte[] encodeCompleted(SyncCompleted completed, Map<String, String> headers) {
        headers.put(CONTENT_TYPE_HEADER, JSON);
        ObjectNode node = json.createObjectNode()
                .put("started", completed.started().toString())
                .put("ended", completed.ended().toString())
                .put("outcome", completed.outcome())
                .put("error", completed.error())
                .put("messagesAdded", completed.messagesAdded());
        return toBytes(node);
    }

    private SyncCompleted decodeCompleted(CloudEventRecord record) {
        JsonNode node = parse(record.data());
        JsonNode error = node.path("error");
        return new SyncCompleted(
                required(record, "mailbox"),
                instant(text(node, "started")),
                instant(text(node, "ended")),
                text(node, "outcome"),
                error.isTextual() ? error.asText() : null,
                node.path("messagesAdded").asInt());
    }

    private byte[] toBytes(JsonNode node) {
        try {
            return json.writeValueAsBytes(node);
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

    private static Instant instant(String value) {
        if (value == null) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new MalformedEventException("not an RFC 3339 time: " + value, e);
        }
    }
}
