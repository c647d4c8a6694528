package io.mailcellar.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MailboxFormTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static MultivaluedMap<String, String> fields(String... pairs) {
        MultivaluedMap<String, String> map = new MultivaluedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.add(pairs[i], pairs[i + 1]);
        }
        return map;
    }

    @Test
    void aRegistrationFormBecomesTheApisRegistration() {
        MailboxForm form = MailboxForm.of(fields("protocol", "pop3", "name", " Home ", "host", "pop.example.test",
                "port", "", "security", "starttls", "username", "u", "password", "p w", "interval", "30",
                "include", "INBOX\r\nArchive/*", "exclude", "", "enabled", "on", "pop3Delete", "after-days",
                "pop3Days", "7"));

        ObjectNode json = form.toJson(MAPPER, false);

        assertThat(json.toString()).isEqualTo("{\"protocol\":\"pop3\",\"name\":\"Home\",\"host\":\"pop.example.test\","
                + "\"port\":null,\"security\":\"starttls\",\"username\":\"u\",\"auth\":{\"type\":\"password\","
                + "\"password\":\"p w\"},\"schedule\":{\"interval\":\"PT30M\"},\"folders\":{\"include\":[\"INBOX\","
                + "\"Archive/*\"],\"exclude\":[]},\"enabled\":true,\"pop3\":{\"deleteFromServer\":\"after-days\","
                + "\"days\":7}}");
    }

    @Test
    void aChangeWithoutAPasswordKeepsTheStoredOneAndAnUncheckedBoxDisables() {
        ObjectNode patch = MailboxForm.of(fields("protocol", "imap", "host", "h", "security", "tls", "username", "u",
                "interval", "15", "include", "")).toJson(MAPPER, true);

        assertThat(patch.has("auth")).isFalse();
        assertThat(patch.has("protocol")).as("a mailbox keeps its protocol").isFalse();
        assertThat(patch.get("enabled").asBoolean()).isFalse();
        assertThat(patch.get("folders").get("include").toString()).isEqualTo("[\"*\"]");
    }

    @Test
    void aConnectedAccountRegistersWithItsSignInAndNoPassword() {
        MailboxForm connected = MailboxForm.connected("0b8f3c52-1d1e-4b7a-9a51-6f0c2d7e4a10", "microsoft");
        assertThat(connected.host()).isEqualTo("outlook.office365.com");
        assertThat(connected.toJson(MAPPER, false).get("auth").toString())
                .isEqualTo("{\"type\":\"oauth2\",\"authorization\":\"0b8f3c52-1d1e-4b7a-9a51-6f0c2d7e4a10\"}");
        assertThat(MailboxForm.connected("<script>", "google").isConnected()).as("not a sign-in's id").isFalse();
    }

    @Test
    void numbersThatAreNoNumbersAreNamedByTheirInput() {
        assertThatThrownBy(() -> MailboxForm.of(fields("port", "imap")).toJson(MAPPER, false))
                .isInstanceOfSatisfying(MailboxForm.FormException.class, e -> assertThat(e.input()).isEqualTo("port"));
        assertThatThrownBy(() -> MailboxForm.of(fields("interval", "0")).toJson(MAPPER, false))
                .hasMessage("must be at least 1 minute");
        assertThatThrownBy(() -> MailboxForm.of(fields("protocol", "pop3", "pop3Delete", "after-days",
                "pop3Days", "soon")).toJson(MAPPER, false))
                .isInstanceOfSatisfying(MailboxForm.FormException.class,
                        e -> assertThat(e.input()).isEqualTo("pop3Days"));
    }

    @Test
    void theApisFieldPathsLandAtTheirInputs() {
        assertThat(MailboxForm.inputFor("auth.password")).isEqualTo("password");
        assertThat(MailboxForm.inputFor("schedule.interval")).isEqualTo("interval");
        assertThat(MailboxForm.inputFor("folders.include[3]")).isEqualTo("include");
        assertThat(MailboxForm.inputFor("pop3.days")).isEqualTo("pop3Days");
        assertThat(MailboxForm.inputFor("pop3.deleteFromServer")).isEqualTo("pop3Delete");
        assertThat(MailboxForm.inputFor("host")).isEqualTo("host");
        assertThat(MailboxForm.inputFor("limits.maxBytesPerDay")).as("a field the form does not show").isEqualTo("form");
        assertThat(RestorePages.inputFor("target.auth.password")).isEqualTo("password");
        assertThat(RestorePages.inputFor("target.host")).isEqualTo("host");
        assertThat(RestorePages.inputFor("at")).isEqualTo("form");
    }
}
