package io.mailcellar.sync;

import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads that finish a batch's commit while its run reads the next
 * batch ({@link SyncSession#commitInBackground}): one per poll that may run
 * at once.
 */
@ApplicationScoped
class BackgroundCommits {

    private final ExecutorService threads;

    BackgroundCommits(SyncSettings settings) {
        AtomicInteger count = new AtomicInteger();
        this.threads = Executors.newFixedThreadPool(settings.concurrency(), task -> {
            Thread thread = new Thread(task, "batch-commit-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    Executor executor() {
        return threads;
    }

    void stop(@Observes ShutdownEvent event) {
        threads.shutdownNow();
    }
}
