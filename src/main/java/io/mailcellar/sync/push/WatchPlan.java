package io.mailcellar.sync.push;

import io.mailcellar.mailbox.Limits;
import io.mailcellar.mailbox.Mailbox;

import java.util.List;

/**
 * Which folders of a mailbox get an IDLE connection: those its push names,
 * as many as its connection limit leaves beside the one its runs take. Pure.
 */
record WatchPlan(List<String> watched, List<String> left) {

    static WatchPlan of(Mailbox mailbox) {
        if (!mailbox.pushes()) {
            return new WatchPlan(List.of(), List.of());
        }
        List<String> folders = mailbox.push().watchedFolders();
        int room = Math.max(0, Limits.maxConnections(mailbox.limits()) - 1);
        return new WatchPlan(List.copyOf(folders.subList(0, Math.min(room, folders.size()))),
                List.copyOf(folders.subList(Math.min(room, folders.size()), folders.size())));
    }
}
