package io.shareledger.command.member;

import com.fasterxml.jackson.databind.JsonNode;
import io.shareledger.command.support.Api;
import io.shareledger.command.support.IntegrationTest;
import io.shareledger.command.support.StoredEvents;
import io.shareledger.testsupport.TestDatabase;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The answer to an erasure request is a receipt: when, at which version, what was erased where; no personal data. */
class ErasureReceiptIT extends IntegrationTest {

    @Test
    void theReceiptSaysWhenAndWhatWasErasedWhereAndNamesNoPersonalData() throws Exception {
        Api.Member member = api().register(issuer());
        String key = UUID.randomUUID().toString();

        Api.Response receipt = api().post("/api/v1/members/" + member.id() + "/erasure").token(member.token())
                .header("Idempotency-Key", key).send();

        assertThat(receipt.status()).as(receipt.body()).isEqualTo(200);
        JsonNode body = receipt.json();
        assertThat(body.path("id").asText()).isEqualTo(member.id());
        assertThat(body.path("version").asLong()).isEqualTo(1);
        assertThat(body.path("requestedBy").asText()).isEqualTo("SELF");
        assertThat(Instant.parse(body.path("erasedAt").asText())).isEqualTo(storedTime(member.id(), 1))
                .isBetween(Instant.now().minus(Duration.ofMinutes(1)), Instant.now());
        List<String> where = new ArrayList<>();
        body.path("erased").forEach(e -> {
            assertThat(e.path("what").asText()).isNotBlank();
            assertThat(e.path("how").asText()).isNotBlank();
            assertThat(e.has("done")).isTrue();
            where.add(e.path("where").asText());
        });
        assertThat(where).anySatisfy(w -> assertThat(w).contains("event store").contains("Kafka"))
                .anySatisfy(w -> assertThat(w).contains("member directory"))
                .anySatisfy(w -> assertThat(w).contains("read models"));
        assertThat(receipt.body()).doesNotContain(member.handle()).doesNotContain(member.subject())
                .doesNotContain("Test Member").doesNotContain("@example.org");

        // a repeated request with the same key answers the same receipt and erases nothing more
        Api.Response again = api().post("/api/v1/members/" + member.id() + "/erasure").token(member.token())
                .header("Idempotency-Key", key).send();
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json()).isEqualTo(body);
        assertThat(StoredEvents.typesOf(member.id())).containsExactly("MemberRegisteredEvent", "MemberForgottenEvent");
    }

    @Test
    void anOfficersErasureSaysSo() {
        Api.Member member = api().register(issuer());

        Api.Response receipt = api().post("/api/v1/members/" + member.id() + "/erasure")
                .token(issuer().token("officer-" + UUID.randomUUID(), "privacy-officer")).send();

        assertThat(receipt.status()).isEqualTo(200);
        assertThat(receipt.json().path("requestedBy").asText()).isEqualTo("PRIVACY_OFFICER");
    }

    private static Instant storedTime(String aggregateId, long sequence) throws Exception {
        try (Connection connection = TestDatabase.get().connect();
             PreparedStatement query = connection.prepareStatement(
                     "select time_stamp from domain_event_entry where aggregate_identifier = ? and sequence_number = ?")) {
            query.setString(1, aggregateId);
            query.setLong(2, sequence);
            try (ResultSet rs = query.executeQuery()) {
                assertThat(rs.next()).isTrue();
                return Instant.parse(rs.getString(1));
            }
        }
    }
}
