package io.mailcellar.testsupport;

import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import java.util.Properties;

/** A throw-away IMAP mailbox (GreenMail, in memory) for trying the local run without a real account. */
public final class DemoMailbox implements AutoCloseable {

    public static final String USER = "demo@localhost";
    public static final String PASSWORD = "demo-password";

    private final GreenMail greenMail;
    private final int port;

    private DemoMailbox(GreenMail greenMail, int port) {
        this.greenMail = greenMail;
        this.port = port;
    }

    public static DemoMailbox start(int port) throws MessagingException {
        GreenMail greenMail = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_IMAP));
        greenMail.start();
        GreenMailUser user = greenMail.setUser(USER, USER, PASSWORD);
        Session session = Session.getInstance(new Properties());
        for (int i = 1; i <= 3; i++) {
            MimeMessage message = new MimeMessage(session);
            message.setFrom(new InternetAddress("friend@example.org"));
            message.setRecipient(MimeMessage.RecipientType.TO, new InternetAddress(USER));
            message.setSubject("Demo message " + i);
            message.setText("This is demo message " + i + ", kept safe by mailcellar.", "UTF-8");
            message.saveChanges();
            user.deliver(message);
        }
        return new DemoMailbox(greenMail, port);
    }

    public String instructions(String baseUrl, String token) {
        return """
                A demo IMAP mailbox with 3 messages listens on 127.0.0.1:%d (user %s, password %s).
                Register it:

                  curl -s -X POST %s/api/v1/mailboxes -H 'Authorization: Bearer %s' -H 'Content-Type: application/json' -d '{
                    "name": "Demo", "protocol": "imap", "host": "127.0.0.1", "port": %d, "security": "none",
                    "username": "%s", "auth": {"type": "password", "password": "%s"}}'
                """.formatted(port, USER, PASSWORD, baseUrl, token, port, USER, PASSWORD);
    }

    @Override
    public void close() {
        greenMail.stop();
    }
}
