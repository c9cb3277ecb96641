package io.shareledger.command.web;

import java.net.URI;

/** The stable problem type of each kind of error; documented in docs/api.md. */
public final class ProblemTypes {

    public static final URI VALIDATION = of("validation");
    public static final URI MALFORMED_REQUEST = of("malformed-request");
    public static final URI UNAUTHORIZED = of("unauthorized");
    public static final URI FORBIDDEN = of("forbidden");
    public static final URI NOT_FOUND = of("not-found");
    public static final URI GONE = of("gone");
    public static final URI CONFLICT = of("conflict");
    public static final URI VERSION_CONFLICT = of("version-conflict");
    public static final URI RULE_VIOLATED = of("rule-violated");
    public static final URI IDEMPOTENCY_KEY_REUSED = of("idempotency-key-reused");
    public static final URI METHOD_NOT_ALLOWED = of("method-not-allowed");
    public static final URI UNSUPPORTED_MEDIA_TYPE = of("unsupported-media-type");
    public static final URI NOT_ACCEPTABLE = of("not-acceptable");
    public static final URI PAYLOAD_TOO_LARGE = of("payload-too-large");
    public static final URI LENGTH_REQUIRED = of("length-required");
    public static final URI URI_TOO_LONG = of("uri-too-long");
    public static final URI HEADERS_TOO_LARGE = of("headers-too-large");
    public static final URI RATE_LIMITED = of("rate-limited");
    public static final URI UNAVAILABLE = of("unavailable");
    public static final URI INTERNAL = of("internal");

    private ProblemTypes() {
    }

    /** The type of an error known only by its status: the framework's and the servlet container's own. */
    public static URI forStatus(int status) {
        return switch (status) {
            case 401 -> UNAUTHORIZED;
            case 403 -> FORBIDDEN;
            case 404 -> NOT_FOUND;
            case 405 -> METHOD_NOT_ALLOWED;
            case 406 -> NOT_ACCEPTABLE;
            case 411 -> LENGTH_REQUIRED;
            case 413 -> PAYLOAD_TOO_LARGE;
            case 414 -> URI_TOO_LONG;
            case 415 -> UNSUPPORTED_MEDIA_TYPE;
            case 431 -> HEADERS_TOO_LARGE;
            case 503 -> UNAVAILABLE;
            default -> status >= 500 ? INTERNAL : MALFORMED_REQUEST;
        };
    }

    private static URI of(String name) {
        return URI.create("urn:shareledger:problem:" + name);
    }
}
