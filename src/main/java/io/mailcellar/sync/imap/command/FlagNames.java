package io.mailcellar.sync.imap.command;

import jakarta.mail.Flags;

import java.util.ArrayList;
import java.util.List;

/** Message flags in IMAP spelling, sorted, without the per-session {@code \Recent}. */
public final class FlagNames {

    private FlagNames() {
    }

    public static List<String> of(Flags flags) {
        List<String> names = new ArrayList<>();
        for (Flags.Flag flag : flags.getSystemFlags()) {
            if (flag == Flags.Flag.SEEN) {
                names.add("\\Seen");
            } else if (flag == Flags.Flag.ANSWERED) {
                names.add("\\Answered");
            } else if (flag == Flags.Flag.FLAGGED) {
                names.add("\\Flagged");
            } else if (flag == Flags.Flag.DELETED) {
                names.add("\\Deleted");
            } else if (flag == Flags.Flag.DRAFT) {
                names.add("\\Draft");
            }
        }
        names.addAll(List.of(flags.getUserFlags()));
        names.sort(null);
        return List.copyOf(names);
    }
}
