package io.mailcellar.app;

/**
 * Text from outside (folder names, server answers, error messages) made safe
 * for one log line or status field: CR, LF and every other control
 * character become visible escapes, so no server can forge a log line or
 * hide text from the person reading it. Long text is cut, with a mark.
 */
public final class LogText {

    private static final int LIMIT = 500;

    private LogText() {
    }

    public static String of(Object value) {
        if (value == null) {
            return "null";
        }
        String text = value.toString();
        StringBuilder out = new StringBuilder(Math.min(text.length(), LIMIT) + 16);
        for (int i = 0; i < text.length(); i++) {
            if (out.length() >= LIMIT) {
                return out.append("…(").append(text.length() - i).append(" more characters)").toString();
            }
            char c = text.charAt(i);
            switch (c) {
                case '\r' -> out.append("\\r");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029'
                            || Character.getType(c) == Character.FORMAT) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}
