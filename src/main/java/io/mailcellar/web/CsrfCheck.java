package io.mailcellar.web;

import jakarta.ws.rs.ForbiddenException;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** Every form the dashboard serves carries the session's CSRF token; a post without it changes nothing. */
final class CsrfCheck {

    private CsrfCheck() {
    }

    static void require(Viewer viewer, String sent) {
        if (viewer.csrf().isEmpty() || sent == null || !MessageDigest.isEqual(
                viewer.csrf().getBytes(StandardCharsets.UTF_8), sent.getBytes(StandardCharsets.UTF_8))) {
            throw new ForbiddenException("this form is stale or came from another site (its CSRF token does not "
                    + "match the session); reload the page and try again");
        }
    }
}
