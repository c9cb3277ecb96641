package io.shareledger.command.web;

import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.shareledger.command.domain.Rejection;
import io.shareledger.command.idempotency.CommandSender;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConflictingModificationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springdoc.api.OpenApiResourceNotFoundException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.lang.Nullable;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Every error leaves as {@code application/problem+json} with a stable {@code type}, whatever the
 * Accept header says (the content type is set, so that not even an Accept header that cannot be
 * parsed makes Spring MVC drop the body). Bodies never
 * echo input values (which may be personal data) nor exception messages of libraries; only the
 * messages of our own rejections, which are fixed texts.
 */
@RestControllerAdvice
class ApiExceptionHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    private static final int UNKNOWN_NAME_LENGTH = 12;

    private static final Map<Rejection.Kind, HttpStatus> STATUS = Map.of(
            Rejection.Kind.RULE_VIOLATED, HttpStatus.UNPROCESSABLE_ENTITY,
            Rejection.Kind.CONFLICT, HttpStatus.CONFLICT,
            Rejection.Kind.FORBIDDEN, HttpStatus.FORBIDDEN,
            Rejection.Kind.NOT_FOUND, HttpStatus.NOT_FOUND);

    private static final Map<Rejection.Kind, URI> TYPE = Map.of(
            Rejection.Kind.RULE_VIOLATED, ProblemTypes.RULE_VIOLATED,
            Rejection.Kind.CONFLICT, ProblemTypes.CONFLICT,
            Rejection.Kind.FORBIDDEN, ProblemTypes.FORBIDDEN,
            Rejection.Kind.NOT_FOUND, ProblemTypes.NOT_FOUND);

    @ExceptionHandler(Rejection.class)
    ResponseEntity<ProblemDetail> rejection(Rejection rejection) {
        HttpStatus status = STATUS.get(rejection.kind());
        ProblemDetail problem = problem(status, TYPE.get(rejection.kind()), rejection.getMessage());
        problem.setProperty("code", rejection.code());
        return respond(problem);
    }

    @ExceptionHandler(AggregateNotFoundException.class)
    ResponseEntity<ProblemDetail> notFound(AggregateNotFoundException e) {
        return respond(problem(HttpStatus.NOT_FOUND, ProblemTypes.NOT_FOUND, "No such resource."));
    }

    /** A stale If-Match, or a concurrent write to the same aggregate that won the race. */
    @ExceptionHandler({ConflictingModificationException.class, ConcurrencyException.class,
            AggregateStreamCreationException.class})
    ResponseEntity<ProblemDetail> versionConflict(RuntimeException e) {
        return respond(problem(HttpStatus.CONFLICT, ProblemTypes.VERSION_CONFLICT,
                "The resource was changed by another request; read it again and retry."));
    }

    @ExceptionHandler(CommandSender.IdempotencyKeyReused.class)
    ResponseEntity<ProblemDetail> keyReused(CommandSender.IdempotencyKeyReused e) {
        return respond(problem(HttpStatus.UNPROCESSABLE_ENTITY, ProblemTypes.IDEMPOTENCY_KEY_REUSED, e.getMessage()));
    }

    @ExceptionHandler({IfMatch.InvalidIfMatch.class, CommandSender.InvalidIdempotencyKey.class})
    ResponseEntity<ProblemDetail> invalidHeader(RuntimeException e) {
        return respond(problem(HttpStatus.BAD_REQUEST, ProblemTypes.MALFORMED_REQUEST, e.getMessage()));
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ProblemDetail> typeMismatch(MethodArgumentTypeMismatchException e) {
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, ProblemTypes.VALIDATION,
                "Parameter '" + e.getName() + "' has the wrong format.");
        problem.setProperty("errors", List.of(Map.of("field", e.getName(), "message", "has the wrong format")));
        return respond(problem);
    }

    @ExceptionHandler(InvalidParameter.class)
    ResponseEntity<ProblemDetail> invalidParameter(InvalidParameter e) {
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, ProblemTypes.VALIDATION, e.getMessage());
        problem.setProperty("errors", List.of(Map.of("field", e.parameter(), "message", e.getMessage())));
        return respond(problem);
    }

    /** {@code /v3/api-docs/<group>} of a group that does not exist: no such resource, not a failure. */
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

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
                                                                  HttpHeaders headers, HttpStatusCode status,
                                                                  WebRequest request) {
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, ProblemTypes.VALIDATION, "The request has invalid fields.");
        List<Map<String, String>> errors = ex.getBindingResult().getFieldErrors().stream()
                .map(ApiExceptionHandler::fieldError)
                .collect(Collectors.toList());
        problem.setProperty("errors", errors);
        return ResponseEntity.status(HttpStatus.BAD_REQUEST).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
                                                                  HttpHeaders headers, HttpStatusCode status,
                                                                  WebRequest request) {
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, ProblemTypes.MALFORMED_REQUEST,
                "The request body is not valid JSON for this operation.");
        Throwable cause = ex.getCause();
        if (cause instanceof UnrecognizedPropertyException unknown) {
            String field = fieldPath(unknown);
            problem.setDetail("The body has a field this operation does not define.");
            problem.setProperty("errors", List.of(Map.of("field", field, "message", "is not a known field")));
        } else if (cause instanceof MismatchedInputException mismatched) {
            String field = fieldPath(mismatched);
            problem.setDetail("Field '" + field + "' has the wrong type or format.");
            problem.setProperty("errors", List.of(Map.of("field", field, "message", "has the wrong type or format")));
        }
        return ResponseEntity.status(HttpStatus.BAD_REQUEST).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    /** Maps the framework's own errors (404 route, 405, 415, ...) to our problem types. */
    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception ex, @Nullable Object body, HttpHeaders headers,
                                                             HttpStatusCode statusCode, WebRequest request) {
        ProblemDetail problem = body instanceof ProblemDetail detail ? detail
                : ProblemDetail.forStatus(statusCode);
        problem.setType(ProblemTypes.forStatus(statusCode.value()));
        HttpHeaders problemHeaders = new HttpHeaders();
        problemHeaders.putAll(headers);
        problemHeaders.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        return super.handleExceptionInternal(ex, problem, problemHeaders, statusCode, request);
    }

    private static Map<String, String> fieldError(FieldError error) {
        return Map.of("field", error.getField(),
                "message", error.getDefaultMessage() == null ? "is invalid" : error.getDefaultMessage());
    }

    /**
     * The path of the field a body error is about. Known fields are named by their documented path;
     * a name the client made up (it may hold personal data) is cut to {@value #UNKNOWN_NAME_LENGTH}
     * characters, so it is recognisable but never repeated whole.
     */
    static String fieldPath(MismatchedInputException e) {
        String path = e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining("."));
        if (path.isEmpty()) {
            return "(body)";
        }
        return path.length() > UNKNOWN_NAME_LENGTH ? path.substring(0, UNKNOWN_NAME_LENGTH) + "…" : path;
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
