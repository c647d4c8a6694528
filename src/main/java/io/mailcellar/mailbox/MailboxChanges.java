package io.mailcellar.mailbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Validator;

import java.util.Set;

/**
 * A mailbox as a merge patch would leave it, validated as a registration
 * is, before anything is stored: the PATCH endpoint stores it, a connection
 * test only tries it.
 */
@ApplicationScoped
public class MailboxChanges {

    private final MailboxFactory factory;
    private final ObjectMapper mapper;
    private final Validator validator;

    MailboxChanges(MailboxFactory factory, ObjectMapper mapper, Validator validator) {
        this.factory = factory;
        this.mapper = mapper;
        this.validator = validator;
    }

    /**
     * @throws ConstraintViolationException the changed registration is invalid
     * @throws io.mailcellar.api.InvalidFieldException a rule of the factory refuses a field
     */
    public Preview preview(Mailbox current, JsonNode patch) throws JsonProcessingException {
        MailboxPatch.Result result = MailboxPatch.apply(current, patch, mapper);
        Set<ConstraintViolation<MailboxRegistration>> violations = validator.validate(result.registration());
        if (!violations.isEmpty()) {
            throw new ConstraintViolationException(violations);
        }
        return new Preview(factory.update(current, result.registration(), result.newAuth()), result.registration(),
                result.newAuth());
    }

    /** The changed mailbox, the registration it came from, and whether it brings new credentials. */
    public record Preview(Mailbox changed, MailboxRegistration registration, boolean newAuth) {
    }
}
