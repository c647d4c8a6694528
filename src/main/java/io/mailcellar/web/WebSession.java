package io.mailcellar.web;

import java.time.Instant;

/**
 * A dashboard sign-in: who (an API token's name, never its value, or
 * {@code oidc:<subject>}), the role it was signed in with, when it ends, and
 * the token every form of the session must send back (CSRF). A token's
 * session takes the token's role as configured at each request; an OIDC
 * session keeps the role its ID token gave.
 */
public record WebSession(String caller, String role, Instant expires, String csrf) {
}
