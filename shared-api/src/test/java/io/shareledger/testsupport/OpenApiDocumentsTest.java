package io.shareledger.testsupport;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The documents' checks find what they are there to find (positive controls). */
class OpenApiDocumentsTest {

    private static final String VALID = """
            {"openapi": "3.0.1", "info": {"title": "t", "version": "v1"},
             "tags": [{"name": "things", "description": "Things"}],
             "paths": {"/things/{id}": {"get": {"operationId": "getThing", "summary": "A thing", "tags": ["things"],
               "security": [],
               "parameters": [{"name": "id", "in": "path", "required": true, "description": "its id", "schema": {"type": "string"}}],
               "responses": {"200": {"description": "ok", "content": {"application/json":
                  {"schema": {"$ref": "#/components/schemas/Thing"}}}}}}}},
             "components": {"schemas": {"Thing": {"type": "object", "properties": {"id": {"type": "string"}}}}}}
            """;

    @Test
    void aValidDocumentHasNoProblemsAndNoFindings() {
        assertThat(OpenApiDocuments.problems(VALID)).isEmpty();
        assertThat(OpenApiDocuments.lint(VALID)).isEmpty();
    }

    @Test
    void aReferenceToAMissingSchemaIsReported() {
        String broken = VALID.replace("#/components/schemas/Thing", "#/components/schemas/Problem");

        assertThat(OpenApiDocuments.problems(broken)).anySatisfy(problem -> assertThat(problem).contains("Problem"));
    }

    @Test
    void aResponseWithoutDescriptionIsReportedByTheParser() {
        String broken = VALID.replace("\"description\": \"ok\", ", "");

        assertThat(OpenApiDocuments.problems(broken)).anySatisfy(problem -> assertThat(problem).contains("description"));
    }

    @Test
    void missingOperationIdsSummariesUndeclaredTagsAndUndescribedParametersAreFindings() {
        String sloppy = VALID.replace("\"operationId\": \"getThing\", ", "")
                .replace("\"summary\": \"A thing\", ", "")
                .replace("\"tags\": [{\"name\": \"things\", \"description\": \"Things\"}],", "")
                .replace("\"description\": \"its id\", ", "");

        assertThat(OpenApiDocuments.lint(sloppy)).hasSize(4);
    }

    @Test
    void theCanonicalFormSortsKeysSoThatTheSameDocumentAlwaysReadsTheSame() {
        assertThat(OpenApiDocuments.canonical("{\"b\": 1, \"a\": {\"d\": 2, \"c\": 3}}"))
                .isEqualTo(OpenApiDocuments.canonical("{\"a\": {\"c\": 3, \"d\": 2}, \"b\": 1}"))
                .startsWith("{\n  \"a\"");
    }
}
