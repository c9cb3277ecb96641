package io.shareledger.query.position;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** Instants to and from {@code timestamptz} columns. */
public final class Times {

    private Times() {
    }

    public static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    /** A {@code timestamptz} column read back, null-safe. */
    public static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }
}
