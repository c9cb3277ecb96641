package io.shareledger.query.web;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

import java.util.Arrays;

/** ETag (the aggregate version) and If-None-Match of single resources; the Projection-Stale header. */
public final class Conditional {

    public static final String PROJECTION_STALE = "Projection-Stale";

    private Conditional() {
    }

    public static <T> ResponseEntity<T> single(T body, long version, String ifNoneMatch, boolean stale) {
        String etag = "\"" + version + "\"";
        ResponseEntity.BodyBuilder builder = ResponseEntity.ok();
        if (matches(ifNoneMatch, etag)) {
            builder = ResponseEntity.status(HttpStatus.NOT_MODIFIED);
            body = null;
        }
        builder.eTag(etag);
        if (stale) {
            builder.header(PROJECTION_STALE, "true");
        }
        return builder.body(body);
    }

    public static <T> ResponseEntity<T> list(T body, boolean stale) {
        ResponseEntity.BodyBuilder builder = ResponseEntity.ok();
        if (stale) {
            builder.header(PROJECTION_STALE, "true");
        }
        return builder.body(body);
    }

    private static boolean matches(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null || ifNoneMatch.isBlank()) {
            return false;
        }
        return Arrays.stream(ifNoneMatch.split(","))
                .map(String::trim)
                .map(tag -> tag.startsWith("W/") ? tag.substring(2) : tag)
                .anyMatch(tag -> tag.equals("*") || tag.equals(etag));
    }
}
