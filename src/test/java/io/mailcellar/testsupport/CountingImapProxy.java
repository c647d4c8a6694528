package io.mailcellar.testsupport;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A loopback TCP proxy in front of an IMAP (or POP3) server that records the
 * client's commands and counts those asking for IMAP message content
 * ({@code BODY[} / {@code BODY.PEEK[} / {@code RFC822}), so a test can prove
 * that nothing was fetched. It can also cut a connection half-way.
 */
public final class CountingImapProxy extends LoopbackProxy {

    private final AtomicInteger contentFetches = new AtomicInteger();
    private final AtomicInteger commands = new AtomicInteger();
    private final AtomicInteger fetches = new AtomicInteger();
    private final List<String> commandLog = new CopyOnWriteArrayList<>();
    private final List<String> rawCommandLog = new CopyOnWriteArrayList<>();
    private final AtomicLong dropNextAfter = new AtomicLong(-1);

    public CountingImapProxy(int targetPort) throws IOException {
        super(targetPort, "imap-proxy");
    }

    /** Commands that fetched message content, since start. */
    public int contentFetches() {
        return contentFetches.get();
    }

    public int commands() {
        return commands.get();
    }

    /** Cuts the next connection once the server has sent it this many bytes, as a network failure would. */
    public void dropNextConnectionAfter(long serverBytes) {
        dropNextAfter.set(serverBytes);
    }

    /**
     * Every command line since start, without its tag (for POP3, which has no
     * tags, the first word is the command itself and is kept: see {@link #rawCommandLog()});
     * logins are left out (they hold passwords).
     */
    public List<String> commandLog() {
        return List.copyOf(commandLog);
    }

    /** Every command line since start, as sent (POP3 commands have no tag); logins are left out. */
    public List<String> rawCommandLog() {
        return List.copyOf(rawCommandLog);
    }

    /** FETCH commands of any kind (flags, sizes or content), since start. */
    public int fetches() {
        return fetches.get();
    }

    @Override
    long cutNewConnectionAfter() {
        return dropNextAfter.getAndSet(-1);
    }

    @Override
    ClientTap newClientTap() {
        StringBuilder line = new StringBuilder();
        return (buffer, n) -> scan(buffer, n, line);
    }

    private void scan(byte[] buffer, int n, StringBuilder line) {
        for (int i = 0; i < n; i++) {
            char c = (char) (buffer[i] & 0xff);
            if (c == '\n') {
                count(line.toString());
                line.setLength(0);
            } else if (line.length() < 4096) {
                line.append(c);
            }
        }
    }

    private void count(String command) {
        commands.incrementAndGet();
        String upper = command.toUpperCase(Locale.ROOT);
        if (!upper.contains("LOGIN") && !upper.contains("AUTHENTICATE") && !upper.startsWith("PASS ")
                && !upper.startsWith("AUTH ") && upper.strip().contains(" ")) {
            commandLog.add(command.strip().replaceFirst("^\\S+ ", ""));
            rawCommandLog.add(command.strip());
        }
        if (upper.matches("^\\S+ (UID )?FETCH .*")) {
            fetches.incrementAndGet();
        }
        if (upper.contains("FETCH") && (upper.contains("BODY[") || upper.contains("BODY.PEEK[")
                || upper.matches(".*\\bRFC822\\b(?!\\.).*"))) {
            contentFetches.incrementAndGet();
        }
    }
}
