package io.shareledger.infra.e2e;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Validates every answer a generated client receives against one committed OpenAPI document, with
 * Atlassian's swagger-request-validator: the status must be documented for the operation, the
 * Content-Type among its media types, its required headers present, and the body must match the
 * schema (no undocumented properties either: the validator's additionalProperties check is on by default).
 * Mismatches are collected, not thrown: an answer inside an "eventually" loop would otherwise be retried
 * away; the test asserts that none was collected.
 */
final class DocumentedResponses {

    /** One answer as received, kept to be validated again (the positive controls). */
    record Exchange(String method, String path, int status, Map<String, List<String>> headers, String body) {

        Exchange withStatus(int otherStatus) {
            return new Exchange(method, path, otherStatus, headers, body);
        }
    }

    private static final Set<String> HTTP_METHODS = Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");

    private final String document;
    private final List<String> operations;
    private final OpenApiInteractionValidator validator;
    private final List<Exchange> validated = new ArrayList<>();
    private final List<String> mismatches = new ArrayList<>();

    private DocumentedResponses(String document, String json) {
        this.document = document;
        this.operations = operations(json);
        this.validator = OpenApiInteractionValidator.createForInlineApiSpecification(json).build();
    }

    /** Against {@code docs/openapi/<file>} as committed. */
    static DocumentedResponses committed(String file) {
        return new DocumentedResponses(file, read(file));
    }

    /** Against a document given as text, e.g. a committed one deliberately altered. */
    static DocumentedResponses of(String name, String json) {
        return new DocumentedResponses(name, json);
    }

    static String read(String file) {
        try {
            return Files.readString(Path.of("..", "docs", "openapi", file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The generated client's response interceptor: reads the (buffered) body, validates, and rewinds it. */
    Consumer<HttpResponse<InputStream>> interceptor() {
        return response -> {
            InputStream body = response.body();
            if (!body.markSupported()) {
                throw new IllegalStateException("the body cannot be read twice: build the client with BufferedHttpClient");
            }
            try {
                body.mark(Integer.MAX_VALUE);
                String text = new String(body.readAllBytes(), StandardCharsets.UTF_8);
                body.reset();
                Exchange exchange = new Exchange(response.request().method(), response.request().uri().getRawPath(),
                        response.statusCode(), response.headers().map(), text);
                record(exchange);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
    }

    /** Validates {@code exchange} and keeps it, with its mismatches if any. */
    synchronized void record(Exchange exchange) {
        validated.add(exchange);
        List<String> found = mismatches(exchange);
        found.forEach(m -> mismatches.add(exchange.method() + " " + exchange.path() + " " + exchange.status() + ": " + m));
    }

    /** What the validator reports as errors or warnings for {@code exchange}: empty when it is as documented. */
    List<String> mismatches(Exchange exchange) {
        SimpleResponse.Builder response = SimpleResponse.Builder.status(exchange.status());
        exchange.headers().forEach((name, values) -> response.withHeader(name, values));
        if (!exchange.body().isEmpty()) {
            response.withBody(exchange.body());
        }
        ValidationReport report = validator.validateResponse(exchange.path(), Request.Method.valueOf(exchange.method()),
                response.build());
        return report.getMessages().stream()
                .filter(message -> message.getLevel() == ValidationReport.Level.ERROR || message.getLevel() == ValidationReport.Level.WARN)
                .map(message -> message.getKey() + " " + message.getMessage())
                .toList();
    }

    synchronized List<Exchange> validated() {
        return List.copyOf(validated);
    }

    synchronized List<String> mismatches() {
        return List.copyOf(mismatches);
    }

    /** The last answer received with {@code status} for {@code method} on a path matching {@code pathPattern}. */
    synchronized Exchange last(String method, String pathPattern, int status) {
        List<Exchange> matching = validated.stream()
                .filter(e -> e.method().equals(method) && e.path().matches(pathPattern) && e.status() == status).toList();
        if (matching.isEmpty()) {
            throw new IllegalStateException("no " + status + " answer to " + method + " " + pathPattern + " against " + document);
        }
        return matching.get(matching.size() - 1);
    }

    /**
     * The operations of the document ({@code "GET /api/v1/shares/{shareId}"}) that no successful (2xx)
     * answer was received for. A literal path wins over a template ({@code /members/me} is not
     * {@code /members/{memberId}}).
     */
    synchronized List<String> operationsNeverAnsweredWithSuccess() {
        Set<String> answered = new HashSet<>();
        for (Exchange exchange : validated) {
            if (exchange.status() / 100 != 2) {
                continue;
            }
            operation(exchange.method(), exchange.path()).ifPresent(answered::add);
        }
        return operations.stream().filter(op -> !answered.contains(op)).toList();
    }

    /**
     * The operation of this document that {@code method} on {@code path} is an answer of
     * ({@code "GET /api/v1/members/{memberId}"}), if any. Where several templates match, the one with a
     * literal segment where the others have a template wins ({@code /members/me} is not {@code /members/{memberId}}).
     */
    Optional<String> operation(String method, String path) {
        return operations.stream()
                .filter(op -> op.startsWith(method + " "))
                .filter(op -> path.matches(op.substring(op.indexOf(' ') + 1).replaceAll("\\{[^}]+}", "[^/]+")))
                .min(DocumentedResponses::moreLiteral);
    }

    /** Negative when {@code a} has a literal segment at the first place where one of the two has a template. */
    static int moreLiteral(String a, String b) {
        String[] left = a.split("/");
        String[] right = b.split("/");
        for (int i = 0; i < Math.min(left.length, right.length); i++) {
            boolean leftTemplate = left[i].startsWith("{");
            if (leftTemplate != right[i].startsWith("{")) {
                return leftTemplate ? 1 : -1;
            }
        }
        return 0;
    }

    private static List<String> operations(String json) {
        try {
            List<String> operations = new ArrayList<>();
            new ObjectMapper().readTree(json).path("paths").fields().forEachRemaining(path ->
                    path.getValue().fieldNames().forEachRemaining(method -> {
                        if (HTTP_METHODS.contains(method)) {
                            operations.add(method.toUpperCase(Locale.ROOT) + " " + path.getKey());
                        }
                    }));
            return List.copyOf(operations);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        return document;
    }
}
