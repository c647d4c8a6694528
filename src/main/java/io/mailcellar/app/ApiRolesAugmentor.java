package io.mailcellar.app;

import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Gives a caller signed in through the OIDC provider the roles its strongest
 * mailcellar role includes (an {@code admin} claim is also operator and
 * reader), as a static token's caller has them. Other claims grant nothing.
 */
@ApplicationScoped
public class ApiRolesAugmentor implements SecurityIdentityAugmentor {

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        if (identity.isAnonymous() || identity.getAttribute(ApiTokenMechanism.VIA) != null) {
            return Uni.createFrom().item(identity);
        }
        return Uni.createFrom().item(ApiRole.strongestOf(identity.getRoles())
                .<SecurityIdentity>map(role -> QuarkusSecurityIdentity.builder(identity).addRoles(role.grants())
                        .addAttribute(ApiTokenMechanism.VIA, "oidc").build())
                .orElseGet(() -> QuarkusSecurityIdentity.builder(identity).addAttribute(ApiTokenMechanism.VIA, "oidc")
                        .build()));
    }
}
