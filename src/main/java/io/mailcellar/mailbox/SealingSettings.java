package io.mailcellar.mailbox;

import io.smallrye.config.ConfigMapping;

import java.util.Map;
import java.util.Optional;

/**
 * Keys that seal mailbox secrets at rest ({@code mailcellar.sealing.*}).
 * Keep old keys listed after a rotation so that secrets sealed with them stay readable.
 */
@ConfigMapping(prefix = "mailcellar.sealing")
public interface SealingSettings {

    /** Key id (lower-case letters and digits) to a base64 256-bit AES key. */
    Map<String, String> keys();

    /** The id of the key new secrets are sealed with; required once any key is set. */
    Optional<String> activeKey();
}
