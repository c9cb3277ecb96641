package io.shareledger.query.web;

import io.shareledger.testsupport.DocumentedRoutes;
import org.junit.jupiter.api.Test;

import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The route tables of README.md, docs/query-service.md and docs/api.md's operator section agree
 * with the committed OpenAPI documents of the query service, which OpenApiDocumentsIT holds equal
 * to the served ones (issue 11 point 5): every route they name exists, every /api/v1 route is in
 * the README's table, and every route is in query-service.md's.
 */
class DocumentedRoutesTest {

    private static final Set<String> PUBLIC = routesOf("public");
    private static final Set<String> OPERATOR = routesOf("operator");

    private static final Set<String> README = DocumentedRoutes.inMarkdown(
            DocumentedRoutes.section(DocumentedRoutes.read("README.md"), "## The read API in brief"));
    private static final Set<String> QUERY_SERVICE_MD = DocumentedRoutes.inMarkdown(
            DocumentedRoutes.section(DocumentedRoutes.read("docs/query-service.md"), "## Endpoints"));
    private static final Set<String> API_MD = DocumentedRoutes.inMarkdown(
            DocumentedRoutes.section(DocumentedRoutes.read("docs/api.md"), "## Query service operator API"));

    @Test
    void everyRouteTheTablesNameIsInTheDocuments() {
        Set<String> all = new TreeSet<>(PUBLIC);
        all.addAll(OPERATOR);

        assertThat(all).as("routes of the committed query-service documents")
                .containsAll(README).containsAll(QUERY_SERVICE_MD).containsAll(API_MD);
    }

    @Test
    void everyRouteIsInTheTables() {
        assertThat(PUBLIC).isNotEmpty();
        assertThat(OPERATOR).isNotEmpty();
        assertThat(README).as("routes of README.md's read API table").containsAll(PUBLIC);
        assertThat(QUERY_SERVICE_MD).as("routes of docs/query-service.md's table").containsAll(PUBLIC).containsAll(OPERATOR);
    }

    private static Set<String> routesOf(String group) {
        return DocumentedRoutes.inOpenApi(DocumentedRoutes.read("docs/openapi/query-service-" + group + ".json"));
    }
}
