package io.mailcellar.restore.export;

import io.mailcellar.restore.select.FolderLevels;

import java.nio.charset.StandardCharsets;

/**
 * Where a folder goes in an export, as safe relative paths: a folder name
 * from a mail server (which may be hostile: {@code ../../etc}, control
 * characters) never names a file outside the export. Each level of the name
 * (split at the folder's delimiter) is one path element, in which {@code %},
 * {@code /}, {@code \}, control characters and a leading {@code .} are
 * written as {@code %XX} (UTF-8 bytes in hex), so distinct names stay
 * distinct; an empty level is {@code %00}.
 */
public final class FolderPaths {

    private FolderPaths() {
    }

    /**
     * The mbox file of a folder: its levels as directories, the last with {@code .mbox} appended, e.g.
     * {@code Projects/Alpha.mbox}; {@code delimiter} null means the name has no hierarchy.
     */
    public static String mboxFile(String folder, String delimiter) {
        return String.join("/", FolderLevels.of(folder, delimiter).stream().map(level -> escaped(level, false))
                .toList()) + ".mbox";
    }

    /**
     * The Maildir++ folder directory: empty for INBOX (the Maildir itself), else {@code .} and the levels joined
     * by {@code .}, in which a {@code .} of the name is escaped too (e.g. {@code .Projects.v1%2E2}).
     */
    public static String maildirFolder(String folder, String delimiter) {
        if ("INBOX".equalsIgnoreCase(folder)) {
            return "";
        }
        return "." + String.join(".", FolderLevels.of(folder, delimiter).stream().map(level -> escaped(level, true))
                .toList());
    }

    private static String escaped(String level, boolean escapeDots) {
        if (level.isEmpty()) {
            return "%00";
        }
        StringBuilder out = new StringBuilder(level.length());
        for (int i = 0; i < level.length(); ) {
            int c = level.codePointAt(i);
            boolean escape = c == '%' || c == '/' || c == '\\' || c < 0x20 || c == 0x7f
                    || (c == '.' && (escapeDots || i == 0));
            if (escape) {
                for (byte b : new String(Character.toChars(c)).getBytes(StandardCharsets.UTF_8)) {
                    out.append('%').append(String.format("%02X", b & 0xff));
                }
            } else {
                out.appendCodePoint(c);
            }
            i += Character.charCount(c);
        }
        return out.toString();
    }
}
