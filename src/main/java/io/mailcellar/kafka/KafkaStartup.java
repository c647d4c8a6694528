package io.mailcellar.kafka;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * Makes sure the topics exist, then announces {@link TopicsReady}. Runs off the
 * start-up thread; {@link TopicProvisioner#ensureTopics()} keeps retrying while Kafka is away, so the service starts
 * (and reports not-ready) instead of crashing in a loop.
 */
@ApplicationScoped
public class KafkaStartup {

    private static final Logger LOG = Logger.getLogger(KafkaStartup.class);

    private final TopicProvisioner provisioner;
    private final Event<TopicsReady> ready;
    private volatile boolean topicsReady;
    private volatile boolean stopping;
    private Thread thread;

    KafkaStartup(TopicProvisioner provisioner, Event<TopicsReady> ready) {
        this.provisioner = provisioner;
        this.ready = ready;
    }

    void onStart(@Observes StartupEvent event) {
        thread = new Thread(this::provisionUntilDone, "kafka-startup");
        thread.setDaemon(true);
        thread.start();
    }

    void onStop(@Observes ShutdownEvent event) {
        stopping = true;
        if (thread != null) {
            thread.interrupt();
        }
    }

    public boolean topicsReady() {
        return topicsReady;
    }

    private void provisionUntilDone() {
        try {
            provisioner.ensureTopics();
            topicsReady = true;
            ready.fire(new TopicsReady());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            if (!stopping) {
                LOG.error("gave up creating the Kafka topics; the service stays not-ready", e);
            }
        }
    }
}
