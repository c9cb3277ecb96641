package io.shareledger.command.idempotency;

import io.shareledger.command.support.Api;
import io.shareledger.command.support.Concurrently;
import io.shareledger.command.support.IntegrationTest;
import io.shareledger.command.support.StoredEvents;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class IdempotencyIT extends IntegrationTest {

    @Test
    void aRepeatWithTheSameKeyAndBodyGetsTheFirstAnswerAndAppendsNothing() {
        Api.Member member = api().register(issuer());
        String key = UUID.randomUUID().toString();

        Api.Response first = grantWithKey(member, key, "SHARE_ITEMS");
        Api.Response repeat = grantWithKey(member, key, "SHARE_ITEMS");

        assertThat(first.status()).isEqualTo(201);
        assertThat(repeat.status()).isEqualTo(201);
        assertThat(repeat.json()).isEqualTo(first.json());
        assertThat(repeat.header("Location")).isEqualTo(first.header("Location"));
        assertThat(StoredEvents.typesOf(member.id())).containsExactly("MemberRegisteredEvent", "ConsentGrantedEvent");
    }

    @Test
    void theSameKeyWithAnotherBodyIsRefusedAndAppendsNothing() {
        Api.Member member = api().register(issuer());
        String key = UUID.randomUUID().toString();
        grantWithKey(member, key, "SHARE_ITEMS");

        Api.Response reused = grantWithKey(member, key, "RECEIVE_SHARES");

        assertThat(reused.status()).isEqualTo(422);
        assertThat(reused.contentType()).startsWith("application/problem+json");
        assertThat(reused.json().path("type").asText()).isEqualTo("urn:shareledger:problem:idempotency-key-reused");
        assertThat(StoredEvents.typesOf(member.id())).containsExactly("MemberRegisteredEvent", "ConsentGrantedEvent");
    }

    @Test
    void aRepeatedRegistrationReturnsTheSameMember() {
        String subject = "subject-" + UUID.randomUUID();
        String handle = "h_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        String body = "{\"handle\":\"" + handle + "\",\"displayName\":\"Dee\",\"email\":\"dee@example.org\"}";
        String key = UUID.randomUUID().toString();

        Api.Response first = api().post("/api/v1/members").token(issuer().memberToken(subject))
                .header("Idempotency-Key", key).json(body).send();
        Api.Response repeat = api().post("/api/v1/members").token(issuer().memberToken(subject))
                .header("Idempotency-Key", key).json(body).send();

        assertThat(first.status()).isEqualTo(201);
        assertThat(repeat.status()).isEqualTo(201);
        assertThat(repeat.id()).isEqualTo(first.id());
        assertThat(StoredEvents.typesOf(first.id())).containsExactly("MemberRegisteredEvent");
    }

    @Test
    void concurrentRepeatsOfOneRequestAppendOnce() throws Exception {
        Api.Member owner = api().register(issuer());
        Api.Member recipient = api().register(issuer());
        api().grant(owner, "SHARE_ITEMS");
        api().grant(recipient, "RECEIVE_SHARES");
        String key = UUID.randomUUID().toString();
        String body = "{\"recipientId\":\"" + recipient.id() + "\",\"itemRef\":\"doc:7\",\"itemTitle\":\"T\",\"permission\":\"VIEW\"}";

        int requests = 8;
        List<Api.Response> responses = Concurrently.run(requests,
                i -> api().post("/api/v1/shares").token(owner.token()).header("Idempotency-Key", key).json(body).send());

        assertThat(responses).allSatisfy(r -> assertThat(r.status()).as(r.body()).isEqualTo(201));
        assertThat(responses).extracting(Api.Response::id).containsOnly(responses.get(0).id());
        assertThat(StoredEvents.typesOf(responses.get(0).id())).containsExactly("ShareOfferedEvent");
    }

    @Test
    void keysAreScopedToTheCaller() {
        Api.Member alice = api().register(issuer());
        Api.Member bob = api().register(issuer());
        String key = UUID.randomUUID().toString();

        Api.Response aliceGrant = grantWithKey(alice, key, "SHARE_ITEMS");
        Api.Response bobGrant = grantWithKey(bob, key, "SHARE_ITEMS");

        assertThat(aliceGrant.status()).isEqualTo(201);
        assertThat(bobGrant.status()).isEqualTo(201);
        assertThat(bobGrant.id()).isNotEqualTo(aliceGrant.id());
        assertThat(StoredEvents.typesOf(bob.id())).containsExactly("MemberRegisteredEvent", "ConsentGrantedEvent");
    }

    private Api.Response grantWithKey(Api.Member member, String key, String purpose) {
        return api().post("/api/v1/members/" + member.id() + "/consents").token(member.token())
                .header("Idempotency-Key", key).json("{\"purpose\":\"" + purpose + "\"}").send();
    }
}
