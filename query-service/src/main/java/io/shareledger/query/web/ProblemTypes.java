package io.shareledger.query.web;

import java.net.URI;

/** The stable problem type of each kind of error; the same URIs as the write API. */
public final class ProblemTypes {

    public static final URI VALIDATION = of("validation");
    public static final URI MALFORMED_REQUEST = of("malformed-request");
    public static final URI UNAUTHORIZED = of("unauthorized");
    public static final URI FORBIDDEN = of("forbidden");
    public static final URI NOT_FOUND = of("not-found");
    public static final URI CONFLICT = of("conflict");
    public static final URI METHOD_NOT_ALLOWED = of("method-not-allowed");
    public static final URI UNSUPPORTED_MEDIA_TYPE = of("unsupported-media-type");
    public static final URI NOT_ACCEPTABLE = of("not-acceptable");
    public static final URI RATE_LIMITED = of("rate-limited");
    public static final URI UNAVAILABLE = of("unavailable");
    public static final URI INTERNAL = of("internal");

    private ProblemTypes() {
    }

    private static URI of(String name) {
        return URI.create("urn:shareledger:problem:" + name);
    }
}
