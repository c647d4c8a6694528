package io.mailcellar.restore;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

/** One page of a snapshot's folder, in order of UID (POP3: of arrival). */
@Schema(name = "MessagePage")
public record MessagePage(String snapshot, String folder, List<MessageSummary> items, long offset, int limit,
                          long total) {
}
