package io.shareledger.query.position;

import com.fasterxml.jackson.databind.JsonNode;
import io.shareledger.api.ConsentId;
import io.shareledger.api.member.ConsentGrantedEvent;
import io.shareledger.api.member.ConsentPurpose;
import io.shareledger.api.member.ProfileChangedEvent;
import io.shareledger.query.support.Api;
import io.shareledger.query.support.IntegrationTest;
import io.shareledger.query.support.Scenario;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class IdempotentRedeliveryIT extends IntegrationTest {

    @Test
    void aRedeliveredEventChangesNothing() {
        Scenario story = new Scenario(events(), issuer());
        Scenario.Member member = story.register();
        String id = member.id().toString();
        long first = story.reserve(id);
        ProducerRecord<String, byte[]> firstChange = events().record(id, first,
                new ProfileChangedEvent(member.id(), "First", "first@example.org"), Instant.now());
        events().send(firstChange);
        long second = story.publish(id, new ProfileChangedEvent(member.id(), "Second", "second@example.org"));
        assertThat(profile(member, second).path("displayName").asText()).isEqualTo("Second");

        // the same record again (as a producer retry or a replayed partition delivers it), then a marker
        // event behind it in the same partition: once the marker is applied, the duplicate was handled
        events().send(firstChange);
        events().send(firstChange);
        long marker = story.publish(id, new ConsentGrantedEvent(member.id(), ConsentId.random(),
                ConsentPurpose.SHARE_ITEMS, null));

        JsonNode profile = profile(member, marker);
        assertThat(profile.path("displayName").asText()).isEqualTo("Second");
        assertThat(profile.path("version").asLong()).isEqualTo(marker);

        Api.Response history = api().get("/api/v1/members/" + id + "/history?waitFor=" + id + ":" + marker)
                .token(member.token()).send();
        assertThat(history.json().path("items")).hasSize(4);
        Api.Response consents = api().get("/api/v1/members/" + id + "/consents?waitFor=" + id + ":" + marker)
                .token(member.token()).send();
        assertThat(consents.json().path("items")).hasSize(1);
    }

    private JsonNode profile(Scenario.Member member, long version) {
        Api.Response response = api().get("/api/v1/members/me?minVersion=" + version).token(member.token()).send();
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("Projection-Stale")).isNull();
        return response.json();
    }
}
