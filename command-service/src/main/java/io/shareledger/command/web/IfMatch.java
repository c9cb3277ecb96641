package io.shareledger.command.web;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses {@code If-Match: "<version>"} (strong or weak) into the expected aggregate version. */
public final class IfMatch {

    private static final Pattern VERSION = Pattern.compile("^\\s*(?:W/)?\"(\\d{1,18})\"\\s*$");

    private IfMatch() {
    }

    /** @return the expected version, or null when the header is absent or {@code *} */
    public static Long expectedVersion(String header) {
        if (header == null || header.isBlank() || header.trim().equals("*")) {
            return null;
        }
        Matcher matcher = VERSION.matcher(header);
        if (!matcher.matches()) {
            throw new InvalidIfMatch();
        }
        return Long.parseLong(matcher.group(1));
    }

    public static final class InvalidIfMatch extends RuntimeException {
        InvalidIfMatch() {
            super("If-Match must be a quoted version number, e.g. \"3\".", null, false, false);
        }
    }
}
