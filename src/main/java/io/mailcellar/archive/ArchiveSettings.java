package io.mailcellar.archive;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The archiver ({@code mailcellar.archive.*}). The messaging worker pool reads
 * the same key (application.properties); this mapping documents it and makes a
 * malformed value stop the start.
 */
@ConfigMapping(prefix = "mailcellar.archive")
public interface ArchiveSettings {

    /** Messages one archiver writes to S3 at the same time. */
    @WithDefault("8")
    int concurrency();
}
