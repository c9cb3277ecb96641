package io.shareledger.query.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.shareledger.query.support.IntegrationTest;
import io.shareledger.query.support.Scenario;
import io.shareledger.testsupport.HttpApi;
import io.shareledger.testsupport.OpenApiDocuments;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The committed documents tell the truth about what the routes answer: every operation of both
 * groups is sent the requests a client gets wrong (no token, the wrong role, a wrong Accept, a body,
 * a query string over the limit, a malformed parameter, another method) and, where that is safe,
 * the right one and a conditional repeat; each answer's status must be documented for the
 * operation, a problem's type must be one the document names for that status, and every header the
 * document marks as required must be there. The stimuli are checked to have hit the status they aim
 * at, so that the test cannot pass by answering everything alike.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DocumentedAnswersIT extends IntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] GROUPS = {"public", "operator"};

    private Scenario.Member alice;
    private String share;
    private String operator;

    /** One request, the status it aims at, and what answered. */
    private record Exchange(String operation, String stimulus, int aimedAt, HttpApi.Response response) {
    }

    @BeforeAll
    void members() {
        Scenario story = new Scenario(events(), issuer());
        alice = story.register();
        Scenario.Member bob = story.register();
        share = story.offer(alice, bob).toString();
        operator = issuer().token("ops-" + UUID.randomUUID(), "operator");
        assertThat(api().get("/api/v1/members/me?minVersion=0").token(alice.token()).send().status()).isEqualTo(200);
        assertThat(api().get("/api/v1/shares/" + share + "?minVersion=0").token(alice.token()).send().status()).isEqualTo(200);
    }

    @Test
    void everyAnswerIsDocumentedWithItsProblemTypeAndRequiredHeaders() throws IOException {
        List<String> findings = new ArrayList<>();
        int exchanges = 0;
        for (String group : GROUPS) {
            JsonNode document = JSON.readTree(Files.readString(OpenApiDocuments.COMMITTED.resolve("query-service-" + group + ".json")));
            for (Iterator<Map.Entry<String, JsonNode>> paths = document.path("paths").fields(); paths.hasNext(); ) {
                Map.Entry<String, JsonNode> path = paths.next();
                for (Iterator<Map.Entry<String, JsonNode>> operations = path.getValue().fields(); operations.hasNext(); ) {
                    Map.Entry<String, JsonNode> operation = operations.next();
                    for (Exchange exchange : exchanges(path.getKey(), operation.getKey().toUpperCase(), operation.getValue())) {
                        exchanges++;
                        check(exchange, operation.getValue(), findings);
                    }
                }
            }
        }

        assertThat(exchanges).as("requests sent").isGreaterThan(80);
        assertThat(findings).as("answers the documents do not describe").isEmpty();
    }

    private List<Exchange> exchanges(String template, String method, JsonNode operation) {
        boolean admin = template.startsWith("/admin/");
        String owner = admin ? operator : alice.token();
        String wrongRole = admin ? alice.token() : operator;
        String path = template.replace("{memberId}", alice.id().toString()).replace("{shareId}", share)
                .replace("{name}", "member-profiles").replace("{processingGroup}", "member-profiles");
        String name = method + " " + template;
        List<Exchange> exchanges = new ArrayList<>();
        exchanges.add(send(name, "no token", 401, method, path, r -> r));
        exchanges.add(send(name, "a token without the route's role", 403, method, path, r -> r.token(wrongRole)));
        exchanges.add(send(name, "a query string over 4 KB", 414, method, path + "?q=" + "a".repeat(5000), r -> r.token(owner)));
        if (method.equals("GET")) {
            exchanges.add(send(name, "a GET with a body", 413, method, path, r -> r.token(owner).body("application/json", "{}")));
            exchanges.add(send(name, "Accept: text/html", 406, method, path, r -> r.token(owner).header("Accept", "text/html")));
            exchanges.add(send(name, "PUT instead of GET", 405, "PUT", path, r -> r.token(owner)));
            HttpApi.Response ok = api().get(path).token(owner).send();
            exchanges.add(new Exchange(name, "the right request", 200, ok));
            if (hasParameter(operation, "If-None-Match")) {
                exchanges.add(send(name, "If-None-Match with the current ETag", 304, method, path,
                        r -> r.token(owner).header("If-None-Match", ok.header("ETag"))));
            }
            if (hasParameter(operation, "minVersion")) {
                exchanges.add(send(name, "a malformed minVersion", 400, method, path + "?minVersion=abc", r -> r.token(owner)));
            }
            if (template.contains("{memberId}")) {
                exchanges.add(send(name, "a malformed member id", 400, method,
                        template.replace("{memberId}", "not-a-uuid"), r -> r.token(owner)));
            }
        } else {
            // never the right request: it would rebuild a read model or retry its dead letters under the other tests
            exchanges.add(send(name, "a body over 16 KB", 413, method, path, r -> r.token(owner).body("text/plain", "x".repeat(17 * 1024))));
        }
        return exchanges;
    }

    private Exchange send(String operation, String stimulus, int aimedAt, String method, String path,
                          UnaryOperator<HttpApi.Request> request) {
        return new Exchange(operation, stimulus, aimedAt, request.apply(api().request(method, path)).send());
    }

    private static void check(Exchange exchange, JsonNode operation, List<String> findings) {
        HttpApi.Response response = exchange.response();
        String where = exchange.operation() + " (" + exchange.stimulus() + ")";
        if (response.status() != exchange.aimedAt()) {
            findings.add(where + ": answered " + response.status() + ", the stimulus aims at " + exchange.aimedAt());
        }
        // a 405 is answered for the path, by the operation the request did not match
        JsonNode documented = operation.path("responses").path(Integer.toString(response.status()));
        if (documented.isMissingNode()) {
            findings.add(where + ": " + response.status() + " is not documented");
            return;
        }
        if (response.status() >= 400) {
            String contentType = response.contentType();
            if (contentType == null || !contentType.startsWith(OpenApiConfig.PROBLEM_JSON)) {
                findings.add(where + ": " + response.status() + " answered as " + contentType);
            } else {
                String type = response.json().path("type").asText();
                boolean named = false;
                for (JsonNode example : documented.path("content").path(OpenApiConfig.PROBLEM_JSON).path("examples")) {
                    named |= example.path("value").path("type").asText().equals(type);
                }
                if (!named) {
                    findings.add(where + ": problem type " + type + " is not among those documented for " + response.status());
                }
            }
        } else if (response.status() == 200 && !documented.path("content").has("application/json")) {
            findings.add(where + ": 200 has no application/json content documented");
        }
        for (Iterator<Map.Entry<String, JsonNode>> headers = documented.path("headers").fields(); headers.hasNext(); ) {
            Map.Entry<String, JsonNode> header = headers.next();
            if (header.getValue().path("required").asBoolean() && response.header(header.getKey()) == null) {
                findings.add(where + ": the required header " + header.getKey() + " is missing");
            }
        }
    }

    private static boolean hasParameter(JsonNode operation, String name) {
        for (JsonNode parameter : operation.path("parameters")) {
            if (parameter.path("name").asText().equals(name)) {
                return true;
            }
        }
        return false;
    }
}
