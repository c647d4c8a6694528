package io.mailcellar.sync;

import io.mailcellar.mail.ConnectionWatch;
import io.mailcellar.mail.DownloadLimits;
import io.mailcellar.mailbox.Mailbox;
import io.mailcellar.mail.oauth.AccessTokens;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * What the runtime may do to the mail connections of a run without knowing
 * a protocol: see how fast they deliver, cut them all when the run is over
 * its time or too slow, have the next ones sign in with a new token, and
 * keep them to the mailbox's download limits. A task's connections are made on the run's own
 * thread, which names them.
 */
@ApplicationScoped
public class RunConnections {

    private final ConnectionWatch watch;
    private final AccessTokens tokens;
    private final DownloadLimits limits;

    RunConnections(ConnectionWatch watch, AccessTokens tokens, DownloadLimits limits) {
        this.watch = watch;
        this.tokens = tokens;
        this.limits = limits;
    }

    /** The connections the thread's run opens keep to the mailbox's download limits. */
    public void limit(Thread runner, Mailbox mailbox) {
        watch.limit(runner, limits.forRun(mailbox));
    }

    /** When the mailbox may download again, if its daily limit is used up. */
    public java.util.Optional<java.time.Instant> dayUsedUp(Mailbox mailbox) {
        return limits.dayUsedUp(mailbox);
    }

    /** The mailbox's next connection signs in with a new access token, not the cached one. */
    public void renewAccessToken(String mailboxId) {
        tokens.forget(mailboxId);
    }

    /** Closes every mail connection the thread's run opened; a read blocked on one fails at once. */
    public void cut(Thread runner) {
        watch.closeAllOf(runner);
    }

    /** What the thread's run has received so far, and how long it waited for it. */
    public TransferSample transfer(Thread runner) {
        return new TransferSample(watch.received(runner), watch.waitedNanos(runner));
    }

    /** The run on this thread is over. */
    public void forget(Thread runner) {
        watch.forget(runner);
    }
}
