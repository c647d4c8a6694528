package io.mailcellar.sync.push;

import io.mailcellar.app.LogText;
import io.mailcellar.mail.MailConnector;
import io.mailcellar.mailbox.Mailbox;
import jakarta.mail.Folder;
import jakarta.mail.MessagingException;
import jakarta.mail.Store;
import jakarta.mail.event.MessageChangedEvent;
import jakarta.mail.event.MessageChangedListener;
import jakarta.mail.event.MessageCountEvent;
import jakarta.mail.event.MessageCountListener;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.IMAPStore;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One IDLE connection on one folder of one mailbox, on a thread of its own:
 * a change the server reports (a new message, an expunge, new flags) asks for
 * a backup of the mailbox; IDLE is begun again every {@code reidle}; a dropped
 * connection is made again after a wait that doubles. A server without IDLE
 * ends the watcher: the mailbox is polled at its interval as before.
 */
final class FolderWatcher implements Runnable {

    private static final Logger LOG = Logger.getLogger(FolderWatcher.class);

    /** What a watcher tells its owner. */
    interface Listener {
        /** The folder changed: a backup of the mailbox is wanted. */
        void changed(String mailboxId, String folder);

        /** The server has no IDLE: this folder is not watched. */
        void unsupported(String mailboxId, String folder);
    }

    private final Mailbox mailbox;
    private final String folderName;
    private final MailConnector connector;
    private final PushSettings settings;
    private final ScheduledExecutorService timers;
    private final Listener listener;
    private volatile boolean stopped;
    private volatile Store store;
    private volatile Thread thread;
    private boolean watchedBefore;

    FolderWatcher(Mailbox mailbox, String folderName, MailConnector connector, PushSettings settings,
                  ScheduledExecutorService timers, Listener listener) {
        this.mailbox = mailbox;
        this.folderName = folderName;
        this.connector = connector;
        this.settings = settings;
        this.timers = timers;
        this.listener = listener;
    }

    Mailbox mailbox() {
        return mailbox;
    }

    void start() {
        Thread started = new Thread(this, "idle-" + mailbox.id() + "-" + folderName.hashCode());
        started.setDaemon(true);
        thread = started;
        started.start();
    }

    /** Ends the watcher: its connection is closed, and an IDLE under way ends with it. */
    void stop() {
        stopped = true;
        closeQuietly(store);
        Thread running = thread;
        if (running != null) {
            running.interrupt();
        }
    }

    @Override
    public void run() {
        Duration delay = Duration.ofSeconds(1);
        while (!stopped) {
            try {
                watchOnce();
                delay = Duration.ofSeconds(1);
            } catch (MessagingException | RuntimeException e) {
                if (stopped) {
                    return;
                }
                LOG.infof("mailbox %s folder %s: the IDLE connection ended (%s); connecting again in %s",
                        mailbox.id(), LogText.of(folderName), LogText.of(e.getMessage()), delay);
            }
            if (stopped) {
                return;
            }
            try {
                Thread.sleep(delay.toMillis());
            } catch (InterruptedException e) {
                return;
            }
            delay = delay.multipliedBy(2).compareTo(settings.maxReconnectDelay()) > 0
                    ? settings.maxReconnectDelay() : delay.multipliedBy(2);
        }
    }

    /** One connection: IDLE until it ends; returns normally only when the server has no IDLE. */
    private void watchOnce() throws MessagingException {
        Store opened = connector.connect(mailbox);
        store = opened;
        ScheduledFuture<?> reidle = null;
        try {
            if (!(opened instanceof IMAPStore imap) || !imap.hasCapability("IDLE")) {
                stopped = true;
                listener.unsupported(mailbox.id(), folderName);
                return;
            }
            IMAPFolder folder = (IMAPFolder) opened.getFolder(folderName);
            folder.open(Folder.READ_ONLY);
            folder.addMessageCountListener(new MessageCountListener() {
                @Override
                public void messagesAdded(MessageCountEvent event) {
                    listener.changed(mailbox.id(), folderName);
                }

                @Override
                public void messagesRemoved(MessageCountEvent event) {
                    listener.changed(mailbox.id(), folderName);
                }
            });
            folder.addMessageChangedListener((MessageChangedListener) event -> {
                if (event.getMessageChangeType() == MessageChangedEvent.FLAGS_CHANGED) {
                    listener.changed(mailbox.id(), folderName);
                }
            });
            LOG.infof("mailbox %s folder %s: watching with IDLE", mailbox.id(), LogText.of(folderName));
            if (watchedBefore) {
                // What changed while the connection was down is seen by a run now, not at the next poll.
                listener.changed(mailbox.id(), folderName);
            }
            watchedBefore = true;
            // A folder call from another thread ends the IDLE under way (DONE, NOOP); the loop begins it again.
            long every = settings.reidle().toMillis();
            reidle = timers.scheduleAtFixedRate(() -> {
                try {
                    folder.getMessageCount();
                } catch (MessagingException | RuntimeException e) {
                    closeQuietly(opened);
                }
            }, every, every, TimeUnit.MILLISECONDS);
            while (!stopped && folder.isOpen()) {
                folder.idle(true);
            }
            if (!stopped) {
                throw new MessagingException("the folder was closed");
            }
        } finally {
            if (reidle != null) {
                reidle.cancel(false);
            }
            closeQuietly(opened);
        }
    }

    private static void closeQuietly(Store store) {
        if (store == null) {
            return;
        }
        try {
            store.close();
        } catch (MessagingException | RuntimeException e) {
            // The connection is gone either way; what matters is that it is not used again.
            LOG.debugf("closing an IDLE connection failed: %s", e.getMessage());
        }
    }
}
