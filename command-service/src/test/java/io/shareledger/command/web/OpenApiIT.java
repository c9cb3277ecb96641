package io.shareledger.command.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.shareledger.command.support.Api;
import io.shareledger.command.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The OpenAPI document describes every write route, and Swagger UI is served. */
class OpenApiIT extends IntegrationTest {

    private static final Map<String, String> WRITE_ROUTES = Map.of(
            "/api/v1/members", "post",
            "/api/v1/members/{memberId}/profile", "put",
            "/api/v1/members/{memberId}/consents", "post",
            "/api/v1/members/{memberId}/consents/{consentId}", "delete",
            "/api/v1/members/{memberId}/erasure", "post",
            "/api/v1/shares", "post",
            "/api/v1/shares/{shareId}/accept", "post",
            "/api/v1/shares/{shareId}/decline", "post",
            "/api/v1/shares/{shareId}/revoke", "post");

    @Test
    void apiDocsListEveryWriteRoute() {
        Api.Response response = api().get("/v3/api-docs").send();

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.contentType()).startsWith("application/json");
        JsonNode doc = response.json();
        assertThat(doc.path("openapi").asText()).startsWith("3.");
        JsonNode paths = doc.path("paths");
        WRITE_ROUTES.forEach((path, method) -> {
            assertThat(paths.has(path)).as("path %s in %s", path, paths.fieldNames()).isTrue();
            JsonNode operation = paths.path(path).path(method);
            assertThat(operation.isObject()).as("%s %s", method.toUpperCase(), path).isTrue();
            assertThat(operation.path("responses").isObject()).as("responses of %s %s", method, path).isTrue();
        });
    }

    @Test
    void apiDocsDescribeThePathParametersOfEachRoute() {
        JsonNode paths = api().get("/v3/api-docs").send().json().path("paths");

        WRITE_ROUTES.forEach((path, method) -> {
            JsonNode operation = paths.path(path).path(method);
            java.util.regex.Matcher variables = java.util.regex.Pattern.compile("\\{(\\w+)}").matcher(path);
            while (variables.find()) {
                String name = variables.group(1);
                boolean declared = false;
                for (JsonNode parameter : operation.path("parameters")) {
                    declared |= parameter.path("in").asText().equals("path") && parameter.path("name").asText().equals(name);
                }
                assertThat(declared).as("path parameter %s of %s %s", name, method, path).isTrue();
            }
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"/swagger-ui.html", "/swagger-ui/index.html"})
    void swaggerUiIsServed(String path) throws IOException, InterruptedException {
        HttpClient client = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(Duration.ofSeconds(5))
                .build();

        HttpResponse<String> response = client.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        assertThat(response.body()).containsIgnoringCase("swagger-ui");
    }
}
