package io.mailcellar.web;

import com.fasterxml.jackson.databind.JsonMappingException;
import io.mailcellar.api.InvalidFieldException;
import io.mailcellar.api.ProblemMappers;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.ClientErrorException;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What the API would answer a form's registration with, as messages at the form's inputs. */
final class FormErrors {

    private FormErrors() {
    }

    /** The errors a refusal carries by input; empty when it is no refusal of the input (it is rethrown then). */
    static Optional<Map<String, String>> of(Exception e) {
        return of(e, MailboxForm::inputFor);
    }

    /** @param inputFor the form input a JSON path of the request concerns ("form" for the whole form) */
    static Optional<Map<String, String>> of(Exception e, java.util.function.Function<String, String> inputFor) {
        if (e instanceof MailboxForm.FormException form) {
            return Optional.of(Map.of(form.input(), form.getMessage()));
        }
        if (e instanceof ConstraintViolationException violations) {
            return Optional.of(byInput(inputFor, violations.getConstraintViolations().stream()
                    .map(v -> Map.entry(ProblemMappers.jsonPath(v), v.getMessage())).toList()));
        }
        if (e instanceof InvalidFieldException field) {
            return Optional.of(byInput(inputFor, List.of(Map.entry(field.field(), field.getMessage()))));
        }
        if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            String field = mapping.getPath().get(0).getFieldName();
            return Optional.of(byInput(inputFor, List.of(Map.entry(field == null ? "" : field,
                    "is not a value this field takes"))));
        }
        if (e instanceof ClientErrorException refused && refused.getResponse().getStatus() != 403
                && refused.getResponse().getStatus() != 401) {
            return Optional.of(Map.of("form", refused.getMessage()));
        }
        return Optional.empty();
    }

    private static Map<String, String> byInput(java.util.function.Function<String, String> inputFor,
                                               List<Map.Entry<String, String>> pathsAndMessages) {
        Map<String, String> errors = new java.util.LinkedHashMap<>();
        for (Map.Entry<String, String> error : pathsAndMessages) {
            errors.merge(inputFor.apply(error.getKey()), error.getValue(), (a, b) -> a.equals(b) ? a : a + "; " + b);
        }
        return errors;
    }
}
