package io.shareledger.infra.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * The HTTP side of the throughput benchmark: one {@link HttpClient} (HTTP/1.1, kept-alive
 * connections), synchronous sends from the caller's thread, so that N threads are N connections
 * in a closed loop. Every answer that arrives is returned with its status; a timeout or an I/O
 * error is returned as an {@link Reply} with a negative status, never hidden.
 */
final class Api {

    static final ObjectMapper JSON = new ObjectMapper();
    /** Problem codes are fixed words; anything else is not printed (it could carry a value). */
    private static final Pattern CODE = Pattern.compile("[a-z][a-z0-9-]{0,47}");

    static final int TIMEOUT = -1;
    static final int IO_ERROR = -2;

    private final HttpClient client;
    private final Duration requestTimeout;

    Api(Duration requestTimeout) {
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        this.requestTimeout = requestTimeout;
    }

    /** One answer: status (or TIMEOUT / IO_ERROR), body, the Projection-Stale header, the time it took. */
    record Reply(int status, String body, boolean stale, long nanos, String error) {

        boolean ok() {
            return status >= 200 && status < 300;
        }

        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new IllegalStateException("answer is not JSON (status " + status + ")", e);
            }
        }

        /** "201", "409 consent-already-active", "timeout", "io-error ConnectException", ... */
        String outcome() {
            if (status == TIMEOUT) {
                return "timeout";
            }
            if (status == IO_ERROR) {
                return "io-error " + error;
            }
            if (ok()) {
                return Integer.toString(status);
            }
            String code = null;
            try {
                JsonNode problem = JSON.readTree(body);
                String c = problem.path("code").asText("");
                if (c.isEmpty()) {
                    String type = problem.path("type").asText("");
                    c = type.substring(type.lastIndexOf(':') + 1);
                }
                if (CODE.matcher(c).matches()) {
                    code = c;
                }
            } catch (IOException | RuntimeException notJson) {
                // no code to add
            }
            return code == null ? Integer.toString(status) : status + " " + code;
        }
    }

    Reply get(String url, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return send(request);
    }

    Reply post(String url, String token, String json, String idempotencyKey) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        return send(request);
    }

    /** A POST of a route that takes no body (accept, decline). */
    Reply postWithoutBody(String url, String token, String idempotencyKey) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.noBody());
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        return send(request);
    }

    Reply put(String url, String token, String json) {
        return send(HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)));
    }

    Reply delete(String url, String token) {
        return send(HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + token)
                .DELETE());
    }

    /** A token of the dev issuer for this subject and these roles (comma-separated). */
    String token(String issuerUrl, String subject, String roles) {
        String form = "sub=" + URLEncoder.encode(subject, StandardCharsets.UTF_8)
                + "&roles=" + URLEncoder.encode(roles, StandardCharsets.UTF_8);
        Reply reply = send(HttpRequest.newBuilder(URI.create(issuerUrl + "/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)));
        if (reply.status() != 200) {
            throw new IllegalStateException("the token issuer answered " + reply.outcome());
        }
        return reply.json().path("access_token").asText();
    }

    Reply send(HttpRequest.Builder request) {
        long start = System.nanoTime();
        try {
            HttpResponse<String> response = client.send(request.timeout(requestTimeout).build(),
                    HttpResponse.BodyHandlers.ofString());
            boolean stale = response.headers().firstValue("Projection-Stale").map("true"::equalsIgnoreCase).orElse(false);
            return new Reply(response.statusCode(), response.body(), stale, System.nanoTime() - start, null);
        } catch (HttpTimeoutException e) {
            return new Reply(TIMEOUT, "", false, System.nanoTime() - start, null);
        } catch (IOException e) {
            return new Reply(IO_ERROR, "", false, System.nanoTime() - start, e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Reply(IO_ERROR, "", false, System.nanoTime() - start, "interrupted");
        }
    }
}
