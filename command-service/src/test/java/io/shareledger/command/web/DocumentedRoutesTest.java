package io.shareledger.command.web;

import io.shareledger.testsupport.DocumentedRoutes;
import org.junit.jupiter.api.Test;

import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The route tables of README.md and the headings of docs/api.md agree with the committed OpenAPI
 * documents of the command service, which OpenApiDocumentsIT holds equal to the served ones (issue
 * 11 point 5): every route they name exists, and every /api/v1 route is in both.
 */
class DocumentedRoutesTest {

    private static final Set<String> PUBLIC = routesOf("public");
    private static final Set<String> ALL = union(PUBLIC, routesOf("operator"), routesOf("internal"));

    private static final Set<String> README = DocumentedRoutes.inMarkdown(
            DocumentedRoutes.section(DocumentedRoutes.read("README.md"), "## The write API in brief"));
    private static final Set<String> API_MD = DocumentedRoutes.inMarkdown(
            DocumentedRoutes.without(DocumentedRoutes.read("docs/api.md"), "## Query service operator API"));

    @Test
    void everyRouteTheReadmeAndApiMdNameIsInTheDocuments() {
        assertThat(ALL).as("routes of the committed command-service documents").containsAll(README).containsAll(API_MD);
    }

    @Test
    void everyPublicRouteIsInTheReadmeTableAndInApiMd() {
        assertThat(PUBLIC).isNotEmpty();
        assertThat(README).as("routes of README.md's write API table").containsAll(PUBLIC);
        assertThat(API_MD).as("routes of docs/api.md").containsAll(PUBLIC);
    }

    private static Set<String> routesOf(String group) {
        return DocumentedRoutes.inOpenApi(DocumentedRoutes.read("docs/openapi/command-service-" + group + ".json"));
    }

    @SafeVarargs
    private static Set<String> union(Set<String>... sets) {
        Set<String> all = new TreeSet<>();
        for (Set<String> set : sets) {
            all.addAll(set);
        }
        return all;
    }
}
