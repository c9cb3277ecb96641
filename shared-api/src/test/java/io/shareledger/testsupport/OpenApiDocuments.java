package io.shareledger.testsupport;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The services' OpenAPI documents as a contract: validated with swagger-parser (the parser the
 * OpenAPI tools build on), held against the copies committed under {@code docs/openapi/}, and
 * rewritten there when the build runs with {@code -Dopenapi.write=true}.
 */
public final class OpenApiDocuments {

    /** Where the committed documents live, seen from a module's folder (the tests' working directory). */
    public static final Path COMMITTED = Path.of("..", "docs", "openapi");

    /** {@code -Dopenapi.write=true} rewrites the committed documents from the served ones instead of comparing. */
    public static final String WRITE_PROPERTY = "openapi.write";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    private OpenApiDocuments() {
    }

    /**
     * Every error and warning swagger-parser reports for the document: its structure, types and
     * required members, and every {@code $ref} that points at nothing.
     */
    public static List<String> problems(String document) {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        options.setValidateInternalRefs(true);
        SwaggerParseResult result = new OpenAPIV3Parser().readContents(document, null, options);
        List<String> problems = new ArrayList<>();
        if (result.getMessages() != null) {
            problems.addAll(result.getMessages());
        }
        if (result.getOpenAPI() == null) {
            problems.add("not an OpenAPI document");
        }
        return problems;
    }

    /**
     * What a client generator and a reader need beyond validity: an operation id, a summary and a
     * tag declared at the top of the document on every operation, a description on every parameter.
     */
    public static List<String> lint(String document) {
        JsonNode root = tree(document);
        Set<String> declaredTags = new TreeSet<>();
        root.path("tags").forEach(tag -> declaredTags.add(tag.path("name").asText()));
        Set<String> operationIds = new TreeSet<>();
        List<String> findings = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = root.path("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            for (Iterator<Map.Entry<String, JsonNode>> methods = path.getValue().fields(); methods.hasNext(); ) {
                Map.Entry<String, JsonNode> method = methods.next();
                JsonNode operation = method.getValue();
                String name = method.getKey().toUpperCase() + " " + path.getKey();
                String id = operation.path("operationId").asText("");
                if (id.isEmpty() || !operationIds.add(id)) {
                    findings.add(name + ": missing or repeated operationId '" + id + "'");
                }
                if (operation.path("summary").asText("").isBlank()) {
                    findings.add(name + ": no summary");
                }
                if (operation.path("tags").isEmpty()) {
                    findings.add(name + ": no tag");
                }
                operation.path("tags").forEach(tag -> {
                    if (!declaredTags.contains(tag.asText())) {
                        findings.add(name + ": tag '" + tag.asText() + "' is not declared globally");
                    }
                });
                operation.path("parameters").forEach(parameter -> {
                    if (parameter.path("description").asText("").isBlank()) {
                        findings.add(name + ": parameter '" + parameter.path("name").asText() + "' has no description");
                    }
                });
                if (!operation.has("security")) {
                    findings.add(name + ": no security requirement (the open ones declare an empty one)");
                }
            }
        }
        declaredTags.forEach(tag -> {
            for (JsonNode declared : root.path("tags")) {
                if (declared.path("name").asText().equals(tag) && declared.path("description").asText("").isBlank()) {
                    findings.add("tag '" + tag + "' has no description");
                }
            }
        });
        return findings;
    }

    /** The document in the committed form: keys sorted, two-space indent, a final line feed. */
    public static String canonical(String document) {
        try {
            Object value = JSON.treeToValue(tree(document), Object.class);
            DefaultPrettyPrinter printer = new DefaultPrettyPrinter()
                    .withObjectIndenter(new DefaultIndenter("  ", "\n"))
                    .withArrayIndenter(new DefaultIndenter("  ", "\n"));
            return JSON.writer(printer).writeValueAsString(value) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON", e);
        }
    }

    /**
     * The committed copy of {@code file}; with {@code -Dopenapi.write=true}, first rewritten from
     * the served document.
     */
    public static String committed(String file, String served) {
        Path path = COMMITTED.resolve(file);
        try {
            if (Boolean.getBoolean(WRITE_PROPERTY)) {
                Files.createDirectories(path.getParent());
                Files.writeString(path, canonical(served));
            }
            return Files.exists(path) ? Files.readString(path) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode tree(String document) {
        try {
            return JSON.readTree(document);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON", e);
        }
    }
}
