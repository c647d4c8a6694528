package io.mailcellar.archive.snapshot;

import java.util.List;

/**
 * {@code mailboxes/{id}/trees/{sha[0:2]}/{sha256}.json}: up to
 * {@link FolderTree#PAGE_SPAN} consecutive UIDs of one folder, stored under
 * the SHA-256 of its JSON, so that an unchanged page is the same object.
 * Versioned by {@code format}.
 */
public record TreePage(int format, List<TreeMessage> messages) {

    public static final int FORMAT = 1;

    public TreePage {
        messages = List.copyOf(messages);
    }
}
