package io.shareledger.query.admin;

import com.fasterxml.jackson.databind.JsonNode;
import io.shareledger.api.ConsentId;
import io.shareledger.api.ShareId;
import io.shareledger.api.share.ShareAcceptedEvent;
import io.shareledger.api.share.ShareOfferedEvent;
import io.shareledger.api.share.SharePermission;
import io.shareledger.query.support.Api;
import io.shareledger.query.support.IntegrationTest;
import io.shareledger.query.support.Scenario;
import io.shareledger.testsupport.TestDatabase;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class DeadLetterIT extends IntegrationTest {

    private String operator() {
        return issuer().token("operator-" + System.nanoTime(), "operator");
    }

    @Test
    void anUnreadableEventIsParkedWithItsAggregatesLaterEventsWhileOthersFlow() {
        Scenario story = new Scenario(events(), issuer());
        Scenario.Member owner = story.register();
        Scenario.Member recipient = story.register();
        ShareId poisoned = ShareId.random();
        events().publishUnreadable(poisoned.toString(), story.reserve(poisoned.toString()), offer(poisoned, owner, recipient, "doc:1"));
        story.publish(poisoned.toString(), new ShareAcceptedEvent(poisoned, owner.id(), recipient.id()));
        ShareId healthy = story.offer(owner, recipient);

        assertThat(api().get("/api/v1/shares/" + healthy + "?minVersion=0").token(owner.token()).send().status())
                .isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(parked("shares", poisoned)).extracting(l -> l.path("eventType").asText())
                        .containsExactly("ShareOfferedEvent", "ShareAcceptedEvent"));
        assertThat(api().get("/api/v1/shares/" + poisoned).token(owner.token()).send().status()).isEqualTo(404);
        JsonNode first = parked("shares", poisoned).get(0);
        assertThat(first.path("causeType").asText()).isNotBlank();
        assertThat(first.path("aggregateSequence").asLong()).isZero();
        assertThat(api().get("/admin/dead-letters").token(operator()).send().body()).doesNotContain("not-a-uuid");
    }

    @Test
    void aParkedSequenceIsProcessedAgainOnceTheCauseIsFixed() throws Exception {
        Scenario story = new Scenario(events(), issuer());
        Scenario.Member owner = story.register();
        Scenario.Member recipient = story.register();
        ShareId share = ShareId.random();
        String itemRef = "doc:refused-" + share;
        // a defect of the read side, simulated by a constraint that refuses this one item
        sql("alter table rm_shares_v1.share_view add constraint refuse_" + share.value().toString().replace("-", "")
                + " check (item_ref <> '" + itemRef + "')");
        story.publish(share.toString(), offer(share, owner, recipient, itemRef));
        long accepted = story.publish(share.toString(), new ShareAcceptedEvent(share, owner.id(), recipient.id()));
        ShareId other = story.offer(owner, recipient);

        assertThat(api().get("/api/v1/shares/" + other + "?minVersion=0").token(owner.token()).send().status())
                .isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(parked("shares", share)).hasSize(2));
        assertThat(parked("member-history", share)).isEmpty();

        sql("alter table rm_shares_v1.share_view drop constraint refuse_" + share.value().toString().replace("-", ""));
        Api.Response retry = api().post("/admin/dead-letters/shares/retry").token(operator()).send();
        assertThat(retry.status()).as("retry answered %s", retry.body()).isEqualTo(200);
        assertThat(retry.json().path("sequencesProcessed").asInt()).isGreaterThanOrEqualTo(1);

        Api.Response view = api().get("/api/v1/shares/" + share + "?minVersion=" + accepted).token(owner.token()).send();
        assertThat(view.status()).isEqualTo(200);
        assertThat(view.json().path("status").asText()).isEqualTo("ACCEPTED");
        assertThat(parked("shares", share)).isEmpty();
        assertThat(api().post("/admin/dead-letters/unknown-group/retry").token(operator()).send().status()).isEqualTo(404);
    }

    private static ShareOfferedEvent offer(ShareId share, Scenario.Member owner, Scenario.Member recipient, String itemRef) {
        return new ShareOfferedEvent(share, owner.id(), recipient.id(), itemRef, "title", null, SharePermission.VIEW,
                null, ConsentId.random(), ConsentId.random());
    }

    private List<JsonNode> parked(String group, ShareId share) {
        Api.Response response = api().get("/admin/dead-letters").token(operator()).send();
        assertThat(response.status()).isEqualTo(200);
        List<JsonNode> letters = new ArrayList<>();
        response.json().path(group).forEach(letter -> {
            if (letter.path("sequenceId").asText().equals(share.toString())) {
                letters.add(letter);
            }
        });
        return letters;
    }

    private static void sql(String statement) throws Exception {
        try (Connection connection = TestDatabase.get().connect(); Statement s = connection.createStatement()) {
            s.execute(statement);
        }
    }
}
