package io.shareledger.testsupport;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.openapitools.openapidiff.core.OpenApiCompare;
import org.openapitools.openapidiff.core.compare.OpenApiDiffOptions;
import org.openapitools.openapidiff.core.model.ChangedOpenApi;
import org.openapitools.openapidiff.core.output.MarkdownRender;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The compatibility gate of the public API (ADR 0017): each released document, kept under
 * {@code docs/openapi/baseline/}, against the committed document of the same name, compared by
 * openapi-diff. A change that a client built against the baseline could trip over (a route, a
 * response field or a request enum value removed, a parameter made required, a type narrowed, a
 * response status or header removed, an operation id changed) is incompatible, and the build fails
 * with openapi-diff's report of what broke.
 * <p>
 * The committed documents are the served ones: each service's OpenApiDocumentsIT fails when they
 * differ.
 * <p>
 * Two gaps of openapi-diff (2.1.7) are closed here, each proven by OpenApiCompatibilityTest:
 * <ul>
 * <li>it reports a removed property of a request or response schema as compatible (it breaks only
 * what the schema lists as {@code required}, and springdoc marks no response field required); but a
 * client reads the response fields it was generated with, and the services refuse request fields
 * they do not know. {@link #removedFields} reports every property of the baseline that is gone;</li>
 * <li>it compares no schema types in OpenAPI 3.1 documents, so both documents must be 3.0 (the
 * services serve 3.0.1).</li>
 * </ul>
 * A changed operation id, which openapi-diff reports but counts as compatible by default, counts as
 * breaking: it is the method name of a generated client.
 */
public final class OpenApiCompatibility {

    /** The released documents, seen from a module's folder (the tests' working directory). */
    public static final Path BASELINE = OpenApiDocuments.COMMITTED.resolve("baseline");

    /** What the comparison found: compatible or not, and openapi-diff's report of the changes. */
    public record Verdict(boolean compatible, String report) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final OpenApiDiffOptions OPTIONS = OpenApiDiffOptions.builder()
            .configProperty("incompatible.operation.id.changed", "true")
            .build();

    private OpenApiCompatibility() {
    }

    /** Compares {@code current} with {@code baseline}, both OpenAPI documents as text. */
    public static Verdict compare(String baseline, String current) {
        JsonNode old = tree(baseline);
        JsonNode now = tree(current);
        List<String> findings = new ArrayList<>();
        for (JsonNode document : List.of(old, now)) {
            if (!document.path("openapi").asText().startsWith("3.0.")) {
                findings.add("openapi " + document.path("openapi").asText() + ": the gate compares OpenAPI 3.0 documents only "
                        + "(openapi-diff sees no type changes in 3.1)");
            }
        }
        findings.addAll(removedFields(old, now));
        ChangedOpenApi diff = OpenApiCompare.fromContents(baseline, current, null, OPTIONS);
        StringBuilder report = new StringBuilder(markdown(diff));
        if (!findings.isEmpty()) {
            report.append("\n#### Also breaking (beyond openapi-diff)\n\n");
            findings.forEach(finding -> report.append("- ").append(finding).append('\n'));
        }
        return new Verdict(!diff.isIncompatible() && findings.isEmpty(), report.toString());
    }

    /**
     * Every property of the baseline's schemas that the current document no longer has: in the
     * named schemas (components), and in the inline request and response bodies of the operations
     * both documents have (a removed operation or status is openapi-diff's to report).
     */
    public static List<String> removedFields(JsonNode baseline, JsonNode current) {
        List<String> removed = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> schemas = baseline.path("components").path("schemas").fields(); schemas.hasNext(); ) {
            Map.Entry<String, JsonNode> schema = schemas.next();
            walk("schema " + schema.getKey(), schema.getValue(),
                    current.path("components").path("schemas").path(schema.getKey()), removed);
        }
        for (Iterator<Map.Entry<String, JsonNode>> paths = baseline.path("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            for (Iterator<Map.Entry<String, JsonNode>> operations = path.getValue().fields(); operations.hasNext(); ) {
                Map.Entry<String, JsonNode> operation = operations.next();
                JsonNode now = current.path("paths").path(path.getKey()).path(operation.getKey());
                if (now.isMissingNode()) {
                    continue;
                }
                String name = operation.getKey().toUpperCase() + " " + path.getKey();
                bodies(name + " request", operation.getValue().path("requestBody"), now.path("requestBody"), removed);
                for (Iterator<Map.Entry<String, JsonNode>> responses = operation.getValue().path("responses").fields(); responses.hasNext(); ) {
                    Map.Entry<String, JsonNode> response = responses.next();
                    JsonNode answer = now.path("responses").path(response.getKey());
                    if (!answer.isMissingNode()) {
                        bodies(name + " " + response.getKey(), response.getValue(), answer, removed);
                    }
                }
            }
        }
        return removed;
    }

    private static void bodies(String where, JsonNode old, JsonNode now, List<String> removed) {
        for (Iterator<Map.Entry<String, JsonNode>> media = old.path("content").fields(); media.hasNext(); ) {
            Map.Entry<String, JsonNode> type = media.next();
            JsonNode schema = now.path("content").path(type.getKey()).path("schema");
            if (!schema.isMissingNode()) {
                walk(where + " " + type.getKey(), type.getValue().path("schema"), schema, removed);
            }
        }
    }

    private static void walk(String where, JsonNode old, JsonNode now, List<String> removed) {
        if (now.isMissingNode()) {
            removed.add(where + " was removed");
            return;
        }
        for (Iterator<Map.Entry<String, JsonNode>> properties = old.path("properties").fields(); properties.hasNext(); ) {
            Map.Entry<String, JsonNode> property = properties.next();
            walk(where + "." + property.getKey(), property.getValue(), now.path("properties").path(property.getKey()), removed);
        }
        if (old.has("items")) {
            walk(where + "[]", old.get("items"), now.path("items"), removed);
        }
        if (old.path("additionalProperties").isObject()) {
            walk(where + "{}", old.get("additionalProperties"), now.path("additionalProperties"), removed);
        }
    }

    /** The committed document named {@code file} against its baseline. */
    public static Verdict againstBaseline(String file) {
        Path current = OpenApiDocuments.COMMITTED.resolve(file);
        if (!Files.exists(current)) {
            return new Verdict(false, "docs/openapi/" + file + " is gone, but its baseline is released: the whole "
                    + "document was removed");
        }
        return compare(read(BASELINE.resolve(file)), read(current));
    }

    /** The names of the baselines whose file name starts with {@code prefix} (a service's), sorted. */
    public static List<String> baselines(String prefix) {
        try (Stream<Path> files = Files.list(BASELINE)) {
            return files.map(path -> path.getFileName().toString())
                    .filter(name -> name.startsWith(prefix) && name.endsWith(".json"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String markdown(ChangedOpenApi diff) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStreamWriter writer = new OutputStreamWriter(bytes, StandardCharsets.UTF_8)) {
            new MarkdownRender().render(diff, writer);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static JsonNode tree(String document) {
        try {
            return JSON.readTree(document);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON", e);
        }
    }

    static String read(Path path) {
        try {
            return Files.readString(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
