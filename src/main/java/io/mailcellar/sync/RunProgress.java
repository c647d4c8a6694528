package io.mailcellar.sync;

import java.util.ArrayList;
import java.util.List;

/** What a run has published so far, and what it has to say about the mailbox; still true when the run fails half-way. */
final class RunProgress {

    private int messagesAdded;
    private final List<String> notes = new ArrayList<>();

    void added(int count) {
        messagesAdded += count;
    }

    int messagesAdded() {
        return messagesAdded;
    }

    /** Something the owner of the mailbox should know, reported with the run. */
    void note(String note) {
        notes.add(note);
    }

    List<String> notes() {
        return List.copyOf(notes);
    }
}
