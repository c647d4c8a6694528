package io.mailcellar.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.mailcellar.kafka.KafkaUnavailableException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Turns every failure of a REST call into {@code application/problem+json}
 * that says what to fix, naming request fields by their JSON path.
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response constraintViolation(ConstraintViolationException e, UriInfo uri) {
        List<Problem.FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new Problem.FieldError(jsonPath(v), v.getMessage()))
                .sorted(Comparator.comparing(Problem.FieldError::field))
                .toList();
        return respond(Problem.invalid(errors, uri.getPath()));
    }

    @ServerExceptionMapper
    public Response invalidField(InvalidFieldException e, UriInfo uri) {
        return respond(Problem.invalid(List.of(new Problem.FieldError(e.field(), e.getMessage())), uri.getPath()));
    }

    /** Named apart from its parent type so that it wins over the JSON provider's own mapper. */
    @ServerExceptionMapper
    public Response mismatchedJson(MismatchedInputException e, UriInfo uri) {
        return unreadableJson(e, uri);
    }

    @ServerExceptionMapper
    public Response unreadableJson(JsonProcessingException e, UriInfo uri) {
        if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            String field = mapping.getPath().stream()
                    .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                    .collect(Collectors.joining(".")).replace(".[", "[");
            return respond(Problem.invalid(List.of(new Problem.FieldError(field, describe(mapping))), uri.getPath()));
        }
        String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr()
                + ", column " + e.getLocation().getColumnNr();
        return respond(Problem.of(400, "Malformed JSON", "the body is not valid JSON" + where, uri.getPath()));
    }

    @ServerExceptionMapper
    public Response kafkaUnavailable(KafkaUnavailableException e, UriInfo uri) {
        LOG.warnf("%s %s: %s", "request", uri.getPath(), e.getMessage());
        return Response.fromResponse(respond(Problem.of(503, "Storage unavailable",
                "Kafka did not confirm the change, so nothing was changed; retry shortly", uri.getPath())))
                .header("Retry-After", "5").build();
    }

    @ServerExceptionMapper
    public Response unavailable(UnavailableException e, UriInfo uri) {
        return Response.fromResponse(respond(Problem.of(503, "Unavailable", e.getMessage(), uri.getPath())))
                .header("Retry-After", "5").build();
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e, UriInfo uri) {
        if (e.getCause() instanceof JsonProcessingException json) {
            return unreadableJson(json, uri);
        }
        int status = e.getResponse().getStatus();
        String title = Response.Status.fromStatusCode(status) == null
                ? "Error" : Response.Status.fromStatusCode(status).getReasonPhrase();
        return respond(Problem.of(status, title, e.getMessage(), uri.getPath()));
    }

    private static Response respond(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
    }

    private static String describe(JsonMappingException e) {
        if (e instanceof InvalidFormatException format && format.getTargetType() != null
                && format.getTargetType().isEnum()) {
            return "unknown value '" + format.getValue() + "'; expected one of "
                    + String.join(", ", enumNames(format.getTargetType()));
        }
        if (e instanceof UnrecognizedPropertyException) {
            return "unknown field";
        }
        if (e instanceof InvalidFormatException format) {
            return "'" + format.getValue() + "' is not a valid " + format.getTargetType().getSimpleName();
        }
        return "has the wrong type or shape";
    }

    private static List<String> enumNames(Class<?> type) {
        return Arrays.stream(type.getFields()).filter(java.lang.reflect.Field::isEnumConstant)
                .map(f -> {
                    JsonProperty property = f.getAnnotation(JsonProperty.class);
                    return property != null ? property.value() : f.getName();
                })
                .toList();
    }

    /**
     * The JSON path of a violation ({@code folders.include[0]}): the property
     * nodes after the method and its parameter, or the parameter itself for a
     * query or path parameter.
     */
    public static String jsonPath(ConstraintViolation<?> violation) {
        List<String> parts = new ArrayList<>();
        String parameter = null;
        for (Path.Node node : violation.getPropertyPath()) {
            if (node.isInIterable() && !parts.isEmpty()) {
                String key = node.getIndex() != null ? String.valueOf(node.getIndex()) : String.valueOf(node.getKey());
                parts.set(parts.size() - 1, parts.get(parts.size() - 1) + "[" + key + "]");
            }
            if (node.getKind() == ElementKind.PARAMETER) {
                parameter = node.getName();
            } else if (node.getKind() == ElementKind.PROPERTY) {
                parts.add(node.getName());
            }
        }
        if (!parts.isEmpty()) {
            return String.join(".", parts);
        }
        return parameter == null ? "body" : parameter;
    }
}
