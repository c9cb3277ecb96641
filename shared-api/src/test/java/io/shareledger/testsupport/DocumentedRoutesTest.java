package io.shareledger.testsupport;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The routes are read from tables and headings in the forms the documentation uses (positive controls). */
class DocumentedRoutesTest {

    private static final String MARKDOWN = """
            # Reference

            A prose mention of GET /api/v1/prose is not a route of a table.

            ## Write side

            | method | path | answer |
            |---|---|---|
            | POST | `/api/v1/members` | 201 |
            | DELETE | `/api/v1/members/{memberId}/consents/{consentId}` | 200 |

            ### PUT /api/v1/members/{memberId}/profile — change profile

            ## Read side

            | route | who |
            |---|---|
            | `GET /api/v1/shares/{id}` | owner (`POST /api/v1/shares` writes it) |
            """;

    @Test
    void routesInTableRowsAndHeadingsAreFoundWithoutTheirParameterNames() {
        assertThat(DocumentedRoutes.inMarkdown(MARKDOWN)).containsExactly(
                "DELETE /api/v1/members/{}/consents/{}", "GET /api/v1/shares/{}", "POST /api/v1/members",
                "POST /api/v1/shares", "PUT /api/v1/members/{}/profile");
    }

    @Test
    void aSectionEndsAtTheNextHeadingOfItsLevel() {
        String write = DocumentedRoutes.section(MARKDOWN, "## Write side");

        assertThat(DocumentedRoutes.inMarkdown(write)).containsExactly(
                "DELETE /api/v1/members/{}/consents/{}", "POST /api/v1/members", "PUT /api/v1/members/{}/profile");
        assertThat(DocumentedRoutes.inMarkdown(DocumentedRoutes.without(MARKDOWN, "## Write side")))
                .containsExactly("GET /api/v1/shares/{}", "POST /api/v1/shares");
    }

    @Test
    void theRoutesOfAnOpenApiDocumentAreItsPathsAndMethods() {
        String document = """
                {"paths": {"/api/v1/shares/{shareId}": {"get": {}, "parameters": []}, "/api/v1/shares": {"post": {}}}}
                """;

        assertThat(DocumentedRoutes.inOpenApi(document)).containsExactly("GET /api/v1/shares/{}", "POST /api/v1/shares");
    }
}
