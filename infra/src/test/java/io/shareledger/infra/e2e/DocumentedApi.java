package io.shareledger.infra.e2e;

import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The committed documents of both services together: every answer from a documented prefix
 * ({@code /api/}, {@code /admin/}, {@code /internal/}) is validated against the one document that has
 * the operation its method and path match ({@link DocumentedResponses#operation}, a literal segment
 * winning over a template), and an answer to an operation no document has is a mismatch too. The
 * actuator and the token issuer are not documented and not validated. Mismatches are collected, never
 * thrown inside a request; {@link #verify()} fails with all of them.
 */
final class DocumentedApi {

    static final List<String> COMMITTED = List.of("command-service-public.json", "command-service-operator.json",
            "command-service-internal.json", "query-service-public.json", "query-service-operator.json");
    private static final List<String> DOCUMENTED_PREFIXES = List.of("/api/", "/admin/", "/internal/");

    private final Map<String, DocumentedResponses> documents;
    private final List<String> undocumented = new ArrayList<>();
    private int notDocumentedPrefix;

    private DocumentedApi(Map<String, DocumentedResponses> documents) {
        this.documents = documents;
    }

    /** Against every document in {@code docs/openapi/} as committed. */
    static DocumentedApi committed() {
        return withReplaced(Map.of());
    }

    /** Against the committed documents, some of them replaced by the text given (a deliberately altered one). */
    static DocumentedApi withReplaced(Map<String, String> replaced) {
        Map<String, DocumentedResponses> documents = new LinkedHashMap<>();
        for (String file : COMMITTED) {
            documents.put(file, replaced.containsKey(file)
                    ? DocumentedResponses.of(file + " (altered)", replaced.get(file)) : DocumentedResponses.committed(file));
        }
        return new DocumentedApi(documents);
    }

    /** A client that sends through {@code delegate} and records every answer here. */
    HttpClient client(HttpClient delegate) {
        return new DocumentedHttpClient(delegate, this::record);
    }

    void record(DocumentedResponses.Exchange exchange) {
        if (DOCUMENTED_PREFIXES.stream().noneMatch(exchange.path()::startsWith)) {
            synchronized (this) {
                notDocumentedPrefix++;
            }
            return;
        }
        Optional<DocumentedResponses> document = documentOf(exchange.method(), exchange.path());
        if (document.isPresent()) {
            document.get().record(exchange);
        } else {
            synchronized (this) {
                undocumented.add(exchange.method() + " " + exchange.path() + " " + exchange.status()
                        + ": no committed document has the operation " + exchange.method() + " " + exchange.path());
            }
        }
    }

    /** The document whose operation matches, the most literal one if several documents have a match. */
    Optional<DocumentedResponses> documentOf(String method, String path) {
        DocumentedResponses best = null;
        String bestOperation = null;
        for (DocumentedResponses document : documents.values()) {
            Optional<String> operation = document.operation(method, path);
            if (operation.isPresent() && (bestOperation == null
                    || DocumentedResponses.moreLiteral(operation.get(), bestOperation) < 0)) {
                best = document;
                bestOperation = operation.get();
            }
        }
        return Optional.ofNullable(best);
    }

    /** Every mismatch, each naming the document, the request, the status and the validator's message. */
    synchronized List<String> mismatches() {
        List<String> all = new ArrayList<>(undocumented);
        documents.forEach((file, document) -> document.mismatches().forEach(m -> all.add(document + ": " + m)));
        return all;
    }

    /** How many answers each document validated, and how many came from routes outside the documented prefixes. */
    synchronized String summary() {
        int validated = documents.values().stream().mapToInt(d -> d.validated().size()).sum() + undocumented.size();
        return "validated " + validated + " answers against the committed documents ("
                + documents.entrySet().stream().map(e -> e.getKey() + " " + e.getValue().validated().size())
                .collect(Collectors.joining(", ")) + ", on no document's operation " + undocumented.size()
                + "; not on a documented prefix, not validated: " + notDocumentedPrefix + "): "
                + mismatches().size() + " mismatches";
    }

    synchronized List<DocumentedResponses.Exchange> validated() {
        return documents.values().stream().flatMap(d -> d.validated().stream()).toList();
    }

    /** Fails with every mismatch collected. */
    void verify() {
        List<String> mismatches = mismatches();
        if (!mismatches.isEmpty()) {
            throw new AssertionError(mismatches.size() + " answers not as documented:\n  "
                    + String.join("\n  ", mismatches));
        }
    }
}
