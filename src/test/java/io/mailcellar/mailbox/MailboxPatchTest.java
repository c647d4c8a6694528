package io.mailcellar.mailbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.mailcellar.api.InvalidFieldException;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MailboxPatchTest {

    private static final Instant REGISTERED = Instant.parse("2026-11-26T12:00:00Z");
    private static final Instant CHANGED = Instant.parse("2026-12-05T09:00:00Z");

    private final ObjectMapper mapper = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS);
    private final SecretSealer sealer =
            SecretSealerTest.sealer(Map.of("k1", Base64.getEncoder().encodeToString(new byte[32])), "k1");

    private MailboxFactory factoryAt(Instant now) {
        MailboxSettings settings = new TestMailboxSettings(false);
        return new MailboxFactory(settings, sealer, Clock.fixed(now, ZoneOffset.UTC), new TestSignedInAccounts(),
                io.mailcellar.testsupport.TestOutbound.resolving(java.util.Map.of()));
    }

    private Mailbox registered() {
        return factoryAt(REGISTERED).create(new MailboxRegistration("Work", Protocol.IMAP, "mail.example.test", null,
                null, "alice", MailboxRegistration.Auth.password("hunter2"),
                new MailboxRegistration.Schedule(Duration.ofMinutes(30)),
                new MailboxRegistration.Folders(List.of("*"), List.of("Junk")), null, null, null, null, null));
    }

    private Mailbox patched(Mailbox current, String patch) throws Exception {
        MailboxPatch.Result result = MailboxPatch.apply(current, mapper.readTree(patch), mapper);
        return factoryAt(CHANGED).update(current, result.registration(), result.newAuth());
    }

    @Test
    void aNewPasswordIsSealedAndEverythingElseStays() throws Exception {
        Mailbox before = registered();

        Mailbox after = patched(before, "{\"auth\": {\"type\": \"password\", \"password\": \"correct horse\"}}");

        assertThat(sealer.open(SealedFor.of(after), after.auth().sealedSecret())).isEqualTo("correct horse");
        assertThat(after).usingRecursiveComparison().ignoringFields("auth", "updatedAt").isEqualTo(before);
        assertThat(after.updatedAt()).isEqualTo(CHANGED);
        assertThat(after.createdAt()).isEqualTo(REGISTERED);
    }

    @Test
    void fieldsLeftOutAreKeptNestedObjectsMergeAndNullRestoresTheDefault() throws Exception {
        Mailbox before = registered();

        Mailbox after = patched(before, """
                {"schedule": null, "folders": {"include": ["INBOX"]}, "enabled": false,
                 "retention": {"keepLast": 7}, "name": null}""");

        assertThat(after.interval()).as("the default").isEqualTo(Duration.ofMinutes(15));
        assertThat(after.include()).containsExactly("INBOX");
        assertThat(after.exclude()).as("merged, not replaced").containsExactly("Junk");
        assertThat(after.enabled()).isFalse();
        assertThat(after.retention().keepLast()).isEqualTo(7);
        assertThat(after.name()).isEqualTo("alice@mail.example.test");
        assertThat(after.auth()).as("the sealed secret, untouched").isEqualTo(before.auth());

        Mailbox again = patched(after, "{\"retention\": null}");
        assertThat(again.retention()).as("keeps every snapshot again").isNull();
    }

    @Test
    void aDefaultPortFollowsAChangeOfSecurity() throws Exception {
        Mailbox after = patched(registered(), """
                {"security": "starttls", "auth": {"type": "password", "password": "hunter2"}}""");

        assertThat(after.port()).isEqualTo(143);
    }

    @Test
    void anotherServerOrAccountNeedsItsOwnCredentials() throws Exception {
        for (String patch : List.of("{\"host\": \"elsewhere.example.test\"}", "{\"username\": \"mallory\"}",
                "{\"port\": 10993}", "{\"security\": \"starttls\"}")) {
            assertThatThrownBy(() -> patched(registered(), patch)).as(patch)
                    .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.field()).isEqualTo("auth"))
                    .hasMessageContaining("only ever sent to the server it was given for");
        }
        Mailbox moved = patched(registered(), """
                {"host": "elsewhere.example.test", "auth": {"type": "password", "password": "new one"}}""");
        assertThat(moved.host()).isEqualTo("elsewhere.example.test");
        assertThat(moved.name()).as("an explicit name stays").isEqualTo("Work");
        assertThat(sealer.open(SealedFor.of(moved), moved.auth().sealedSecret())).isEqualTo("new one");
        assertThat(patched(registered(), "{\"host\": \"MAIL.example.test\"}").host())
                .as("the same host, written otherwise").isEqualTo("MAIL.example.test");
    }

    @Test
    void theProtocolCannotChangeNorTheCredentialsBeRemoved() {
        assertThatThrownBy(() -> patched(registered(), "{\"protocol\": \"pop3\"}"))
                .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.field()).isEqualTo("protocol"))
                .hasMessageContaining("register a new mailbox");
        assertThatThrownBy(() -> patched(registered(), "{\"auth\": null}"))
                .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.field()).isEqualTo("auth"));
        assertThatThrownBy(() -> patched(registered(), "[]"))
                .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.field()).isEqualTo("body"));
    }

    @Test
    void theRulesOfRegistrationStillHold() {
        assertThatThrownBy(() -> patched(registered(), "{\"schedule\": {\"interval\": \"PT1S\"}}"))
                .isInstanceOfSatisfying(InvalidFieldException.class,
                        e -> assertThat(e.field()).isEqualTo("schedule.interval"));
        assertThatThrownBy(() -> patched(registered(), "{\"pop3\": {\"deleteFromServer\": \"after-archive\"}}"))
                .isInstanceOfSatisfying(InvalidFieldException.class,
                        e -> assertThat(e.field()).isEqualTo("pop3.deleteFromServer"));
    }

    @Test
    void aMisspelledFieldIsRefusedRatherThanIgnored() {
        assertThatThrownBy(() -> patched(registered(), "{\"schedule\": {\"intervall\": \"PT1H\"}}"))
                .isInstanceOf(UnrecognizedPropertyException.class)
                .hasMessageContaining("intervall");
    }
}
