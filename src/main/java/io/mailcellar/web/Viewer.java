package io.mailcellar.web;

import io.mailcellar.app.ApiRole;
import io.quarkus.security.identity.SecurityIdentity;

/**
 * Who is looking at a page, and so what it offers: a reader sees metadata
 * and no control that changes anything or shows content.
 */
@io.quarkus.qute.TemplateData
public record Viewer(String name, ApiRole role, String csrf) {

    static Viewer of(SecurityIdentity identity) {
        ApiRole role = ApiRole.strongestOf(identity.getRoles()).orElse(ApiRole.READER);
        Object csrf = identity.getAttribute(SessionMechanism.CSRF);
        return new Viewer(identity.getPrincipal().getName(), role, csrf == null ? "" : csrf.toString());
    }

    /** Content, sync, check and export. */
    public boolean canOperate() {
        return role.compareTo(ApiRole.OPERATOR) >= 0;
    }

    public boolean canAdminister() {
        return role == ApiRole.ADMIN;
    }

    public String roleName() {
        return role.wireName();
    }
}
