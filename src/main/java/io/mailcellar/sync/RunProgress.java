package io.mailcellar.sync;

/** What a run has published so far; still true when the run fails half-way. */
final class RunProgress {

    private int messagesAdded;

    void added(int count) {
        messagesAdded += count;
    }

    int messagesAdded() {
        return messagesAdded;
    }
}
