package io.shareledger.query.web;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An opaque keyset position: the sort key and the id of the last row of a page. Clients pass it
 * back unchanged as {@code cursor}; anything else is refused.
 */
public record Cursor(Instant at, String id) {

    private static final Pattern FORMAT = Pattern.compile("^(-?\\d{1,19}):(\\d{1,9}):([0-9a-f-]{1,36})$");
    /** The times the read models can hold (PostgreSQL timestamps); a cursor outside them was never issued. */
    private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999Z");

    public String encode() {
        String raw = at.getEpochSecond() + ":" + at.getNano() + ":" + id;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.US_ASCII));
    }

    /** @return the decoded cursor, or null when absent */
    public static Cursor decode(String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            String raw = new String(Base64.getUrlDecoder().decode(value), StandardCharsets.US_ASCII);
            Matcher matcher = FORMAT.matcher(raw);
            if (matcher.matches()) {
                Instant at = Instant.ofEpochSecond(Long.parseLong(matcher.group(1)), Long.parseLong(matcher.group(2)));
                if (!at.isBefore(EARLIEST) && !at.isAfter(LATEST)) {
                    return new Cursor(at, matcher.group(3));
                }
            }
        } catch (IllegalArgumentException | java.time.DateTimeException e) {
            // refused below
        }
        throw QueryRejection.invalid("cursor", "The cursor is not one this API returned.");
    }

    public UUID uuidId() {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw QueryRejection.invalid("cursor", "The cursor is not one this API returned.");
        }
    }

    public long longId() {
        try {
            return Long.parseLong(id);
        } catch (NumberFormatException e) {
            throw QueryRejection.invalid("cursor", "The cursor is not one this API returned.");
        }
    }

    public static int limit(Integer limit) {
        if (limit == null) {
            return 20;
        }
        if (limit < 1) {
            throw QueryRejection.invalid("limit", "limit must be at least 1.");
        }
        return Math.min(limit, 100);
    }
}
