package io.mailcellar.restore.export;

import io.mailcellar.archive.snapshot.TreeMessage;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The names of one Maildir++ folder's files: each message in {@code cur/}
 * as {@code <seconds>.U<uidvalidity>_<uid>.mailcellar,S=<size>:2,<flags>}
 * (POP3: {@code .N<n>} for the UID part), its flags as Maildir letters in
 * ASCII order ({@code D}raft, {@code F}lagged, {@code R}eplied for
 * {@code \Answered}, {@code S}een, {@code T}rashed for {@code \Deleted}), and
 * its keywords as the letters {@code a} to {@code z} that Dovecot reads from
 * the folder's {@code dovecot-keywords} file. A folder holds at most 26
 * keywords that way; further ones are counted as not kept.
 */
public final class MaildirNames {

    static final int MAX_KEYWORDS = 26;

    private final Map<String, Character> letters = new LinkedHashMap<>();
    private long keywordsNotKept;

    /** The file name, in {@code cur/}, of a message received at {@code received}. */
    public String file(TreeMessage message, long uidValidity, Instant received) {
        StringBuilder name = new StringBuilder().append(received.getEpochSecond());
        if (message.uid() != null) {
            name.append(".U").append(uidValidity).append('_').append(message.uid());
        } else {
            name.append(".N").append(message.n());
        }
        name.append(".mailcellar,S=").append(message.size()).append(":2,");
        List<Character> flags = new ArrayList<>();
        for (String flag : message.flags()) {
            Character letter = switch (flag) {
                case "\\Draft" -> 'D';
                case "\\Flagged" -> 'F';
                case "\\Answered" -> 'R';
                case "\\Seen" -> 'S';
                case "\\Deleted" -> 'T';
                default -> null;
            };
            if (letter != null) {
                flags.add(letter);
            }
        }
        for (String keyword : message.keywords()) {
            Character letter = letterOf(keyword);
            if (letter != null) {
                flags.add(letter);
            }
        }
        flags.stream().distinct().sorted().forEach(name::append);
        return name.toString();
    }

    private Character letterOf(String keyword) {
        Character letter = letters.get(keyword);
        if (letter == null) {
            if (letters.size() == MAX_KEYWORDS) {
                keywordsNotKept++;
                return null;
            }
            letter = (char) ('a' + letters.size());
            letters.put(keyword, letter);
        }
        return letter;
    }

    /** The folder's {@code dovecot-keywords} file ({@code <index> <keyword>} per line), or empty without keywords. */
    public byte[] dovecotKeywords() {
        StringBuilder file = new StringBuilder();
        letters.forEach((keyword, letter) -> file.append(letter - 'a').append(' ').append(keyword).append('\n'));
        return file.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** How many keyword uses did not fit in the folder's 26 letters. */
    public long keywordsNotKept() {
        return keywordsNotKept;
    }
}
