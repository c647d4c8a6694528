package io.mailcellar.sync.pop3;

import io.mailcellar.archive.Sha256;
import io.mailcellar.mail.Pop3Client;
import io.mailcellar.sync.Spool;
import jakarta.mail.MessagingException;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;

/**
 * A message as RETR would return it (dot-unstuffed, CRLF as sent), without
 * setting \Seen where TOP allows: a TOP answer shorter than the size LIST
 * gave is taken for a server that cuts TOP short, and RETR is used. A message
 * larger than a batch goes to a spool file as it arrives, hashed on the way,
 * never whole into memory.
 */
final class Pop3Retrieval {

    /** The message: in memory ({@code bytes}), or in a spool file the caller hands on or deletes. */
    record Retrieved(byte[] bytes, Path file, long length, String sha256) {
    }

    private final Pop3Client pop3;
    private final long maxBytes;
    private final long spoolAbove;

    Pop3Retrieval(Pop3Client pop3, long maxBytes, long spoolAbove) {
        this.pop3 = pop3;
        this.maxBytes = maxBytes;
        this.spoolAbove = spoolAbove;
    }

    /** The message in memory; for one that LIST says fits in a batch, or that must be compared whole. */
    byte[] bytes(Pop3Client.Listed message) throws MessagingException {
        byte[] top = pop3.top(message.number(), Integer.MAX_VALUE, message.size(), maxBytes);
        if (top != null && top.length >= message.size()) {
            return top;
        }
        return pop3.retrieve(message.number(), message.size(), maxBytes);
    }

    /** The message, in memory up to a batch, spooled above. */
    Retrieved retrieve(Pop3Client.Listed message) throws MessagingException {
        if (message.size() <= spoolAbove) {
            byte[] bytes = bytes(message);
            return new Retrieved(bytes, null, bytes.length, Sha256.of(bytes));
        }
        Path file;
        try {
            file = Spool.newFile();
        } catch (IOException e) {
            throw new MessagingException("cannot create a spool file for POP3 message " + message.number() + ": " + e,
                    e);
        }
        boolean handedOver = false;
        try {
            MessageDigest[] digest = {null};
            long length = copy(message, () -> {
                digest[0] = Sha256.digest();
                return Spool.hashing(file, digest[0]);
            });
            handedOver = true;
            return new Retrieved(null, file, length, Sha256.hex(digest[0]));
        } finally {
            if (!handedOver) {
                Spool.delete(file);
            }
        }
    }

    /** Only the SHA-256 of the message as served now, kept nowhere. */
    String sha256(Pop3Client.Listed message) throws MessagingException {
        if (message.size() <= spoolAbove) {
            return Sha256.of(bytes(message));
        }
        MessageDigest[] digest = {null};
        copy(message, () -> {
            digest[0] = Sha256.digest();
            return new DigestOutputStream(OutputStream.nullOutputStream(), digest[0]);
        });
        return Sha256.hex(digest[0]);
    }

    /** A fresh stream for each try: TOP's answer is dropped when RETR has to be asked after it. */
    @FunctionalInterface
    private interface Target {
        OutputStream open() throws IOException;
    }

    private long copy(Pop3Client.Listed message, Target target) throws MessagingException {
        try {
            Long top;
            try (OutputStream out = target.open()) {
                top = pop3.top(message.number(), Integer.MAX_VALUE, out, maxBytes);
            }
            if (top != null && top >= message.size()) {
                return top;
            }
            try (OutputStream out = target.open()) {
                return pop3.retrieve(message.number(), out, maxBytes);
            }
        } catch (IOException e) {
            throw new MessagingException("writing POP3 message " + message.number() + " to its spool file failed: "
                    + e, e);
        }
    }
}
