package io.shareledger.query.share;

import com.fasterxml.jackson.databind.JsonNode;
import io.shareledger.api.ShareId;
import io.shareledger.api.member.ErasureRequester;
import io.shareledger.api.member.MemberForgottenEvent;
import io.shareledger.api.share.RevocationReason;
import io.shareledger.api.share.ShareAcceptedEvent;
import io.shareledger.api.share.ShareRevokedEvent;
import io.shareledger.query.support.Api;
import io.shareledger.query.support.IntegrationTest;
import io.shareledger.query.support.Scenario;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class ShareQueriesIT extends IntegrationTest {

    @Test
    void ownerAndRecipientSeeTheShareOthersGet404AndEtagAnswers304() {
        Scenario story = new Scenario(events(), issuer());
        Scenario.Member owner = story.register();
        Scenario.Member recipient = story.register();
        Scenario.Member stranger = story.register();
        ShareId share = story.offer(owner, recipient);
        long accepted = story.publish(share.toString(), new ShareAcceptedEvent(share, owner.id(), recipient.id()));
        awaitMember(owner);
        awaitMember(recipient);
        awaitMember(stranger);

        Api.Response forOwner = api().get("/api/v1/shares/" + share + "?minVersion=" + accepted).token(owner.token()).send();
        assertThat(forOwner.status()).isEqualTo(200);
        assertThat(forOwner.json().path("status").asText()).isEqualTo("ACCEPTED");
        assertThat(forOwner.json().path("itemTitle").asText()).isEqualTo("A title");
        String etag = forOwner.header("ETag");
        assertThat(etag).as("version and digest").matches("\"1-[0-9a-f]{16}\"");
        assertThat(api().get("/api/v1/shares/" + share).token(recipient.token()).send().status()).isEqualTo(200);

        Api.Response hidden = api().get("/api/v1/shares/" + share).token(stranger.token()).send();
        Api.Response unknown = api().get("/api/v1/shares/" + ShareId.random()).token(stranger.token()).send();
        assertThat(hidden.status()).isEqualTo(404);
        assertThat(hidden.body()).isEqualTo(unknown.body());
        assertThat(hidden.contentType()).startsWith("application/problem+json");

        Api.Response notModified = api().get("/api/v1/shares/" + share).token(owner.token())
                .header("If-None-Match", etag).send();
        assertThat(notModified.status()).isEqualTo(304);
        assertThat(api().get("/api/v1/shares/" + share).token(owner.token())
                .header("If-None-Match", "\"1\"").send().status()).as("the version alone").isEqualTo(200);
    }

    @Test
    void listsAreFilteredSortedAndPaginatedByCursor() {
        Scenario story = new Scenario(events(), issuer());
        Scenario.Member owner = story.register();
        Scenario.Member recipient = story.register();
        Instant start = Instant.now().truncatedTo(ChronoUnit.MILLIS).minus(Duration.ofHours(1));
        List<ShareId> shares = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            shares.add(story.offer(owner, recipient, "title " + i, start.plusSeconds(i)));
        }
        long revoked = story.publish(shares.get(2).toString(),
                new ShareRevokedEvent(shares.get(2), owner.id(), recipient.id(), RevocationReason.OWNER, "changed my mind"));
        String base = "/api/v1/members/" + owner.id() + "/shares";
        api().get(base + "?waitFor=" + shares.get(2) + ":" + revoked).token(owner.token()).send();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(api().get(base + "?limit=100").token(owner.token()).send().json().path("items")).hasSize(5));

        Api.Response first = api().get(base + "?sort=offeredAt&limit=2").token(owner.token()).send();
        assertThat(ids(first)).containsExactly(shares.get(0).toString(), shares.get(1).toString());
        String cursor = first.json().path("nextCursor").asText();
        Api.Response second = api().get(base + "?sort=offeredAt&limit=2&cursor=" + cursor).token(owner.token()).send();
        assertThat(ids(second)).containsExactly(shares.get(2).toString(), shares.get(3).toString());
        Api.Response last = api().get(base + "?sort=offeredAt&limit=2&cursor=" + second.json().path("nextCursor").asText())
                .token(owner.token()).send();
        assertThat(ids(last)).containsExactly(shares.get(4).toString());
        assertThat(last.json().path("nextCursor").isMissingNode()).isTrue();

        assertThat(ids(api().get(base + "?limit=1").token(owner.token()).send()))
                .containsExactly(shares.get(4).toString());
        Api.Response revokedOnly = api().get(base + "?status=REVOKED").token(owner.token()).send();
        assertThat(ids(revokedOnly)).containsExactly(shares.get(2).toString());
        assertThat(revokedOnly.json().path("items").get(0).path("revocationReason").asText()).isEqualTo("OWNER");

        awaitMember(recipient);
        Api.Response incoming = api().get("/api/v1/members/" + recipient.id() + "/shares?direction=incoming&status=OFFERED")
                .token(recipient.token()).send();
        assertThat(incoming.json().path("items")).hasSize(4);
        assertThat(api().get("/api/v1/members/" + recipient.id() + "/shares?direction=outgoing")
                .token(recipient.token()).send().json().path("items")).isEmpty();
    }

    @Test
    void onlyDocumentedParametersAreAccepted() {
        Scenario story = new Scenario(events(), issuer());
        Scenario.Member owner = story.register();
        awaitMember(owner);
        String base = "/api/v1/members/" + owner.id() + "/shares";
        for (String query : List.of("?sort=itemTitle", "?direction=sideways", "?status=LOST", "?limit=0",
                "?cursor=not-a-cursor", "?waitFor=nonsense", "?limit=abc")) {
            Api.Response response = api().get(base + query).token(owner.token()).send();
            assertThat(response.status()).as(query).isEqualTo(400);
            assertThat(response.json().path("type").asText()).as(query).isEqualTo("urn:shareledger:problem:validation");
        }
        assertThat(api().get(base + "?limit=1000").token(owner.token()).send().status()).isEqualTo(200);
    }

    @Test
    void forgettingTheOwnerErasesItsPersonalFieldsOfItsShares() {
        Scenario story = new Scenario(events(), issuer());
        Scenario.Member owner = story.register();
        Scenario.Member recipient = story.register();
        ShareId share = story.offer(owner, recipient);
        long revoked = story.publish(share.toString(),
                new ShareRevokedEvent(share, owner.id(), recipient.id(), RevocationReason.OWNER, "private reason"));
        assertThat(api().get("/api/v1/shares/" + share + "?minVersion=" + revoked).token(recipient.token()).send()
                .json().path("revocationExplanation").asText()).isEqualTo("private reason");

        story.publish(owner.id().toString(), new MemberForgottenEvent(owner.id(), ErasureRequester.SELF));
        // the recipient may not wait for the owner's member aggregate (that would tell its version): poll instead
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonNode view = api().get("/api/v1/shares/" + share).token(recipient.token()).send().json();
            assertThat(view.path("itemTitle").isMissingNode()).isTrue();
            assertThat(view.path("note").isMissingNode()).isTrue();
            assertThat(view.path("revocationExplanation").isMissingNode()).isTrue();
            assertThat(view.path("itemRef").asText()).startsWith("doc:");
        });

        // the forgotten member's token no longer leads to a member (the profile read model runs on its own)
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(api().get("/api/v1/members/me").token(owner.token()).send().status()).isEqualTo(404));
    }

    private void awaitMember(Scenario.Member member) {
        assertThat(api().get("/api/v1/members/me?minVersion=0").token(member.token()).send().status()).isEqualTo(200);
    }

    private static List<String> ids(Api.Response response) {
        List<String> ids = new ArrayList<>();
        response.json().path("items").forEach(item -> ids.add(item.path("shareId").asText()));
        return ids;
    }
}
