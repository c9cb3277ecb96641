package io.shareledger.query.member;

import io.shareledger.api.MemberId;
import io.shareledger.api.member.ConsentPurpose;
import io.shareledger.api.member.MemberRegisteredEvent;
import io.shareledger.api.member.ConsentWithdrawnEvent;
import io.shareledger.api.member.ProfileChangedEvent;
import io.shareledger.query.support.Api;
import io.shareledger.query.support.IntegrationTest;
import io.shareledger.query.support.Scenario;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class MemberQueriesIT extends IntegrationTest {

    @Test
    void profileIsProjectedAndFoundByTheCallersToken() {
        Scenario story = new Scenario(events(), issuer());
        Scenario.Member alice = story.register();

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(api().get("/api/v1/members/me").token(alice.token()).send().status()).isEqualTo(200));
        Api.Response me = api().get("/api/v1/members/me").token(alice.token()).send();
        assertThat(me.json().path("id").asText()).isEqualTo(alice.id().toString());
        assertThat(me.json().path("handle").asText()).isEqualTo(alice.handle());
        assertThat(me.json().path("status").asText()).isEqualTo("ACTIVE");
        assertThat(me.header("ETag")).as("version and digest").matches("\"0-[0-9a-f]{16}\"");

        long version = story.publish(alice.id().toString(),
                new ProfileChangedEvent(alice.id(), "New Name", "new@example.org"));
        Api.Response changed = api().get("/api/v1/members/" + alice.id() + "?minVersion=" + version)
                .token(alice.token()).send();
        assertThat(changed.status()).isEqualTo(200);
        assertThat(changed.header("Projection-Stale")).isNull();
        assertThat(changed.json().path("displayName").asText()).isEqualTo("New Name");
        assertThat(changed.json().path("version").asLong()).isEqualTo(version);
    }

    @Test
    void consentsKeepTheirHistory() {
        Scenario story = new Scenario(events(), issuer());
        Scenario.Member bob = story.register();
        var share = story.grant(bob, ConsentPurpose.SHARE_ITEMS);
        story.grant(bob, ConsentPurpose.RECEIVE_SHARES);
        long version = story.publish(bob.id().toString(), new ConsentWithdrawnEvent(bob.id(), share, ConsentPurpose.SHARE_ITEMS));

        Api.Response consents = api().get("/api/v1/members/" + bob.id() + "/consents?waitFor=" + bob.id() + ":" + version)
                .token(bob.token()).send();
        assertThat(consents.status()).isEqualTo(200);
        assertThat(consents.json().path("items")).hasSize(2);
        assertThat(consents.json().path("items").get(0).path("status").asText()).isEqualTo("WITHDRAWN");
        assertThat(consents.json().path("items").get(0).path("endedAt").isMissingNode()).isFalse();
        assertThat(consents.json().path("items").get(1).path("status").asText()).isEqualTo("ACTIVE");
    }

    @Test
    void anAccountRegisteredAgainAfterErasureFindsItsNewMemberEvenBeforeTheErasureArrives() {
        Scenario story = new Scenario(events(), issuer());
        Scenario.Member first = story.register();
        MemberId second = MemberId.random();
        // the earlier member's MemberForgotten travels in another partition and has not arrived yet
        story.publish(second.toString(), new MemberRegisteredEvent(second, first.subject(),
                "again_" + second.toString().substring(0, 8), "Again", "again@example.org"));

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            Api.Response found = api().get("/api/v1/members/me").token(first.token()).send();
            assertThat(found.status()).isEqualTo(200);
            assertThat(found.json().path("id").asText()).isEqualTo(second.toString());
        });
        assertThat(api().get("/api/v1/members/" + second).token(first.token()).send().status()).isEqualTo(200);
    }
}
