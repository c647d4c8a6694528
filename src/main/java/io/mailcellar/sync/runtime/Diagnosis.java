package io.mailcellar.sync.runtime;

import io.mailcellar.app.DurationWords;
import io.mailcellar.app.LogText;
import io.mailcellar.archive.ArchiveUnavailableException;
import io.mailcellar.kafka.KafkaUnavailableException;
import io.mailcellar.mailbox.MailboxState;
import io.mailcellar.mailbox.RevokedCredentialsException;
import io.mailcellar.mailbox.SecretSealer;
import io.mailcellar.outbound.OutboundRefusedException;
import jakarta.mail.AuthenticationFailedException;

import javax.net.ssl.SSLHandshakeException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Why a poll failed, as a state a program can act on and a reason a person
 * understands, from the exception and its causes. Pure.
 *
 * @param detail the exception chain in one line, for the run's error field and the log
 * @param pause  how long the server or a limit says to wait before the next run; null for the back-off
 */
public record Diagnosis(MailboxState state, String reason, String detail, Duration pause) {

    /** Exchange Online: "Request is throttled. Suggested Backoff Time: 299961 milliseconds". */
    private static final Pattern SUGGESTED_BACKOFF = Pattern.compile(
            "suggested\\s+backoff\\s+time:?\\s*(\\d{1,10})\\s*(ms|milliseconds?)", Pattern.CASE_INSENSITIVE);

    Diagnosis(MailboxState state, String reason, String detail) {
        this(state, reason, detail, null);
    }

