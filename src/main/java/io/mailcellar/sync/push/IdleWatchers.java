package io.mailcellar.sync.push;

import io.mailcellar.app.LogText;
import io.mailcellar.mail.MailConnector;
import io.mailcellar.mailbox.Mailbox;
import io.mailcellar.mailbox.MailboxRegistry;
import io.mailcellar.sync.runtime.PollerGroup;
import io.mailcellar.sync.runtime.SyncRequested;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The IDLE watchers of the mailboxes this poller owns: matched every
 * {@code reconcile} to the registry and the partitions held, so that they
 * start with a registration or an ownership, restart with a change in place,
 * and stop with an unregistration or a partition gone to another poller. A
 * change a watcher reports asks for a backup once {@code debounce} has passed
 * without another, so that a burst of arrivals is one run.
 */
@ApplicationScoped
public class IdleWatchers implements FolderWatcher.Listener {

    private static final Logger LOG = Logger.getLogger(IdleWatchers.class);

    private final MailboxRegistry registry;
    private final PollerGroup group;
    private final MailConnector connector;
    private final PushSettings settings;
    private final Event<SyncRequested> requests;
    private final Map<String, FolderWatcher> watchers = new ConcurrentHashMap<>();
    /** Mailbox and folder of watchers whose server has no IDLE, with the registration they were for. */
    private final Map<String, java.time.Instant> unsupported = new ConcurrentHashMap<>();
    private final Map<String, java.util.concurrent.ScheduledFuture<?>> pending = new ConcurrentHashMap<>();
    private final Set<String> warnedAboutRoom = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService timers = Executors.newScheduledThreadPool(1, task -> {
        Thread thread = new Thread(task, "idle-timers");
        thread.setDaemon(true);
        return thread;
    });

    IdleWatchers(MailboxRegistry registry, PollerGroup group, MailConnector connector, PushSettings settings,
                 Event<SyncRequested> requests, MeterRegistry meters) {
        this.registry = registry;
        this.group = group;
        this.connector = connector;
        this.settings = settings;
        this.requests = requests;
        meters.gauge("mailcellar.idle.watchers", watchers, Map::size);
    }

    @Scheduled(every = "${mailcellar.push.reconcile:5s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void reconcile() {
        if (!registry.isReady()) {
            return;
        }
        Map<String, Mailbox> wanted = new HashMap<>();
        for (Mailbox mailbox : registry.all()) {
            if (!mailbox.pushes() || !group.owns(mailbox.id())) {
                continue;
            }
            WatchPlan plan = WatchPlan.of(mailbox);
            if (!plan.left().isEmpty() && warnedAboutRoom.add(mailbox.id() + "@" + mailbox.updatedAt())) {
                LOG.warnf("mailbox %s: folders %s are not watched with IDLE: limits.maxConnections leaves room "
                        + "for %d beside the runs' connection", mailbox.id(), LogText.of(plan.left().toString()),
                        plan.watched().size());
            }
            for (String folder : plan.watched()) {
                String key = key(mailbox.id(), folder);
                if (!mailbox.updatedAt().equals(unsupported.get(key))) {
                    wanted.put(key, mailbox);
                }
            }
        }
        watchers.forEach((key, watcher) -> {
            Mailbox now = wanted.get(key);
            if (now == null || !now.updatedAt().equals(watcher.mailbox().updatedAt())) {
                watchers.remove(key);
                watcher.stop();
            }
        });
        wanted.forEach((key, mailbox) -> watchers.computeIfAbsent(key, k -> {
            FolderWatcher watcher = new FolderWatcher(mailbox, k.substring(k.indexOf('/') + 1), connector, settings,
                    timers, this);
            watcher.start();
            return watcher;
        }));
    }

    @Override
    public void changed(String mailboxId, String folder) {
        // The first change of a burst schedules the backup; the ones within the debounce join it.
        pending.computeIfAbsent(mailboxId, id -> timers.schedule(() -> {
            pending.remove(id);
            LOG.debugf("mailbox %s folder %s: changed; backing up", id, LogText.of(folder));
            requests.fire(new SyncRequested(id, false));
        }, settings.debounce().toMillis(), TimeUnit.MILLISECONDS));
    }

    @Override
    public void unsupported(String mailboxId, String folder) {
        registry.find(mailboxId).ifPresent(mailbox -> unsupported.put(key(mailboxId, folder), mailbox.updatedAt()));
        watchers.remove(key(mailboxId, folder));
        LOG.warnf("mailbox %s: the server offers no IDLE; folder %s is polled at the mailbox's interval instead",
                mailboxId, LogText.of(folder));
    }

    void stop(@Observes ShutdownEvent event) {
        watchers.values().forEach(FolderWatcher::stop);
        watchers.clear();
        timers.shutdownNow();
    }

    private static String key(String mailboxId, String folder) {
        return mailboxId + "/" + folder;
    }
}
