package io.shareledger.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.function.Consumer;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gate finds what it is there to find (positive controls): each released baseline, changed in
 * memory in one way a client would trip over, is reported incompatible; changes that ADR 0017 allows
 * within /api/v1 pass.
 */
class OpenApiCompatibilityTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String QUERY = "query-service-public.json";
    private static final String COMMAND = "command-service-public.json";

    private static final String SHARE = "/api/v1/shares/{shareId}";
    private static final String SHARES = "/api/v1/members/{memberId}/shares";

    static Stream<Arguments> breakingChanges() {
        return Stream.of(
                change(QUERY, "a route removed", doc -> paths(doc).remove(SHARE)),
                change(QUERY, "a response field removed", doc -> properties(doc, "ShareView").remove("itemTitle")),
                change(QUERY, "a response field's type narrowed (string to integer)",
                        doc -> ((ObjectNode) properties(doc, "ShareView").get("note")).put("type", "integer")),
                change(QUERY, "a request enum value removed", doc -> removeEnumValue(
                        (ArrayNode) parameter(doc, SHARES, "status").path("schema").path("enum"), "EXPIRED")),
                change(QUERY, "an optional parameter made required",
                        doc -> parameter(doc, SHARES, "cursor").put("required", true)),
                change(QUERY, "a parameter's type narrowed (string to integer)",
                        doc -> ((ObjectNode) parameter(doc, SHARES, "cursor").get("schema")).put("type", "integer")),
                change(QUERY, "a documented response status removed", doc -> responses(doc, SHARE).remove("304")),
                change(QUERY, "a response header removed",
                        doc -> ((ObjectNode) responses(doc, SHARE).path("200").path("headers")).remove("ETag")),
                change(QUERY, "an operation id changed (a generated client's method)",
                        doc -> operation(doc, SHARE).put("operationId", "fetchShare")),
                change(COMMAND, "a request enum value removed", doc -> removeEnumValue(
                        (ArrayNode) properties(doc, "OfferRequest").path("permission").path("enum"), "EDIT")),
                change(COMMAND, "an optional request field made required",
                        doc -> ((ArrayNode) schema(doc, "OfferRequest").get("required")).add("note")),
                change(COMMAND, "a new required request field",
                        doc -> {
                            properties(doc, "OfferRequest").putObject("channel").put("type", "string");
                            ((ArrayNode) schema(doc, "OfferRequest").get("required")).add("channel");
                        }),
                change(COMMAND, "a request field's type narrowed (string to integer)",
                        doc -> ((ObjectNode) properties(doc, "OfferRequest").get("itemRef")).put("type", "integer")),
                // the services refuse unknown request fields: a client that still sends a removed one is refused
                change(COMMAND, "a request field removed", doc -> properties(doc, "OfferRequest").remove("note")),
                change(COMMAND, "a route removed", doc -> paths(doc).remove("/api/v1/shares/{shareId}/revoke")));
    }

    static Stream<Arguments> compatibleChanges() {
        return Stream.of(
                change(QUERY, "an optional response field added",
                        doc -> properties(doc, "ShareView").putObject("category").put("type", "string")),
                change(QUERY, "a route added", doc -> {
                    ObjectNode copy = operation(doc, SHARE).deepCopy().put("operationId", "getShareAgain");
                    paths(doc).putObject("/api/v1/shares/{shareId}/again").set("get", copy);
                }),
                change(QUERY, "an optional parameter added", doc -> ((ArrayNode) operation(doc, SHARES).get("parameters"))
                        .addObject().put("name", "since").put("in", "query").put("required", false)
                        .put("description", "only shares offered since then").putObject("schema").put("type", "string")),
                change(COMMAND, "an optional request field added",
                        doc -> properties(doc, "OfferRequest").putObject("label").put("type", "string")),
                change(COMMAND, "a request enum value added", doc -> ((ArrayNode) properties(doc, "OfferRequest")
                        .path("permission").path("enum")).add("SHARE")),
                change(COMMAND, "a description changed", doc -> ((ObjectNode) doc.get("info")).put("description", "reworded")));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("breakingChanges")
    void aBreakingChangeToTheBaselineIsIncompatible(String file, String change, Consumer<ObjectNode> mutation) {
        String baseline = baseline(file);

        OpenApiCompatibility.Verdict verdict = OpenApiCompatibility.compare(baseline, mutated(baseline, mutation));

        assertThat(verdict.compatible()).as("%s in %s should be incompatible; openapi-diff said:%n%s", change, file,
                verdict.report()).isFalse();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("compatibleChanges")
    void aChangeThatV1AllowsIsCompatible(String file, String change, Consumer<ObjectNode> mutation) {
        String baseline = baseline(file);

        OpenApiCompatibility.Verdict verdict = OpenApiCompatibility.compare(baseline, mutated(baseline, mutation));

        assertThat(verdict.compatible()).as("%s in %s should be compatible; openapi-diff said:%n%s", change, file,
                verdict.report()).isTrue();
    }

    @Test
    void aBaselineIsCompatibleWithItselfAndTheReportNamesWhatBroke() {
        String baseline = baseline(QUERY);

        assertThat(OpenApiCompatibility.compare(baseline, baseline).compatible()).isTrue();
        assertThat(OpenApiCompatibility.compare(baseline, mutated(baseline, doc -> paths(doc).remove(SHARE))).report())
                .contains(SHARE);
    }

    @Test
    void aFieldRemovedFromAnInlineBodyOrANestedObjectIsFound() throws Exception {
        JsonNode baseline = JSON.readTree("""
                {"paths": {"/things": {"get": {"responses": {"200": {"content": {"application/json": {"schema":
                  {"type": "array", "items": {"type": "object", "properties": {
                    "id": {"type": "string"}, "owner": {"type": "object", "properties": {"name": {"type": "string"}}}}}}}}}}}}}}
                """);
        JsonNode current = JSON.readTree(baseline.toString().replace("{\"name\":{\"type\":\"string\"}}", "{}"));

        assertThat(OpenApiCompatibility.removedFields(baseline, baseline)).isEmpty();
        assertThat(OpenApiCompatibility.removedFields(baseline, current))
                .containsExactly("GET /things 200 application/json[].owner.name was removed");
    }

    @Test
    void openApi31DocumentsAreRefusedBecauseTheDiffCannotSeeTheirTypes() {
        String baseline = baseline(QUERY);
        String as31 = mutated(baseline, doc -> doc.put("openapi", "3.1.0"));

        OpenApiCompatibility.Verdict verdict = OpenApiCompatibility.compare(as31, as31);

        assertThat(verdict.compatible()).isFalse();
        assertThat(verdict.report()).contains("3.1");
    }

    private static Arguments change(String file, String change, Consumer<ObjectNode> mutation) {
        return Arguments.of(file, change, mutation);
    }

    private static String baseline(String file) {
        return OpenApiCompatibility.read(OpenApiCompatibility.BASELINE.resolve(file));
    }

    private static String mutated(String document, Consumer<ObjectNode> mutation) {
        try {
            ObjectNode tree = (ObjectNode) JSON.readTree(document);
            mutation.accept(tree);
            return JSON.writeValueAsString(tree);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static ObjectNode paths(ObjectNode doc) {
        return (ObjectNode) doc.get("paths");
    }

    private static ObjectNode operation(ObjectNode doc, String path) {
        return (ObjectNode) required(paths(doc).get(path), path).get("get");
    }

    private static ObjectNode responses(ObjectNode doc, String path) {
        return (ObjectNode) operation(doc, path).get("responses");
    }

    private static ObjectNode parameter(ObjectNode doc, String path, String name) {
        for (JsonNode parameter : operation(doc, path).get("parameters")) {
            if (parameter.path("name").asText().equals(name)) {
                return (ObjectNode) parameter;
            }
        }
        throw new IllegalArgumentException("no parameter " + name + " on " + path);
    }

    private static ObjectNode schema(ObjectNode doc, String name) {
        return (ObjectNode) required(doc.path("components").path("schemas").get(name), name);
    }

    private static ObjectNode properties(ObjectNode doc, String schema) {
        return (ObjectNode) schema(doc, schema).get("properties");
    }

    private static void removeEnumValue(ArrayNode values, String value) {
        for (int i = 0; i < values.size(); i++) {
            if (values.get(i).asText().equals(value)) {
                values.remove(i);
                return;
            }
        }
        throw new IllegalArgumentException("no enum value " + value);
    }

    private static JsonNode required(JsonNode node, String what) {
        if (node == null || node.isMissingNode()) {
            throw new IllegalArgumentException("the baseline has no " + what + ": the control no longer changes anything");
        }
        return node;
    }
}
