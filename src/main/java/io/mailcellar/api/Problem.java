package io.mailcellar.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

/** An RFC 9457 problem detail, the body of every error answer. */
@Schema(name = "Problem", description = "RFC 9457 problem details")
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(String type, String title, int status, String detail, String instance,
                      List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";

    /** One offending field of the request body or query, by JSON path, and what to fix. */
    @Schema(name = "FieldError")
    public record FieldError(String field, String message) {
    }

    public static Problem of(int status, String title, String detail, String instance) {
        return new Problem("about:blank", title, status, detail, instance, List.of());
    }

    public static Problem invalid(List<FieldError> errors, String instance) {
        String detail = errors.stream().map(e -> e.field() + ": " + e.message())
                .reduce((a, b) -> a + "; " + b).orElse("the request is invalid");
        return new Problem("about:blank", "Invalid request", 400, detail, instance, List.copyOf(errors));
    }
}
