package io.shareledger.command.keys;

import com.fasterxml.jackson.databind.JsonNode;
import io.shareledger.api.MemberId;
import io.shareledger.command.support.Api;
import io.shareledger.command.support.IntegrationTest;
import io.shareledger.testsupport.TestKeys;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The internal endpoint serving data keys to the query service. */
class DataKeyEndpointIT extends IntegrationTest {

    @Autowired
    private KeyVault vault;

    @Test
    void servesAnExistingKeyOnlyForTheServiceToken() {
        Api.Member member = api().register(issuer());
        String path = "/internal/v1/data-keys/" + member.id();

        Api.Response answer = api().get(path).token(TestKeys.serviceToken()).send();

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.header("Cache-Control")).contains("no-store");
        assertThat(answer.json().path("subjectId").asText()).isEqualTo(member.id());
        assertThat(Base64.getDecoder().decode(answer.json().path("key").asText()))
                .isEqualTo(vault.forDecryption(MemberId.of(member.id())).orElseThrow().getEncoded());

        assertThat(api().get(path).send().status()).as("no token").isEqualTo(401);
        assertThat(api().get(path).token(member.token()).send().status()).as("a user's token").isEqualTo(401);
        assertThat(api().get(path).token(issuer().token("op", "operator")).send().status()).as("an operator's token").isEqualTo(401);
        assertThat(api().get(path).token(TestKeys.serviceToken() + "x").send().status()).as("a wrong token").isEqualTo(401);
        assertThat(api().get(path).token(TestKeys.serviceToken() + "x").send().contentType()).startsWith("application/problem+json");
        assertThat(api().delete(path).token(TestKeys.serviceToken()).send().status()).as("only GET").isEqualTo(403);
    }

    @Test
    void answers404WithoutAKey410AfterErasureAnd400ForABadId() {
        Api.Response none = api().get("/internal/v1/data-keys/" + MemberId.random()).token(TestKeys.serviceToken()).send();
        assertThat(none.status()).isEqualTo(404);
        assertThat(none.contentType()).startsWith("application/problem+json");

        Api.Member member = api().register(issuer());
        assertThat(api().post("/api/v1/members/" + member.id() + "/erasure").token(member.token()).send().status()).isEqualTo(200);
        Api.Response gone = api().get("/internal/v1/data-keys/" + member.id()).token(TestKeys.serviceToken()).send();
        assertThat(gone.status()).isEqualTo(410);
        assertThat(gone.json().path("type").asText()).isEqualTo("urn:shareledger:problem:gone");
        assertThat(gone.body()).doesNotContain("\"key\"");

        Api.Response bad = api().get("/internal/v1/data-keys/not-a-uuid").token(TestKeys.serviceToken()).send();
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.contentType()).startsWith("application/problem+json");
    }

    @Test
    void servesManyKeysInOneRequestSayingWhichWereDestroyed() {
        Api.Member kept = api().register(issuer());
        Api.Member forgotten = api().register(issuer());
        assertThat(api().post("/api/v1/members/" + forgotten.id() + "/erasure").token(forgotten.token()).send().status())
                .isEqualTo(200);
        MemberId unknown = MemberId.random();

        Api.Response answer = api().post("/internal/v1/data-keys").token(TestKeys.serviceToken())
                .json("{\"subjectIds\":[\"" + kept.id() + "\",\"" + forgotten.id() + "\",\"" + unknown + "\"]}").send();

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.header("Cache-Control")).contains("no-store");
        assertThat(answer.json().path("keys")).hasSize(1);
        assertThat(answer.json().path("keys").get(0).path("subjectId").asText()).isEqualTo(kept.id());
        assertThat(Base64.getDecoder().decode(answer.json().path("keys").get(0).path("key").asText()))
                .isEqualTo(vault.forDecryption(MemberId.of(kept.id())).orElseThrow().getEncoded());
        assertThat(answer.json().path("destroyed")).extracting(JsonNode::asText).containsExactly(forgotten.id());
        assertThat(answer.body()).doesNotContain(unknown.toString());

        String one = "{\"subjectIds\":[\"" + kept.id() + "\"]}";
        assertThat(api().post("/internal/v1/data-keys").json(one).send().status()).as("no token").isEqualTo(401);
        assertThat(api().post("/internal/v1/data-keys").token(kept.token()).json(one).send().status()).as("a user's token")
                .isEqualTo(401);
    }

    @Test
    void refusesABadOrTooLongListOfSubjects() {
        String tooMany = IntStream.range(0, DataKeyController.MAX_SUBJECTS + 1)
                .mapToObj(i -> "\"" + UUID.randomUUID() + "\"").collect(Collectors.joining(",", "{\"subjectIds\":[", "]}"));
        Map<String, String> problems = Map.of(
                "{\"subjectIds\":[\"not-a-uuid\"]}", "malformed-request",
                "[", "malformed-request",
                "{\"subjectIds\":[null]}", "validation",
                "{}", "validation",
                tooMany, "validation");
        problems.forEach((body, type) -> {
            Api.Response bad = api().post("/internal/v1/data-keys").token(TestKeys.serviceToken()).json(body).send();
            assertThat(bad.status()).as(body.length() > 100 ? "too many subjects" : body).isEqualTo(400);
            assertThat(bad.contentType()).startsWith("application/problem+json");
            assertThat(bad.json().path("type").asText()).isEqualTo("urn:shareledger:problem:" + type);
        });
        String most = IntStream.range(0, DataKeyController.MAX_SUBJECTS)
                .mapToObj(i -> "\"" + UUID.randomUUID() + "\"").collect(Collectors.joining(",", "{\"subjectIds\":[", "]}"));
        Api.Response answer = api().post("/internal/v1/data-keys").token(TestKeys.serviceToken()).json(most).send();
        assertThat(answer.status()).as("the most subjects a request may name fit in a request").isEqualTo(200);
        assertThat(answer.json().path("keys")).isEmpty();
    }
}
