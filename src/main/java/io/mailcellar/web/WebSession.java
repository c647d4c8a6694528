package io.mailcellar.web;

import java.time.Instant;

/**
 * A dashboard sign-in: the API token's name (never its value), when it ends,
 * and the token every form of the session must send back (CSRF).
 */
public record WebSession(String caller, Instant expires, String csrf) {
}
