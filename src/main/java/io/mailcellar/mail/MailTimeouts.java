package io.mailcellar.mail;

import java.time.Duration;

/** How long a connection to a mail server may take to open, and how long the server may stay silent. */
public record MailTimeouts(Duration connect, Duration read) {
}
