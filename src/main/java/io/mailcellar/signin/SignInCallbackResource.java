package io.mailcellar.signin;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Where the provider sends the browser back after the code flow. A browser
 * brings no bearer token: the single-use state is what authenticates it.
 */
@Path(SignIns.CALLBACK_PATH)
@Tag(name = "Sign-in")
public class SignInCallbackResource {

    private final SignIns signIns;

    SignInCallbackResource(SignIns signIns) {
        this.signIns = signIns;
    }

    @PermitAll // its single-use state authenticates it: a browser coming back from the provider has no token
    @GET
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "The provider's redirect after a person signed in", description = "Opened by the "
            + "person's browser, without a bearer token; the state (single-use, valid until the sign-in expires) "
            + "authenticates it. Answers a short page that says whether the sign-in is done.")
    @APIResponse(responseCode = "200", description = "Signed in")
    @APIResponse(responseCode = "400", description = "Unknown, used or expired state, or the provider refused")
    public Response callback(@QueryParam("state") String state, @QueryParam("code") String code,
                             @QueryParam("error") String error,
                             @QueryParam("error_description") String errorDescription) {
        SignIns.CallbackOutcome outcome = signIns.callback(state, code, error, errorDescription);
        return Response.status(outcome.signedIn() ? 200 : 400)
                .type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'")
                .header("Cache-Control", "no-store")
                .header("Referrer-Policy", "no-referrer")
                .header("X-Content-Type-Options", "nosniff")
                .entity(page(outcome))
                .build();
    }

    static String page(SignIns.CallbackOutcome outcome) {
        String title = outcome.signedIn() ? "Signed in" : "Not signed in";
        return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>mailcellar: " + title
                + "</title></head>\n<body style=\"font-family: sans-serif; margin: 3em\"><h1>" + title + "</h1>\n<p>"
                + escape(outcome.message()) + "</p></body></html>\n";
    }

    private static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
