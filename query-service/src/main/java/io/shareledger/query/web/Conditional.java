package io.shareledger.query.web;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * ETag and If-None-Match of single resources; the Projection-Stale header. The ETag is the
 * aggregate version and a digest of the representation: an erasure scrubs personal fields of
 * other aggregates' rows (a forgotten owner's share titles) without changing their version, and a
 * client revalidating its copy must then get the scrubbed one, not 304.
 */
public final class Conditional {

    public static final String PROJECTION_STALE = "Projection-Stale";

    private Conditional() {
    }

    public static <T> ResponseEntity<T> single(T body, long version, String ifNoneMatch, boolean stale) {
        String etag = "\"" + version + "-" + digest(body) + "\"";
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

    /** 64 bits of SHA-256 over the view's record text, which lists every field. */
    private static String digest(Object body) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(String.valueOf(body).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
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
