package io.mailcellar.event;

/** An event about one folder of a mailbox: its CloudEvents {@code subject} and {@code folder} attribute. */
public interface FolderEvent {

    String folder();
}
