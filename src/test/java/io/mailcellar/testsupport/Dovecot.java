package io.mailcellar.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A private Dovecot (Debian's dovecot-imapd and dovecot-pop3d) on loopback
 * ports, with its own configuration, state and maildirs under the test run's
 * folder: the real-world IMAP and POP3 peer, with CONDSTORE and QRESYNC.
 * {@link #doveadm} changes mailboxes behind the service's back.
 */
public final class Dovecot implements AutoCloseable {

    private static final String NOBODY_UID = "65534";

    private final ChildProcess process;
    private final Path dir;
    private final Path config;
    private final Path users;
    private final int imapPort;
    private final int pop3Port;
    private final TestCertificate certificate;
    private final int pop3sPort;
    private final int imapsPort;

    private Dovecot(ChildProcess process, Path dir, Path config, Path users, int imapPort, int pop3Port,
                    TestCertificate certificate, int pop3sPort, int imapsPort) {
        this.process = process;
        this.dir = dir;
        this.config = config;
        this.users = users;
        this.imapPort = imapPort;
        this.pop3Port = pop3Port;
        this.certificate = certificate;
        this.pop3sPort = pop3sPort;
        this.imapsPort = imapsPort;
    }

    /** Plaintext only, as the service's tests and the benchmark use it. */
    public static Dovecot start(Path dir) {
        return start(dir, false);
    }

    /**
     * Also with TLS: POP3S on {@link #pop3sPort()}, IMAPS on {@link #imapsPort()}, and STARTTLS / STLS on the
     * plain ports, with a certificate for 127.0.0.1 made for this run
     * ({@link #certificate()}).
     */
    public static Dovecot startWithTls(Path dir) {
        return start(dir, true);
    }

    /**
     * Plaintext, and also logging in with SASL XOAUTH2 / OAUTHBEARER: tokens are
     * checked by Dovecot's {@code oauth2} passdb against an OAuth2 server's
     * introspection endpoint, whose {@code sub} must be the user name.
     */
    public static Dovecot startWithOAuth2(Path dir, String introspectionUrl) {
        return start(dir, false, introspectionUrl);
    }

    private static Dovecot start(Path dir, boolean tls) {
        return start(dir, tls, null);
    }

    private static Dovecot start(Path dir, boolean tls, String introspectionUrl) {
        Path binary = Path.of("/usr/sbin/dovecot");
        if (!Files.isExecutable(binary)) {
            throw new IllegalStateException("Dovecot is not installed: apt-get install -y dovecot-imapd dovecot-pop3d");
        }
        if (!"root".equals(System.getProperty("user.name"))) {
            throw new IllegalStateException("the Dovecot tests run Dovecot's mail processes as 'nobody' and need root");
        }
        try {
            Files.createDirectories(dir.resolve("run"));
            Files.createDirectories(dir.resolve("state"));
            Files.createDirectories(dir.resolve("home"));
            // Mail processes run as nobody: the run's folders (created private) must let them pass.
            for (Path p : List.of(dir.getParent(), dir)) {
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
            Files.setOwner(dir.resolve("home"), dir.getFileSystem().getUserPrincipalLookupService()
                    .lookupPrincipalByName("nobody"));
            Path users = dir.resolve("users");
            Files.writeString(users, "");
            int imapPort = FreePorts.next();
            int pop3Port = FreePorts.next();
            Path config = dir.resolve("dovecot.conf");
            String configuration = configuration(dir, users, imapPort, pop3Port);
            if (introspectionUrl != null) {
                Path oauth2 = dir.resolve("oauth2.conf.ext");
                Files.writeString(oauth2, String.join("\n", "introspection_mode = post",
                        "introspection_url = " + introspectionUrl, "username_attribute = sub",
                        "active_attribute = active", "active_value = true", ""));
                configuration = configuration
                        .replace("auth_mechanisms = plain login\n", "auth_mechanisms = plain login xoauth2 oauthbearer\n")
                        .replace("passdb {\n", """
                                passdb {
                                  driver = oauth2
                                  mechanisms = xoauth2 oauthbearer
                                  args = %s
                                }
                                passdb {
                                """.formatted(oauth2))
                        // The oauth2 passdb cannot tell whether a user exists: the static userdb says yes to all.
                        .replaceFirst("(  args = uid=\\S+ gid=\\S+ home=\\S+)", "$1 allow_all_users=yes");
            }
            TestCertificate certificate = null;
            int pop3sPort = 0;
            int imapsPort = 0;
            if (tls) {
                certificate = TestCertificate.create(dir.resolve("tls"), "127.0.0.1");
                pop3sPort = FreePorts.next();
                imapsPort = FreePorts.next();
                configuration = withTls(configuration, certificate, pop3sPort, imapsPort);
            }
            Files.writeString(config, configuration);
            ChildProcess child = ChildProcess.start("dovecot", List.of(binary.toString(), "-F", "-c", config.toString()),
                    Map.of(), dir, dir.resolve("dovecot-console.log"));
            child.awaitPort(imapPort, Duration.ofSeconds(30));
            child.awaitPort(pop3Port, Duration.ofSeconds(30));
            if (tls) {
                child.awaitPort(pop3sPort, Duration.ofSeconds(30));
                child.awaitPort(imapsPort, Duration.ofSeconds(30));
            }
            return new Dovecot(child, dir, config, users, imapPort, pop3Port, certificate, pop3sPort, imapsPort);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String configuration(Path dir, Path users, int imapPort, int pop3Port) {
        return """
                base_dir = %1$s/run
                state_dir = %1$s/state
                log_path = %1$s/dovecot.log
                instance_name = mailcellar-test-%3$d
                protocols = imap pop3
                listen = 127.0.0.1
                ssl = no
                disable_plaintext_auth = no
                auth_mechanisms = plain login
                mail_location = maildir:~/Maildir
                # One POP3 session per maildrop at a time, as many POP3 servers do.
                pop3_lock_session = yes
                first_valid_uid = 1
                default_internal_user = dovecot
                default_login_user = dovenull
                passdb {
                  driver = passwd-file
                  args = scheme=PLAIN username_format=%%u %2$s
                }
                userdb {
                  driver = static
                  args = uid=%5$s gid=%5$s home=%1$s/home/%%u
                }
                service imap-login {
                  inet_listener imap {
                    address = 127.0.0.1
                    port = %3$d
                  }
                  inet_listener imaps {
                    port = 0
                  }
                }
                service pop3-login {
                  inet_listener pop3 {
                    address = 127.0.0.1
                    port = %4$d
                  }
                  inet_listener pop3s {
                    port = 0
                  }
                }
                namespace inbox {
                  inbox = yes
                  separator = /
                  mailbox Sent {
                    special_use = \\Sent
                  }
                  mailbox Drafts {
                    special_use = \\Drafts
                  }
                  mailbox Trash {
                    special_use = \\Trash
                  }
                  mailbox Junk {
                    special_use = \\Junk
                  }
                  mailbox Archive {
                    special_use = \\Archive
                  }
                }
                """.formatted(dir, users, imapPort, pop3Port, NOBODY_UID);
    }

    private static String withTls(String configuration, TestCertificate certificate, int pop3sPort, int imapsPort) {
        String plain = "ssl = no\n";
        String pop3s = """
                  inet_listener pop3s {
                    port = 0
                  }
                """;
        String imaps = """
                  inet_listener imaps {
                    port = 0
                  }
                """;
        if (!configuration.contains(plain) || !configuration.contains(pop3s) || !configuration.contains(imaps)) {
            throw new IllegalStateException("the Dovecot configuration changed: update withTls");
        }
        return configuration
                .replace(plain, "ssl = yes\nssl_cert = <" + certificate.certificatePem()
                        + "\nssl_key = <" + certificate.privateKeyPem() + "\n")
                .replace(pop3s, """
                          inet_listener pop3s {
                            address = 127.0.0.1
                            port = %d
                            ssl = yes
                          }
                        """.formatted(pop3sPort))
                .replace(imaps, """
                          inet_listener imaps {
                            address = 127.0.0.1
                            port = %d
                            ssl = yes
                          }
                        """.formatted(imapsPort));
    }

    public synchronized void addUser(String user, String password) {
        addUsers(List.of(user), password);
    }

    /** Many users at once, all with one password: one wait for Dovecot to read them, not one per user. */
    public synchronized void addUsers(List<String> names, String password) {
        StringBuilder lines = new StringBuilder();
        names.forEach(name -> lines.append(name).append(":{PLAIN}").append(password).append('\n'));
        String user = names.get(names.size() - 1);
        try {
            Files.writeString(users, lines, java.nio.file.StandardOpenOption.APPEND);
            // Dovecot's auth process re-reads the file at most once a second: wait until it knows the user.
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (true) {
                try {
                    doveadm("user", user);
                    return;
                } catch (IllegalStateException notYet) {
                    if (System.nanoTime() > deadline) {
                        throw notYet;
                    }
                    ChildProcess.sleep(250);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Gives a user a new password, as a user changing it at their provider would; returns once it logs in. */
    public synchronized void changePassword(String user, String password) {
        try {
            List<String> lines = Files.readAllLines(users).stream()
                    .map(line -> line.startsWith(user + ":") ? user + ":{PLAIN}" + password : line)
                    .toList();
            Files.write(users, lines);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            try (RawImapClient ignored = new RawImapClient(imapPort, user, password)) {
                return;
            } catch (IOException notYet) {
                if (System.nanoTime() > deadline) {
                    throw new UncheckedIOException("Dovecot did not take the new password of " + user, notYet);
                }
                ChildProcess.sleep(250);
            }
        }
    }

    public int imapPort() {
        return imapPort;
    }

    public int pop3Port() {
        return pop3Port;
    }

    /** POP3 over TLS from the first byte; only when started {@link #startWithTls with TLS}. */
    public int pop3sPort() {
        if (certificate == null) {
            throw new IllegalStateException("this Dovecot was started without TLS");
        }
        return pop3sPort;
    }

    /** IMAP over TLS from the first byte; only when started {@link #startWithTls with TLS}. */
    public int imapsPort() {
        if (certificate == null) {
            throw new IllegalStateException("this Dovecot was started without TLS");
        }
        return imapsPort;
    }

    /** The server's certificate; only when started {@link #startWithTls with TLS}. */
    public TestCertificate certificate() {
        if (certificate == null) {
            throw new IllegalStateException("this Dovecot was started without TLS");
        }
        return certificate;
    }

    /** Runs {@code doveadm} against this instance and returns what it printed; fails on a non-zero exit. */
    public String doveadm(String... args) {
        return doveadmWithInput(null, args);
    }

    /** Delivers a raw message into a folder, byte for byte. */
    public void save(String user, String folder, byte[] message) {
        doveadmWithInput(message, "save", "-u", user, "-m", folder);
    }

    private String doveadmWithInput(byte[] input, String... args) {
        List<String> command = new ArrayList<>(List.of("/usr/bin/doveadm", "-c", config.toString()));
        command.addAll(List.of(args));
        return ChildProcess.runToEnd("doveadm " + String.join(" ", args), command, input);
    }

    public Path dir() {
        return dir;
    }

    @Override
    public void close() {
        process.close();
    }
}
