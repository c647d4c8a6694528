package io.mailcellar.app;

import io.smallrye.config.ConfigMapping;

import java.util.Map;

/** {@code mailcellar.api.*}: who may call the REST API. */
@ConfigMapping(prefix = "mailcellar.api")
public interface ApiSettings {

    /**
     * Bearer tokens by name, e.g. {@code mailcellar.api.tokens.admin} (env
     * {@code MAILCELLAR_API_TOKENS_ADMIN}). A request to {@code /api/} must carry
     * {@code Authorization: Bearer <one of them>}. Several let a token be rotated
     * without downtime. A process with the api role does not start without one.
     */
    Map<String, String> tokens();
}
