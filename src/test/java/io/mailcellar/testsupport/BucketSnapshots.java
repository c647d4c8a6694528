package io.mailcellar.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A mailbox's snapshots read as a script with no mailcellar would read them
 * (docs/archive-format.md): a plain S3 listing and plain JSON.
 */
public final class BucketSnapshots {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final S3Objects s3;
    private final String mailboxId;

    public BucketSnapshots(S3Objects s3, String mailboxId) {
        this.s3 = s3;
        this.mailboxId = mailboxId;
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
