package io.shareledger.query.web;

import org.springframework.http.HttpStatus;

/** A refused query, answered with a fixed message that never holds request values. */
public class QueryRejection extends RuntimeException {

    private final HttpStatus status;
    private final String code;

    QueryRejection(HttpStatus status, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }

    public HttpStatus status() {
        return status;
    }

    public String code() {
        return code;
    }

    public static QueryRejection notFound() {
        return new QueryRejection(HttpStatus.NOT_FOUND, "not-found", "No such resource.");
    }

    public static QueryRejection forbidden(String code, String message) {
        return new QueryRejection(HttpStatus.FORBIDDEN, code, message);
    }

    public static QueryRejection unavailable(String code, String message) {
        return new QueryRejection(HttpStatus.SERVICE_UNAVAILABLE, code, message);
    }

    /** The request conflicts with the state of the resource (e.g. a rebuild is already running). */
    public static QueryRejection conflict(String code, String message) {
        return new QueryRejection(HttpStatus.CONFLICT, code, message);
    }

    public static QueryRejection invalid(String parameter, String message) {
        return new InvalidParameter(parameter, message);
    }

    /** A query parameter the API does not accept (unknown filter or sort field, bad cursor, ...). */
    public static final class InvalidParameter extends QueryRejection {
        private final String parameter;

        InvalidParameter(String parameter, String message) {
            super(HttpStatus.BAD_REQUEST, "invalid-parameter", message);
            this.parameter = parameter;
        }

        public String parameter() {
            return parameter;
        }
    }
}
