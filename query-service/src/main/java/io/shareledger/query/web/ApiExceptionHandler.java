package io.shareledger.query.web;

import io.shareledger.query.position.WaitFor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springdoc.api.OpenApiResourceNotFoundException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.lang.Nullable;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * Every error leaves as {@code application/problem+json} with a stable {@code type}, whatever the
 * Accept header says (the content type is set, so that not even an Accept header that cannot be
 * parsed makes Spring MVC drop the body). Bodies never
 * echo request values (a malformed id may be an e-mail address) nor library messages.
 */
@RestControllerAdvice
class ApiExceptionHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    @ExceptionHandler(QueryRejection.class)
    ResponseEntity<ProblemDetail> rejection(QueryRejection rejection) {
        URI type = switch (rejection.status()) {
            case NOT_FOUND -> ProblemTypes.NOT_FOUND;
            case FORBIDDEN -> ProblemTypes.FORBIDDEN;
            case SERVICE_UNAVAILABLE -> ProblemTypes.UNAVAILABLE;
            case CONFLICT -> ProblemTypes.CONFLICT;
            default -> ProblemTypes.VALIDATION;
        };
        ProblemDetail problem = problem(rejection.status(), type, rejection.getMessage());
        problem.setProperty("code", rejection.code());
        if (rejection instanceof QueryRejection.InvalidParameter invalid) {
            problem.setProperty("errors", List.of(Map.of("field", invalid.parameter(), "message", rejection.getMessage())));
        }
        return respond(problem);
    }

    @ExceptionHandler(WaitFor.InvalidWaitFor.class)
    ResponseEntity<ProblemDetail> invalidWaitFor(WaitFor.InvalidWaitFor e) {
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, ProblemTypes.VALIDATION, e.getMessage());
        problem.setProperty("errors", List.of(Map.of("field", "waitFor", "message", "has the wrong format")));
        return respond(problem);
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ProblemDetail> typeMismatch(MethodArgumentTypeMismatchException e) {
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, ProblemTypes.VALIDATION,
                "Parameter '" + e.getName() + "' has the wrong format.");
        problem.setProperty("errors", List.of(Map.of("field", e.getName(), "message", "has the wrong format")));
        return respond(problem);
    }

    /** {@code /v3/api-docs/<group>} of a group that does not exist: no such resource, not a failure (FuzzIT). */
    @ExceptionHandler(OpenApiResourceNotFoundException.class)
    ResponseEntity<ProblemDetail> noSuchDocument(OpenApiResourceNotFoundException e) {
        return respond(problem(HttpStatus.NOT_FOUND, ProblemTypes.NOT_FOUND, "No such resource."));
    }

    @ExceptionHandler(AccessDeniedException.class)
    ResponseEntity<ProblemDetail> accessDenied(AccessDeniedException e) {
        return respond(problem(HttpStatus.FORBIDDEN, ProblemTypes.FORBIDDEN, "Not allowed."));
    }

    /**
     * A header value the firewall refuses (a control character, such as the C1 controls among the
     * bytes of UTF-8 text), found only when a route or the content negotiation first reads that header.
     */
    @ExceptionHandler(RequestRejectedException.class)
    ResponseEntity<ProblemDetail> rejected(RequestRejectedException e) {
        return respond(problem(HttpStatus.BAD_REQUEST, ProblemTypes.MALFORMED_REQUEST,
                "The request has a header value that is not allowed."));
    }

    /**
     * Never expected; answered without any detail and logged without the message, which may hold data.
     * A database that cannot be reached is expected now and then: 503 with {@code Retry-After}.
     */
    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e) {
        if (DatabaseUnavailable.isCauseOf(e)) {
            log.warn("Database unavailable ({})", e.getClass().getName());
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                    .header(HttpHeaders.RETRY_AFTER, DatabaseUnavailable.RETRY_AFTER_SECONDS)
                    .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .body(problem(HttpStatus.SERVICE_UNAVAILABLE, ProblemTypes.UNAVAILABLE,
                            "The service cannot reach its database; retry shortly."));
        }
        log.error("Unexpected {} at {}", e.getClass().getName(),
                e.getStackTrace().length > 0 ? e.getStackTrace()[0] : "unknown location");
        return respond(problem(HttpStatus.INTERNAL_SERVER_ERROR, ProblemTypes.INTERNAL, "Unexpected error."));
    }

    /** Maps the framework's own errors (404 route, 405, 406, missing parameter, ...) to our problem types. */
    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception ex, @Nullable Object body, HttpHeaders headers,
                                                             HttpStatusCode statusCode, WebRequest request) {
        ProblemDetail problem = body instanceof ProblemDetail detail ? detail : ProblemDetail.forStatus(statusCode);
        problem.setType(ProblemTypes.forStatus(statusCode.value()));
        HttpHeaders problemHeaders = new HttpHeaders();
        problemHeaders.putAll(headers);
        problemHeaders.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        return super.handleExceptionInternal(ex, problem, problemHeaders, statusCode, request);
    }

    static ProblemDetail problem(HttpStatus status, URI type, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(type);
        return problem;
    }

    private static ResponseEntity<ProblemDetail> respond(ProblemDetail problem) {
        return ResponseEntity.status(problem.getStatus()).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }
}
