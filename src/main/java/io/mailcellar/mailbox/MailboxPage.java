package io.mailcellar.mailbox;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

/** One page of the mailbox list. */
@Schema(name = "MailboxPage")
public record MailboxPage(List<MailboxView> items, int offset, int limit, int total) {
}
