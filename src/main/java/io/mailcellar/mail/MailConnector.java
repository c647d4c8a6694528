package io.mailcellar.mail;

import io.mailcellar.mail.oauth.AccessTokens;
import io.mailcellar.mailbox.AuthType;
import io.mailcellar.mailbox.Mailbox;
import io.mailcellar.mailbox.SealedFor;
import io.mailcellar.mailbox.SecretSealer;
import io.mailcellar.mailbox.Security;
import jakarta.enterprise.context.ApplicationScoped;
import io.mailcellar.app.LogText;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import org.jboss.logging.Logger;

import java.io.IOException;
import jakarta.mail.Session;
import jakarta.mail.Store;

import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLSocketFactory;

/**
 * Opens an authenticated IMAP store or POP3 session for a mailbox with the
 * settings that keep a backup faithful: IMAP fetches never set {@code \Seen}
 * (peek) and take whole messages in one {@code BODY.PEEK[]} (no 16 KiB partial
 * fetches); TLS certificates and host names are verified; STARTTLS / STLS is
 * required, not opportunistic; every socket has timeouts.
 */
@ApplicationScoped
public class MailConnector {

    private static final Logger LOG = Logger.getLogger(MailConnector.class);

    private final MailTimeouts timeouts;
    private final SecretSealer sealer;
    private final ConnectionWatch watch;
    /**
     * Sessions by their settings, which only a mailbox's security and kind of
     * login vary. Making a session reads the mail providers' configuration
     * from the class path anew, a cost every poll would pay before it connects.
     */
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();

    private final AccessTokens tokens;

    MailConnector(MailTimeouts timeouts, SecretSealer sealer, ConnectionWatch watch, AccessTokens tokens) {
        this.tokens = tokens;
        this.timeouts = timeouts;
        this.sealer = sealer;
        this.watch = watch;
    }

    /** An IMAP store, logged in. */
    public Store connect(Mailbox mailbox) throws MessagingException {
        String protocol = protocolName(mailbox);
        Store store = session(mailbox, protocol).getStore(protocol);
        String secret = secret(mailbox);
        try {
            store.connect(mailbox.host(), mailbox.port(), mailbox.username(), secret);
        } catch (AuthenticationFailedException e) {
            throw e;
        } catch (MessagingException e) {
            if (e.getCause() == null || e.getCause() instanceof IOException) {
                throw e; // a network failure (refused, timed out, TLS, the outbound guard): said as it is
            }
            // The server answered, but not as IMAP before login: its words stay in the log, not in the status,
            // where a caller who registered any host and port would learn what listens there.
            LOG.warnf("mailbox %s: %s:%d answered unlike an IMAP server before login: %s", mailbox.id(),
                    LogText.of(mailbox.host()), mailbox.port(), LogText.of(cut(e.getMessage())));
            throw new MessagingException("the server " + mailbox.host() + ":" + mailbox.port() + " did not answer "
                    + "as an IMAP server does before login (* OK); check the port and security");
        }
        return store;
    }

    private static String cut(String text) {
        return text == null || text.length() <= 200 ? text : text.substring(0, 200) + "…";
    }

    /** A POP3 session, logged in. */
    public Pop3Client openPop3(Mailbox mailbox) throws MessagingException {
        Pop3Client.Endpoint endpoint = new Pop3Client.Endpoint(mailbox.host(), mailbox.port(), mailbox.security(),
                timeouts.connect(), timeouts.read(), (SSLSocketFactory) SSLSocketFactory.getDefault(), watch.plain());
        AuthType login = mailbox.auth().type().usesAccessToken() ? AuthType.XOAUTH2 : AuthType.PASSWORD;
        return Pop3Client.open(endpoint, mailbox.username(), login, secret(mailbox));
    }

    /** The password, or for OAuth2 logins an access token, fetched or cached. */
    private String secret(Mailbox mailbox) throws MessagingException {
        return switch (mailbox.auth().type()) {
            case PASSWORD, XOAUTH2 -> sealer.open(SealedFor.of(mailbox), mailbox.auth().sealedSecret());
            case OAUTH2, OAUTH2_APP -> tokens.accessToken(mailbox);
        };
    }

    /** The session for a mailbox's settings; sessions are safe to share, each connection has its own store. */
    Session session(Mailbox mailbox, String protocol) {
        Properties properties = properties(mailbox, protocol);
        return sessions.computeIfAbsent(new TreeMap<>(properties).toString(), key -> Session.getInstance(properties));
    }

    static String protocolName(Mailbox mailbox) {
        return mailbox.security() == Security.TLS ? "imaps" : "imap";
    }

    Properties properties(Mailbox mailbox, String protocol) {
        String p = "mail." + protocol + ".";
        Properties props = new Properties();
        props.setProperty(p + "connectiontimeout", Long.toString(timeouts.connect().toMillis()));
        props.setProperty(p + "timeout", Long.toString(timeouts.read().toMillis()));
        props.setProperty(p + "ssl.checkserveridentity", "true");
        props.setProperty(p + "peek", "true");
        // Every socket registered and metered, so a run over its time or below the minimum transfer rate can be
        // cut short (ConnectionWatch). No SSL factory is set: Angus then makes a plain socket with this one and
        // layers TLS over it (the JVM's default trust, as before), for imaps and STARTTLS alike.
        props.put(p + "socketFactory", watch.plain());
        // Angus' default falls back to an unguarded java.net.Socket when the factory's socket fails to connect:
        // a connection the outbound guard refused would then be made anyway.
        props.setProperty(p + "socketFactory.fallback", "false");
        props.setProperty(p + "partialfetch", "false");
        if (mailbox.security() == Security.STARTTLS) {
            props.setProperty(p + "starttls.enable", "true");
            props.setProperty(p + "starttls.required", "true");
        }
        if (mailbox.auth().type().usesAccessToken()) {
            props.setProperty(p + "auth.mechanisms", "XOAUTH2");
        }
        return props;
    }
}
