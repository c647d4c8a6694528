package io.mailcellar.restore.imap;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One message a restore put into a target folder: the {@code occurrence}-th
 * copy (from 1) of the bytes with this SHA-256 in that folder, and, when the
 * server said (APPENDUID), where it went.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JournalEntry(String folder, String sha256, int occurrence, Long uidValidity, Long uid) {

    /** What the journal is keyed by: the same message twice in a folder is two keys. */
    public String key() {
        return folder + "\n" + sha256 + "\n" + occurrence;
    }
}
