package io.mailcellar.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A mailbox's snapshots read as a script with no mailcellar would read them
 * (docs/archive-format.md): a plain S3 listing and plain JSON.
 */
public final class BucketSnapshots {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern DOCUMENTED_OBJECT = Pattern.compile(
            "mailbox\\.json|messages/([0-9a-f]{2})/\\1[0-9a-f]{62}\\.eml|trees/([0-9a-f]{2})/\\2[0-9a-f]{62}\\.json"
                    + "|snapshots/[0-9]{13}-[0-9]{8}T[0-9]{9}Z\\.json");

    private final S3Objects s3;
    private final String mailboxId;

    public BucketSnapshots(S3Objects s3, String mailboxId) {
        this.s3 = s3;
        this.mailboxId = mailboxId;
    }

    /**
     * Whether a key under the mailbox is one of the objects docs/archive-format.md names: the
     * manifest, a message body, a tree page or a snapshot. Anything else (a stray part, a
     * temporary object) is a leak.
     */
    public static boolean isDocumentedObject(String mailboxId, String key) {
        String prefix = "mailboxes/" + mailboxId + "/";
        if (!key.startsWith(prefix)) {
            return false;
        }
        return DOCUMENTED_OBJECT.matcher(key.substring(prefix.length())).matches();
    }

    /** The snapshot keys, newest first (the plain listing order). */
    public List<String> keys() {
        return s3.keys("mailboxes/" + mailboxId + "/snapshots/");
    }

    public JsonNode latest() {
        List<String> keys = keys();
        if (keys.isEmpty()) {
            throw new AssertionError("mailbox " + mailboxId + " has no snapshot in the bucket");
        }
        return json(keys.get(0));
    }

    /** Folder name to its messages (each a tree-page entry), from the snapshot's pages. */
    public Map<String, List<JsonNode>> folders(JsonNode snapshot) {
        Map<String, List<JsonNode>> folders = new TreeMap<>();
        for (JsonNode folder : snapshot.get("folders")) {
            List<JsonNode> messages = new ArrayList<>();
            for (JsonNode page : folder.get("pages")) {
                json("mailboxes/" + mailboxId + "/" + page.get("key").asText()).get("messages").forEach(messages::add);
            }
            folders.put(folder.get("name").asText(), messages);
        }
        return folders;
    }

    private JsonNode json(String key) {
        try {
            return JSON.readTree(s3.read(key));
        } catch (IOException e) {
            throw new UncheckedIOException(key, e);
        }
    }
}
