package io.mailcellar.signin;

import io.mailcellar.api.UnavailableException;
import io.mailcellar.app.Role;
import io.mailcellar.app.RoleSettings;
import io.mailcellar.kafka.CompactedTable;
import io.mailcellar.kafka.CompactedTables;
import io.mailcellar.kafka.Topics;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Optional;

/** The sign-ins, in the compacted {@code oauth-authorizations} topic, read by every api instance. */
@Startup
@ApplicationScoped
public class SignInBook {

    private final CompactedTables.Handle<SignIn> signIns;

    SignInBook(CompactedTables tables, Topics topics, RoleSettings roles) {
        this.signIns = tables.register(topics.oauthAuthorizations(), SignIn.class, "mailcellar-sign-ins",
                roles.runs(Role.API));
    }

    public boolean isReady() {
        return signIns.isReady();
    }

    public Optional<SignIn> find(String id) {
        return loaded().get(id);
    }

    /** The pending code-flow sign-in whose state hashes to this. */
    public Optional<SignIn> byStateHash(String stateHash) {
        return loaded().values().stream().filter(s -> stateHash.equals(s.stateHash())).findFirst();
    }

    public List<SignIn> all() {
        return List.copyOf(loaded().values());
    }

    /** Writes the sign-in and waits for Kafka's acknowledgement. */
    public void put(SignIn signIn) {
        loaded().put(signIn.id(), signIn);
    }

    public void remove(String id) {
        loaded().remove(id);
    }

    private CompactedTable<SignIn> loaded() {
        if (!signIns.isReady()) {
            throw new UnavailableException("the sign-ins are still loading from Kafka; retry shortly");
        }
        return signIns.table();
    }
}
