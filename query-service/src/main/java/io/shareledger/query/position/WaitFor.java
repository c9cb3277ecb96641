package io.shareledger.query.position;

import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The {@code waitFor=<aggregateId>:<version>} parameter of list queries. */
public record WaitFor(String aggregateId, long version) {

    private static final Pattern FORMAT = Pattern.compile("^([0-9a-fA-F-]{36}):(\\d{1,18})$");

    /** @return the parsed parameter, or null when absent; an invalid value is refused */
    public static WaitFor parse(String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        Matcher matcher = FORMAT.matcher(value);
        if (!matcher.matches()) {
            throw new InvalidWaitFor();
        }
        try {
            return new WaitFor(UUID.fromString(matcher.group(1)).toString(), Long.parseLong(matcher.group(2)));
        } catch (IllegalArgumentException e) {
            throw new InvalidWaitFor();
        }
    }

    public static final class InvalidWaitFor extends RuntimeException {
        InvalidWaitFor() {
            super("waitFor must be <aggregateId>:<version>, e.g. 6f1c...:3.", null, false, false);
        }
    }
}
