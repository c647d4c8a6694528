package io.mailcellar;

import io.mailcellar.restore.offline.OfflineCommands;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

/**
 * The jar's entry point: the service, or with {@code mailboxes},
 * {@code snapshots} or {@code export} as the first argument one of the
 * offline commands, which read the bucket alone and never start the service
 * (no Kafka, no HTTP port).
 */
@QuarkusMain
public final class Main {

    private Main() {
    }

    public static void main(String... args) {
        if (OfflineCommands.handles(args)) {
            System.exit(OfflineCommands.run(args, System.out, System.err));
        }
        Quarkus.run(args);
    }
}