    public static Diagnosis of(Throwable failure, String host) {
        String detail = describe(failure);
        String server = "the server " + LogText.of(host);
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            // Looked for first: Angus wraps it in a ConnectException, which would read as the server refusing.
            if (t instanceof OutboundRefusedException) {
                return new Diagnosis(MailboxState.BACKING_OFF, LogText.of(t.getMessage()), detail);
            }
        }
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String message = t.getMessage() == null ? "" : t.getMessage();
            if (t instanceof RevokedCredentialsException) {
                return new Diagnosis(MailboxState.AUTH_FAILED, LogText.of(message), detail);
            }
            Matcher suggested = SUGGESTED_BACKOFF.matcher(message);
            if (suggested.find()) {
                Duration wait = Duration.ofMillis(Long.parseLong(suggested.group(1)));
                return new Diagnosis(MailboxState.THROTTLED, server + " is throttling this account and asks us "
                        + "to wait " + DurationWords.of(wait), detail, wait);
            }
            if (t instanceof SecretSealer.SealingException) {
                // Nothing was sent: the stored secret did not open for this server and account.
                return new Diagnosis(MailboxState.AUTH_FAILED, "the stored credentials cannot be used ("
                        + LogText.of(message) + "); nothing was sent to " + LogText.of(host)
                        + ". Configure the missing key, or give the credentials again with PATCH", detail);
            }
            if (t instanceof AuthenticationFailedException) {
                if (message.contains("[IN-USE]")) {
                    return new Diagnosis(MailboxState.THROTTLED,
                            "the maildrop is in use by another POP3 session", detail);
                }
                if (throttling(message)) {
                    return new Diagnosis(MailboxState.THROTTLED, server + " asks us to come back later: "
                            + LogText.of(message), detail);
                }
                return new Diagnosis(MailboxState.AUTH_FAILED, server + " refused the password"
                        + (message.isBlank() ? "" : " (" + LogText.of(message) + ")"), detail);
            }
            if (t instanceof ArchiveUnavailableException) {
                return new Diagnosis(MailboxState.ARCHIVE_FAILING, "the archive store cannot be written: "
                        + LogText.of(message), detail);
            }
            if (t instanceof KafkaUnavailableException) {
                return new Diagnosis(MailboxState.BACKING_OFF, "Kafka cannot be reached: " + LogText.of(message),
                        detail);
            }
            if (t instanceof UnknownHostException) {
                return new Diagnosis(MailboxState.BACKING_OFF, "DNS: no such host " + LogText.of(host), detail);
            }
            if (t instanceof ConnectException || t instanceof NoRouteToHostException) {
                return new Diagnosis(MailboxState.BACKING_OFF, "connection refused by " + LogText.of(host), detail);
            }
            if (t instanceof SocketTimeoutException) {
                return new Diagnosis(MailboxState.BACKING_OFF, server + " timed out", detail);
            }
            if (t instanceof CertPathValidatorException
                    || t instanceof SSLHandshakeException && message.contains("PKIX")) {
                return new Diagnosis(MailboxState.BACKING_OFF, "the certificate of " + LogText.of(host)
                        + " is not trusted", detail);
            }
            if (t instanceof CertificateException && message.toLowerCase(Locale.ROOT).contains("no name matching")
                    || message.contains("No subject alternative")) {
                return new Diagnosis(MailboxState.BACKING_OFF, "the certificate of " + LogText.of(host)
                        + " is for another name", detail);
            }
            if (throttling(message)) {
                return new Diagnosis(MailboxState.THROTTLED, server + " asks us to come back later: "
                        + LogText.of(message), detail);
            }
        }
        return new Diagnosis(MailboxState.BACKING_OFF, "the poll failed: " + detail, detail);
    }

    /** Whether the failure is a sign-in the provider refuses for good: no retry can mend it, only a person. */
    static boolean needsAPerson(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof RevokedCredentialsException) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether the server ended the session because the access token it signed in with expired (Exchange
     * Online says {@code * BYE Session invalidated - AccessTokenExpired}): a new token mends it at once.
     */
    static boolean accessTokenExpired(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t.getMessage() != null && t.getMessage().toLowerCase(Locale.ROOT).contains("accesstokenexpired")) {
                return true;
            }
        }
        return false;
    }

    /** The run went over its time and its connection was closed; {@code failure} is what that closing caused. */
    static Diagnosis cutShort(java.time.Duration limit, Diagnosis failure) {
        return new Diagnosis(MailboxState.BACKING_OFF, "the run took longer than " + limit
                + " (mailcellar.sync.max-run-duration) and was cut short; the next run goes on from where it stopped",
                failure.detail());
    }

    /** The server sent too slowly and the run's connections were closed; {@code failure} is what that caused. */
    static Diagnosis tooSlow(String why, Diagnosis failure) {
        return new Diagnosis(MailboxState.BACKING_OFF, why + "; the run was cut short, the next run goes on "
                + "from where it stopped", failure.detail());
    }

    /** The server announced more than the memory can hold (a literal of gigabytes). */
    static Diagnosis tooLargeForMemory(OutOfMemoryError e) {
        return new Diagnosis(MailboxState.BACKING_OFF, "the server announced a message larger than this poller's "
                + "memory can hold; it was not fetched", describe(e));
    }

    /**
     * RFC 5530's [LIMIT] and [UNAVAILABLE], Gmail's [THROTTLED], and the usual words of servers that ration
     * connections.
     */
    private static boolean throttling(String message) {
        String text = message.toLowerCase(Locale.ROOT);
        return text.contains("[limit]") || text.contains("[unavailable]") || text.contains("too many connections")
                || text.contains("[sys/temp]") || text.contains("[throttled]") || text.contains("request is throttled");
    }

    /** The mailbox's daily download limit is used up: it goes on at {@code until}. */
    static Diagnosis dailyLimit(long limit, Instant until, Instant now) {
        return new Diagnosis(MailboxState.THROTTLED, "the daily download limit (" + limit + " bytes, "
                + "limits.maxBytesPerDay) is reached", "daily download limit of " + limit + " bytes reached",
                Duration.between(now, until).isNegative() ? Duration.ZERO : Duration.between(now, until));
    }

    /** The exception and its causes in one line, e.g. "MailConnectException: ... <- ConnectException: refused". */
    static String describe(Throwable e) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = e; t != null && text.length() < 1000; t = t.getCause() == t ? null : t.getCause()) {
            if (!text.isEmpty()) {
                text.append(" <- ");
            }
            text.append(t.getClass().getSimpleName());
            if (t.getMessage() != null) {
                text.append(": ").append(t.getMessage());
            }
        }
        return LogText.of(text);
    }
}
