package io.shareledger.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A small HTTP client for the services' APIs, over real HTTP; the services' tests add their own helpers. */
public class HttpApi {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String base;

    public HttpApi(String base) {
        this.base = base;
    }

    public record Response(int status, HttpResponse<String> raw) {

        public JsonNode json() {
            try {
                return JSON.readTree(raw.body());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        public String body() {
            return raw.body();
        }

        public String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }

        public String contentType() {
            return header("Content-Type");
        }

        public String id() {
            return json().path("id").asText();
        }

        public long version() {
            return json().path("version").asLong();
        }
    }

    public Request request(String method, String path) {
        return new Request(method, path);
    }

    public Request post(String path) {
        return new Request("POST", path);
    }

    public Request put(String path) {
        return new Request("PUT", path);
    }

    public Request delete(String path) {
        return new Request("DELETE", path);
    }

    public Request get(String path) {
        return new Request("GET", path);
    }

    public final class Request {
        private final HttpRequest.Builder builder;
        private final String method;
        private String body;

        private Request(String method, String path) {
            this.method = method;
            this.builder = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
        }

        public Request token(String token) {
            builder.header("Authorization", "Bearer " + token);
            return this;
        }

        public Request header(String name, String value) {
            builder.header(name, value);
            return this;
        }

        public Request json(String json) {
            this.body = json;
            builder.header("Content-Type", "application/json");
            return this;
        }

        /** A raw body with any content type, e.g. to send text/plain to a JSON endpoint. */
        public Request body(String contentType, String body) {
            this.body = body;
            builder.header("Content-Type", contentType);
            return this;
        }

        public Response send() {
            builder.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
            try {
                HttpResponse<String> response = HTTP.send(builder.build(), HttpResponse.BodyHandlers.ofString());
                return new Response(response.statusCode(), response);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
