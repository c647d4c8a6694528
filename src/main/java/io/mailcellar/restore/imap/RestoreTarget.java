package io.mailcellar.restore.imap;

import jakarta.mail.MessagingException;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The IMAP account a restore writes to, as the restore needs it (one connection, logged in). */
public interface RestoreTarget extends AutoCloseable {

    /** The account's hierarchy delimiter, or null when it has none. */
    String delimiter() throws MessagingException;

    /** Whether the folder exists. */
    boolean exists(String folder) throws MessagingException;

    /** Creates the folder, with its special use where the server can set one at creation (CREATE-SPECIAL-USE). */
    void create(String folder, String specialUse) throws MessagingException;

    /** Opens the folder for appending (and reading what it holds). */
    Folder open(String folder) throws MessagingException;

    @Override
    void close() throws MessagingException;

    /** Writes a message's bytes, which the caller has checked. */
    @FunctionalInterface
    interface Bytes {
        void writeTo(OutputStream out) throws IOException;
    }

    /** An open folder of the target. */
    interface Folder {

        long uidValidity();

        /** Whether the folder keeps this keyword on a message (PERMANENTFLAGS lists it or {@code \*}). */
        boolean keeps(String keyword);

        /** Every message's size, by UID. */
        Map<Long, Long> sizes() throws MessagingException;

        /** The SHA-256 of the message's bytes as the server returns them. */
        String sha256(long uid) throws MessagingException;

        /** APPENDs a message byte for byte, with its flags and INTERNALDATE. */
        AppendResult append(long size, Bytes bytes, List<String> flags, Instant internalDate)
                throws MessagingException;
    }

    /** What an APPEND came to. */
    sealed interface AppendResult {
    }

    /** Appended; {@code uid} when the server said (UIDPLUS), else null. */
    record Appended(Long uidValidity, Long uid) implements AppendResult {
    }

    /** The server will not take this message (too big, a limit, a flag it refuses): it is skipped. */
    record Refused(String reason) implements AppendResult {
    }

    /** The account is full ({@code [OVERQUOTA]}): nothing more will go in, the restore stops. */
    record Full(String reason) implements AppendResult {
    }

    /** The server asks to slow down ({@code [THROTTLED]}, {@code [UNAVAILABLE]}, {@code [INUSE]}): try again later. */
    record Busy(String reason) implements AppendResult {
    }
}
