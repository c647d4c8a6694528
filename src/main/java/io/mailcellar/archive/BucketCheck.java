package io.mailcellar.archive;

/**
 * Whether the bucket may be written, decided from what the store and Kafka
 * say, apart from both. The one rule: a bucket the archive has been written
 * to is never created again empty. If it is gone, or emptied, it is a lost
 * archive to report, not a blank one to fill: whatever was in it would
 * count as backed up while it is not.
 *
 * <p>What was written before is known outside the bucket: the archivers'
 * committed offsets in Kafka. Inside it, a marker object says the bucket is
 * the archive's; it is written when the bucket is created, or first used.
 */
final class BucketCheck {

    private BucketCheck() {
    }

    /** The facts, asked only as far as the decision needs them (each may cost a request). */
    interface Facts {

        boolean exists();

        /** The marker object is there. */
        boolean marked();

        /** Any object under the archive's prefix. */
        boolean holdsObjects();

        /** The archivers have archived events before (committed offsets on {@code mail-events}). */
        boolean archivedBefore();
    }

    enum Verdict {
        /** The archive's bucket, marked: write away. */
        READY(true),
        /** New, or written by a release that did not mark: write the marker, then go on. */
        MARK(true),
        /** Absent and never written: create it and mark it. */
        CREATE_AND_MARK(true),
        /** Absent, though written before: lost; never recreated. */
        GONE(false),
        /** There, but holding nothing, not even the marker, though written before: emptied or replaced. */
        EMPTIED(false),
        /** Absent, never written, and creating it is not allowed here. */
        ABSENT(false);

        private final boolean writable;

        Verdict(boolean writable) {
            this.writable = writable;
        }

        boolean writable() {
            return writable;
        }
    }

    static Verdict decide(Facts facts, boolean createAllowed) {
        if (!facts.exists()) {
            if (facts.archivedBefore()) {
                return Verdict.GONE;
            }
            return createAllowed ? Verdict.CREATE_AND_MARK : Verdict.ABSENT;
        }
        if (facts.marked()) {
            return Verdict.READY;
        }
        if (facts.holdsObjects() || !facts.archivedBefore()) {
            return Verdict.MARK;
        }
        return Verdict.EMPTIED;
    }

    /** For a verdict that forbids writing: what is wrong and what to do, in words. */
    static String problem(Verdict verdict, String bucket, String marker) {
        return switch (verdict) {
            case GONE -> "bucket " + bucket + " is gone, though the archivers have written to it before; it is not "
                    + "created again empty, so nothing is archived or polled until it is back. Restore it (or "
                    + "point mailcellar.s3 at where it went); to start a new archive on purpose, create the "
                    + "bucket by hand and put an object at " + marker;
            case EMPTIED -> "bucket " + bucket + " holds nothing under the archive's prefix, not even " + marker
                    + ", though the archivers have written to it before: it was emptied or replaced. Nothing is "
                    + "archived or polled until its contents are restored; to start a new archive on purpose, "
                    + "put an object at " + marker;
            case ABSENT -> "bucket " + bucket + " does not exist and mailcellar.s3.create-bucket is false: "
                    + "create it, or allow the service to";
            case READY, MARK, CREATE_AND_MARK -> throw new IllegalArgumentException(verdict + " is no problem");
        };
    }
}
