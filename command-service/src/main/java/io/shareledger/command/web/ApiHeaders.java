package io.shareledger.command.web;

/** Request headers of the write API. */
public final class ApiHeaders {

    /** Repeat-safe POST: a repeat with the same key and body returns the first answer. */
    public static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    /** Conditional write: the quoted expected version, e.g. {@code "3"}; a stale version is 409. */
    public static final String IF_MATCH = "If-Match";

    private ApiHeaders() {
    }
}
