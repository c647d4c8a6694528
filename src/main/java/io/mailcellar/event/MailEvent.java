package io.mailcellar.event;

/**
 * A change observed on a mailbox, published on {@code mailcellar.mail-events}
 * as a CloudEvent keyed by mailbox id. Each kind is a record; the codec maps
 * them to and from the wire.
 */
public sealed interface MailEvent permits MessageAdded, MessageFlagsChanged, MessageExpunged, FolderCreated,
        FolderDeleted, FolderRenamed, UidValidityChanged, SyncCompleted {

    /** The registered mailbox the event is about; also the Kafka key. */
    String mailboxId();

    /** The CloudEvents {@code type} of this kind. */
    EventType type();

    /**
     * A deterministic CloudEvents id: the same observation published twice
     * (after a crash between publish and cursor save) carries the same id.
     */
    String id();
}
