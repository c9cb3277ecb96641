package io.shareledger.infra.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The query service's operator API for read models ({@code /admin/projections}), as used by
 * {@link ProjectionsCli} and by tests that drive rebuilds. Every call needs a token with the
 * {@code operator} role; an error answer becomes a {@link ApiError} carrying the problem's title
 * and detail.
 */
public final class ProjectionsClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;
    private final URI base;
    private final String token;

    public ProjectionsClient(String queryServiceUrl, String token) {
        this(queryServiceUrl, token, HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build());
    }

    /** Sending through {@code http}: the end-to-end tests pass one that validates every answer against the documents. */
    public ProjectionsClient(String queryServiceUrl, String token, HttpClient http) {
        this.http = http;
        this.base = URI.create(queryServiceUrl.endsWith("/") ? queryServiceUrl : queryServiceUrl + "/");
        this.token = token;
    }

    /** {@code {"projections": [...]}}: every read model with its state, positions, lag and rate. */
    public JsonNode list() throws IOException, InterruptedException {
        return send(request("admin/projections").GET(), 200);
    }

    public JsonNode get(String name) throws IOException, InterruptedException {
        return send(request(path(name)).GET(), 200);
    }

    /** Starts rebuilding a read model; answers the read model with its running rebuild. */
    public JsonNode rebuild(String name) throws IOException, InterruptedException {
        return send(request(path(name) + "/rebuild").POST(HttpRequest.BodyPublishers.noBody()), 202);
    }

    public JsonNode cancel(String name) throws IOException, InterruptedException {
        return send(request(path(name) + "/rebuild").DELETE(), 202);
    }

    public JsonNode checksum(String name) throws IOException, InterruptedException {
        return send(request(path(name) + "/checksum").GET(), 200);
    }

    /** Asks a development issuer (the local stack's, on port 8090) for an operator token. */
    public static String devOperatorToken(String issuerUrl) throws IOException, InterruptedException {
        String form = "sub=" + URLEncoder.encode("operator-cli", StandardCharsets.UTF_8) + "&roles=operator";
        HttpRequest request = HttpRequest.newBuilder(URI.create(issuerUrl.replaceAll("/$", "") + "/token"))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build();
        HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new ApiError(response.statusCode(), "The development issuer refused a token", response.body());
        }
        return JSON.readTree(response.body()).path("access_token").asText();
    }

    private static String path(String name) {
        return "admin/projections/" + URLEncoder.encode(name, StandardCharsets.UTF_8);
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(base.resolve(path))
                .timeout(Duration.ofSeconds(30))
                .header("Accept", "application/json, application/problem+json")
                .header("Authorization", "Bearer " + token);
    }

    private JsonNode send(HttpRequest.Builder request, int expected) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expected) {
            throw ApiError.of(response.statusCode(), response.body());
        }
        return JSON.readTree(response.body());
    }

    /** An answer other than the expected one, with the problem's title and detail when it has them. */
    public static final class ApiError extends IOException {

        private final int status;

        ApiError(int status, String title, String detail) {
            super(status + " " + title + (detail == null || detail.isBlank() ? "" : ": " + detail));
            this.status = status;
        }

        static ApiError of(int status, String body) {
            try {
                JsonNode problem = JSON.readTree(body);
                return new ApiError(status, problem.path("title").asText("error"), problem.path("detail").asText(""));
            } catch (IOException | RuntimeException notJson) {
                return new ApiError(status, "error", "");
            }
        }

        public int status() {
            return status;
        }
    }
}
