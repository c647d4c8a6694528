package io.mailcellar.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The reference tools, each configured to pull the same account into a fresh Maildir. */
final class Peers {

    private final Path workDir;
    private final int imapPort;
    private final int pop3Port;
    private final String user;
    private final String password;

    Peers(Path workDir, int imapPort, int pop3Port, String user, String password) {
        this.workDir = workDir;
        this.imapPort = imapPort;
        this.pop3Port = pop3Port;
        this.user = user;
        this.password = password;
    }

    /** A fresh target folder for a full run. */
    Path fresh(String tool, int run) throws IOException {
        Path dir = workDir.resolve(tool + "-" + run);
        Files.createDirectories(dir);
        return dir;
    }

    List<String> mbsync(Path dir) throws IOException {
        Files.createDirectories(dir.resolve("mail"));
        return mbsync(dir, imapPort, user, password, """
                MaildirStore local
                Path %1$s/mail/
                Inbox %1$s/mail/INBOX
                SubFolders Verbatim

                Channel bench
                Far :remote:
                Near :local:
                Patterns *
                Create Near
                Sync Pull
                SyncState *
                """.formatted(dir));
    }

    /** mbsync pushing the Maildir++ tree in {@code dir/mail} into an account (a restore from files). */
    static List<String> mbsyncPush(Path dir, int imapPort, String user, String password) throws IOException {
        return mbsync(dir, imapPort, user, password, """
                MaildirStore local
                Inbox %1$s/mail
                SubFolders Maildir++

                Channel bench
                Far :remote:
                Near :local:
                Patterns *
                Create Far
                Sync Push
                SyncState *
                """.formatted(dir));
    }

    /** mbsync over the account, with the store and channel a run needs. */
    private static List<String> mbsync(Path dir, int imapPort, String user, String password, String channel)
            throws IOException {
        Path config = dir.resolve("mbsyncrc");
        Files.writeString(config, """
                IMAPAccount bench
                Host 127.0.0.1
                Port %d
                User %s
                Pass %s
                SSLType None
                AuthMechs LOGIN

                IMAPStore remote
                Account bench

                """.formatted(imapPort, user, password) + channel);
        return List.of("mbsync", "-q", "-c", config.toString(), "-a");
    }

    List<String> offlineimap(Path dir) throws IOException {
        Path config = dir.resolve("offlineimaprc");
        Files.createDirectories(dir.resolve("mail"));
        Files.writeString(config, """
                [general]
                accounts = bench
                metadata = %s/meta
                ui = quiet

                [Account bench]
                localrepository = local
                remoterepository = remote

                [Repository local]
                type = Maildir
                localfolders = %s/mail

                [Repository remote]
                type = IMAP
                remotehost = 127.0.0.1
                remoteport = %d
                remoteuser = %s
                remotepass = %s
                ssl = no
                starttls = no
                readonly = True
                """.formatted(dir, dir, imapPort, user, password));
        return List.of("offlineimap", "-c", config.toString(), "-o", "-u", "quiet");
    }

    List<String> getmail(Path dir) throws IOException {
        Path maildir = dir.resolve("mail");
        for (String sub : List.of("cur", "new", "tmp")) {
            Files.createDirectories(maildir.resolve(sub));
        }
        try (var paths = Files.walk(dir)) {
            var nobody = dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
            for (Path path : paths.toList()) {
                Files.setOwner(path, nobody);
            }
        }
        Path config = dir.resolve("getmailrc");
        Files.writeString(config, """
                [retriever]
                type = SimplePOP3Retriever
                server = 127.0.0.1
                port = %d
                username = %s
                password = %s

                [destination]
                type = Maildir
                path = %s/
                # getmail refuses to deliver as root; the benchmark runs as root.
                user = nobody

                [options]
                read_all = true
                delete = false
                verbose = 0
                """.formatted(pop3Port, user, password, maildir));
        return List.of("getmail", "--rcfile=" + config, "--getmaildir=" + dir);
    }
}
