package io.shareledger.command.web;

import io.shareledger.command.support.Api;
import io.shareledger.command.support.IntegrationTest;
import io.shareledger.testsupport.OpenApiDocuments;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The served OpenAPI documents, one per group: valid for swagger-parser (no error, no unresolved
 * reference), free of the lint findings that matter to a client, and the same as the documents
 * committed under docs/openapi/. After a deliberate change of the API, regenerate them with
 * {@code ./mvnw -pl command-service -am verify -Dit.test=OpenApiDocumentsIT -Dtest=none
 * -Dsurefire.failIfNoSpecifiedTests=false -Dopenapi.write=true} and review the diff.
 */
class OpenApiDocumentsIT extends IntegrationTest {

    @ParameterizedTest
    @ValueSource(strings = {"public", "operator", "internal"})
    void eachGroupIsValidLintCleanAndCommitted(String group) {
        String served = served("/v3/api-docs/" + group);

        assertThat(OpenApiDocuments.problems(served)).as("swagger-parser's messages on the %s document", group).isEmpty();
        assertThat(OpenApiDocuments.lint(served)).as("lint of the %s document", group).isEmpty();
        String file = "command-service-" + group + ".json";
        assertThat(OpenApiDocuments.canonical(served))
                .as("docs/openapi/%s differs from the served document: regenerate it with -D%s=true and review the diff",
                        file, OpenApiDocuments.WRITE_PROPERTY)
                .isEqualTo(OpenApiDocuments.committed(file, served));
    }

    @Test
    void theDefaultDocumentOfAllGroupsIsValidToo() {
        assertThat(OpenApiDocuments.problems(served("/v3/api-docs"))).isEmpty();
    }

    @Test
    void anUnknownGroupIsNotFound() {
        Api.Response response = api().get("/v3/api-docs/no-such-group").send();

        assertThat(response.status()).as(response.body()).isEqualTo(404);
        assertThat(response.json().path("type").asText()).isEqualTo("urn:shareledger:problem:not-found");
    }

    private String served(String path) {
        Api.Response response = api().get(path).send();
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.body();
    }
}
