package io.shareledger.query.readmodel;

/**
 * What the read models store of a string from an event (docs/query-service.md, ADR 0014). The write
 * API refuses control characters and unpaired surrogates, but events stored before that policy, or
 * written by other means, may hold them, and a read model must never fail on an event the store
 * holds. PostgreSQL text refuses U+0000, and the driver would encode an unpaired surrogate as '?'
 * (silently, and not as a visible mark): both become U+FFFD REPLACEMENT CHARACTER. Everything else,
 * other control characters included, is kept as it is. The treatment is a pure function of the
 * string, and it is idempotent, so live processing, redeliveries and rebuilds store the same rows.
 */
public final class StoredText {

    public static final char REPLACEMENT = '\uFFFD';

    private StoredText() {
    }

    public static String of(String text) {
        if (text == null) {
            return null;
        }
        int length = text.length();
        int first = firstToReplace(text);
        if (first == length) {
            return text;
        }
        StringBuilder stored = new StringBuilder(length).append(text, 0, first);
        for (int i = first; i < length; i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(text.charAt(i + 1))) {
                stored.append(c).append(text.charAt(++i));
            } else if (c == '\u0000' || Character.isSurrogate(c)) {
                stored.append(REPLACEMENT);
            } else {
                stored.append(c);
            }
        }
        return stored.toString();
    }

    private static int firstToReplace(String text) {
        int length = text.length();
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (c == '\u0000') {
                return i;
            }
            if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return i;
            }
        }
        return length;
    }
}
