package io.shareledger.query.history;

import com.fasterxml.jackson.databind.JsonNode;
import io.shareledger.api.ShareId;
import io.shareledger.api.member.ConsentPurpose;
import io.shareledger.api.share.ShareDeclinedEvent;
import io.shareledger.query.support.Api;
import io.shareledger.query.support.CommandServiceStub;
import io.shareledger.query.support.IntegrationTest;
import io.shareledger.query.support.Scenario;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class HistoryIT extends IntegrationTest {

    @Test
    void aShareEventAppearsInBothPartiesHistoriesWithItsActor() {
        Scenario story = new Scenario(events(), issuer());
        Scenario.Member owner = story.register();
        Scenario.Member recipient = story.register();
        story.grant(owner, ConsentPurpose.SHARE_ITEMS);
        ShareId share = story.offer(owner, recipient);
        long declined = story.publish(share.toString(), new ShareDeclinedEvent(share, owner.id(), recipient.id()));

        history(owner, owner.token(), "?waitFor=" + share + ":" + declined);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(history(owner, owner.token(), "").path("items")).hasSize(4));
        JsonNode ownerHistory = history(owner, owner.token(), "");
        assertThat(types(ownerHistory)).containsExactly("MemberRegistered", "ConsentGranted", "ShareOffered", "ShareDeclined");
        JsonNode decline = ownerHistory.path("items").get(3);
        assertThat(decline.path("actor").asText()).isEqualTo(recipient.id().toString());
        assertThat(decline.path("aggregateId").asText()).isEqualTo(share.toString());
        assertThat(decline.path("sequenceNumber").asLong()).isEqualTo(1);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(history(recipient, recipient.token(), "").path("items")).hasSize(3));
        assertThat(types(history(recipient, recipient.token(), "")))
                .containsExactly("MemberRegistered", "ShareOffered", "ShareDeclined");

        JsonNode page = history(owner, owner.token(), "?limit=3");
        assertThat(types(page)).containsExactly("MemberRegistered", "ConsentGranted", "ShareOffered");
        assertThat(types(history(owner, owner.token(), "?limit=3&cursor=" + page.path("nextCursor").asText())))
                .containsExactly("ShareDeclined");
    }

    @Test
    void onlyTheMemberItselfOrAPrivacyOfficerReadsTheHistory() {
        Scenario story = new Scenario(events(), issuer());
        Scenario.Member member = story.register();
        Scenario.Member other = story.register();
        history(member, member.token(), "?waitFor=" + member.id() + ":0");
        assertThat(api().get("/api/v1/members/me?minVersion=0").token(other.token()).send().status()).isEqualTo(200);

        Api.Response refused = api().get("/api/v1/members/" + member.id() + "/history").token(other.token()).send();
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.json().path("type").asText()).isEqualTo("urn:shareledger:problem:forbidden");

        String officer = issuer().token("officer-" + member.id(), "privacy-officer");
        Api.Response read = api().get("/api/v1/members/" + member.id() + "/history?reason=Complaint%20%2312").token(officer).send();
        assertThat(read.status()).isEqualTo(200);
        assertThat(types(read.json())).containsExactly("MemberRegistered");
        // the officer role opens histories, not profiles
        assertThat(api().get("/api/v1/members/" + member.id()).token(officer).send().status()).isEqualTo(403);
    }

    @Test
    void anOfficersReadIsRecordedWithTheOfficersTokenAndReasonBeforeItIsServed() {
        Scenario.Member member = new Scenario(events(), issuer()).register();
        history(member, member.token(), "?waitFor=" + member.id() + ":0");
        String officer = issuer().token("officer-" + UUID.randomUUID(), "privacy-officer");

        Api.Response read = api().get("/api/v1/members/" + member.id() + "/history?reason=Complaint%20%2312").token(officer).send();

        assertThat(read.status()).isEqualTo(200);
        assertThat(CommandServiceStub.get().callsFor(member.id().toString())).singleElement().satisfies(call -> {
            assertThat(call.authorization()).isEqualTo("Bearer " + officer);
            assertThat(call.body().path("scope").asText()).isEqualTo("HISTORY");
            assertThat(call.body().path("reason").asText()).isEqualTo("Complaint #12");
        });
        // the member's own reads are not audited
        history(member, member.token(), "");
        assertThat(CommandServiceStub.get().callsFor(member.id().toString())).hasSize(1);
    }

    @Test
    void anOfficerMustSayWhy() {
        Scenario.Member member = new Scenario(events(), issuer()).register();
        String officer = issuer().token("officer-" + UUID.randomUUID(), "privacy-officer");

        for (String query : new String[]{"", "?reason=", "?reason=%20%20", "?reason=" + "x".repeat(501)}) {
            Api.Response refused = api().get("/api/v1/members/" + member.id() + "/history" + query).token(officer).send();
            assertThat(refused.status()).as(query).isEqualTo(400);
            assertThat(refused.json().path("errors").get(0).path("field").asText()).isEqualTo("reason");
        }
        assertThat(CommandServiceStub.get().callsFor(member.id().toString())).isEmpty();
    }

    @Test
    void noAuditRecordNoData() {
        Scenario.Member member = new Scenario(events(), issuer()).register();
        history(member, member.token(), "?waitFor=" + member.id() + ":0");
        String officer = issuer().token("officer-" + UUID.randomUUID(), "privacy-officer");
        try {
            CommandServiceStub.get().answer(503);
            Api.Response refused = api().get("/api/v1/members/" + member.id() + "/history?reason=audit").token(officer).send();
            assertThat(refused.status()).isEqualTo(503);
            assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
            assertThat(refused.json().path("code").asText()).isEqualTo("audit-unavailable");
            assertThat(refused.json().has("items")).isFalse();

            CommandServiceStub.get().answer(404);
            assertThat(api().get("/api/v1/members/" + member.id() + "/history?reason=audit").token(officer).send().status())
                    .isEqualTo(404);
        } finally {
            CommandServiceStub.get().answer(201);
        }
    }

    private JsonNode history(Scenario.Member member, String token, String query) {
        Api.Response response = api().get("/api/v1/members/" + member.id() + "/history" + query).token(token).send();
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("Projection-Stale")).isNull();
        return response.json();
    }

    private static List<String> types(JsonNode page) {
        List<String> types = new ArrayList<>();
        page.path("items").forEach(item -> types.add(item.path("eventType").asText()));
        return types;
    }
}
