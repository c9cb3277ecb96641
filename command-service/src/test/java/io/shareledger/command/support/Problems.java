package io.shareledger.command.support;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Assertions on application/problem+json answers. */
public final class Problems {

    public static final String TYPE_PREFIX = "urn:shareledger:problem:";

    private Problems() {
    }

    /**
     * Asserts that {@code response} is a problem+json answer of the given status and problem type
     * (the name after {@code urn:shareledger:problem:}), with a title, and without anything that
     * looks like a stack trace or an exception class. Returns the parsed body.
     */
    public static JsonNode assertProblem(Api.Response response, int status, String type) {
        assertThat(response.status()).as("status of %s", response.body()).isEqualTo(status);
        assertThat(response.contentType()).as("content type of %s", response.body())
                .isNotNull()
                .startsWith("application/problem+json");
        JsonNode json = response.json();
        assertThat(json.path("type").asText()).as("type of %s", response.body()).isEqualTo(TYPE_PREFIX + type);
        assertThat(json.path("status").asInt()).as("status field of %s", response.body()).isEqualTo(status);
        assertThat(json.path("title").asText()).as("title of %s", response.body()).isNotBlank();
        assertNoInternals(response);
        return json;
    }

    /** As {@link #assertProblem}, and the problem names the rule {@code code}. */
    public static JsonNode assertProblem(Api.Response response, int status, String type, String code) {
        JsonNode json = assertProblem(response, status, type);
        assertThat(json.path("code").asText()).as("code of %s", response.body()).isEqualTo(code);
        return json;
    }

    /** No stack trace, exception class names or framework error attributes in the body. */
    public static void assertNoInternals(Api.Response response) {
        JsonNode json = response.json();
        assertThat(json.has("trace")).as("trace in %s", response.body()).isFalse();
        assertThat(json.has("exception")).as("exception in %s", response.body()).isFalse();
        assertThat(response.body()).as("body")
                .doesNotContain("Exception")
                .doesNotContain("\tat ")
                .doesNotContain("at io.shareledger.")
                .doesNotContain("at org.")
                .doesNotContain("at java.")
                .doesNotContain("io.shareledger.")
                .doesNotContain("org.springframework.")
                .doesNotContain("org.axonframework.")
                .doesNotContain("com.fasterxml.");
    }

    /** The {@code field} of each entry of the problem's {@code errors}. */
    public static List<String> errorFields(JsonNode problem) {
        List<String> fields = new ArrayList<>();
        problem.path("errors").forEach(error -> fields.add(error.path("field").asText()));
        return fields;
    }

    /** A value no response could contain by chance, to plant in personal-data fields. */
    public static String marker() {
        return "pii" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    }
}
