package io.shareledger.command.keys;

import io.shareledger.api.MemberId;
import io.shareledger.api.ShareId;
import io.shareledger.api.member.MemberRegisteredEvent;
import io.shareledger.api.member.ProfileChangedEvent;
import io.shareledger.api.privacy.ErasedValues;
import io.shareledger.api.serialization.ShareLedgerSerializer;
import io.shareledger.api.share.ShareOfferedEvent;
import io.shareledger.api.share.ShareRevokedEvent;
import io.shareledger.api.share.SharePermission;
import io.shareledger.command.support.Api;
import io.shareledger.command.support.IntegrationTest;
import io.shareledger.command.support.StoredEvents;
import io.shareledger.command.support.TopicReader;
import io.shareledger.testsupport.Canary;
import io.shareledger.testsupport.RawScan;
import io.shareledger.testsupport.TestDatabase;
import io.shareledger.testsupport.TestKafka;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.Message;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The proof that personal data is stored and sent only as ciphertext: unique values planted in
 * every personal field are searched for, in every encoding, in the raw rows of the event store,
 * snapshots, sagas, tokens, dead letters, deadlines and idempotency records, and in the raw Kafka
 * records. After erasure the whole database is searched, and the member's events read back with
 * the replacement value while its aggregates still load and obey their rules.
 */
class EncryptedAtRestIT extends IntegrationTest {

    /** Everything Axon and the service store about messages; the member directory holds the handle by design until erasure. */
    private static final List<String> MESSAGE_TABLES = List.of("domain_event_entry", "snapshot_event_entry", "saga_entry",
            "association_value_entry", "token_entry", "dead_letter_entry", "scheduled_tasks", "idempotency_record");

    @Autowired
    private EventStore eventStore;

    @Test
    void personalValuesAreStoredAndPublishedOnlyAsCiphertextAndReadAsErasedAfterErasure() {
        String random = Canary.random("h").value().substring(1).toLowerCase();
        Canary subject = Canary.random("subject-");
        Canary handle = Canary.of("h_" + random);
        Canary name = Canary.random("Name ");
        Canary email = Canary.of(random + "@example.org");
        Canary title = Canary.random("Title ");
        Canary note = Canary.random("Note ");
        Canary explanation = Canary.random("Because ");
        Canary newName = Canary.random("Renamed ");
        List<Canary> canaries = List.of(subject, handle, name, email, title, note, explanation, newName);

        String token = issuer().memberToken(subject.value());
        Api.Response registered = api().post("/api/v1/members").token(token).json("{\"handle\":\"" + handle
                + "\",\"displayName\":\"" + name + "\",\"email\":\"" + email + "\"}").send();
        assertThat(registered.status()).isEqualTo(201);
        Api.Member owner = new Api.Member(subject.value(), token, registered.id(), handle.value());
        Api.Member recipient = api().register(issuer());
        assertThat(api().put("/api/v1/members/" + owner.id() + "/profile").token(token)
                .json("{\"displayName\":\"" + newName + "\",\"email\":\"" + email + "\"}").send().status()).isEqualTo(200);
        api().grant(owner, "SHARE_ITEMS");
        api().grant(recipient, "RECEIVE_SHARES");
        String offer = "{\"recipientId\":\"" + recipient.id() + "\",\"itemRef\":\"doc:1\",\"itemTitle\":\"" + title
                + "\",\"note\":\"" + note + "\",\"permission\":\"VIEW\"}";
        String revoked = api().post("/api/v1/shares").token(token).header("Idempotency-Key", "k-" + random).json(offer).send().id();
        assertThat(api().post("/api/v1/shares/" + revoked + "/revoke").token(token)
                .json("{\"reason\":\"" + explanation + "\"}").send().status()).isEqualTo(200);
        String open = api().post("/api/v1/shares").token(token).json(offer).send().id();
        List<String> aggregates = List.of(owner.id(), revoked, open);
        awaitPublished(aggregates);

        assertTheScanFindsPlaintext(canaries, owner.id(), recipient.id());
        TestDatabase db = TestDatabase.get();
        assertThat(RawScan.tables(db, MESSAGE_TABLES, canaries)).as("stored messages").isEmpty();
        assertThat(RawScan.records(TopicReader.readAll(TestKafka.bootstrapServers()), canaries)).as("Kafka records").isEmpty();
        assertThat(StoredEvents.of(owner.id()).get(0).payload()).contains("\"handle\":\"enc:v1:");
        assertThat(snapshotsOf(owner.id())).as("the member was snapshotted, and the snapshot was scanned").isPositive();

        String officer = issuer().token("officer-" + random, "privacy-officer");
        assertThat(api().post("/api/v1/members/" + owner.id() + "/erasure").token(officer).send().status()).isEqualTo(200);

        assertThat(RawScan.tables(db, RawScan.allTables(db), canaries)).as("the whole write database after erasure").isEmpty();
        assertThat(payloads(owner.id())).first().isEqualTo(new MemberRegisteredEvent(MemberId.of(owner.id()),
                ErasedValues.STRING, ErasedValues.STRING, ErasedValues.STRING, ErasedValues.STRING));
        assertThat(payloads(owner.id())).filteredOn(ProfileChangedEvent.class::isInstance).singleElement()
                .extracting(e -> ((ProfileChangedEvent) e).displayName()).isEqualTo(ErasedValues.STRING);
        ShareOfferedEvent offered = (ShareOfferedEvent) payloads(revoked).get(0);
        assertThat(List.of(offered.itemTitle(), offered.note())).containsOnly(ErasedValues.STRING);
        assertThat(offered.itemRef()).isEqualTo("doc:1");
        assertThat(payloads(revoked)).filteredOn(ShareRevokedEvent.class::isInstance).singleElement()
                .extracting(e -> ((ShareRevokedEvent) e).explanation()).isEqualTo(ErasedValues.STRING);
        assertThat(payloads(recipient.id())).first().extracting(e -> ((MemberRegisteredEvent) e).handle())
                .as("another member's data is untouched").isEqualTo(recipient.handle());

        // the aggregates still load from the erased events and keep their rules
        Api.Response again = api().post("/api/v1/members/" + owner.id() + "/erasure").token(officer).send();
        assertThat(again.status()).isEqualTo(422);
        assertThat(again.json().path("code").asText()).isEqualTo("member-forgotten");
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(StoredEvents.of(open)).last()
                .satisfies(e -> assertThat(e.payload()).contains("\"reason\":\"MEMBER_FORGOTTEN\"")));
        Api.Response accept = api().post("/api/v1/shares/" + open + "/accept").token(recipient.token()).send();
        assertThat(accept.status()).isBetween(400, 499);
    }

    /** The positive control: the same scan finds every canary in a plaintext serialization and its encodings. */
    private static void assertTheScanFindsPlaintext(List<Canary> canaries, String ownerId, String recipientId) {
        MemberId owner = MemberId.of(ownerId);
        byte[] plain = String.join("|", List.of(
                json(new MemberRegisteredEvent(owner, canaries.get(0).value(), canaries.get(1).value(), canaries.get(2).value(), canaries.get(3).value())),
                json(new ShareOfferedEvent(ShareId.random(), owner, MemberId.of(recipientId), "doc:1", canaries.get(4).value(),
                        canaries.get(5).value(), SharePermission.VIEW, null, null, null)),
                json(new ProfileChangedEvent(owner, canaries.get(7).value(), canaries.get(6).value())))).getBytes(StandardCharsets.UTF_8);
        for (Canary canary : canaries) {
            assertThat(canary.foundIn(plain)).as("raw %s", canary).isNotEmpty();
            assertThat(canary.foundIn(Base64.getEncoder().encode(plain))).as("Base64 %s", canary).isNotEmpty();
            assertThat(canary.foundIn(HexFormat.of().formatHex(plain))).as("hex %s", canary).isNotEmpty();
        }
    }

    private static String json(Object event) {
        return ShareLedgerSerializer.create().serialize(event, String.class).getData();
    }

    private static long snapshotsOf(String aggregateId) {
        try (Connection connection = TestDatabase.get().connect();
             PreparedStatement query = connection.prepareStatement(
                     "select count(*) from snapshot_event_entry where aggregate_identifier = ?")) {
            query.setString(1, aggregateId);
            try (ResultSet rs = query.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The aggregate's events (not its snapshot), as the service reads them. */
    private List<Object> payloads(String aggregateId) {
        return eventStore.readEvents(aggregateId, 0).asStream().map(Message::getPayload).map(Object.class::cast).toList();
    }

    private static void awaitPublished(List<String> aggregateIds) {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            List<ConsumerRecord<String, byte[]>> records = TopicReader.readAll(TestKafka.bootstrapServers());
            for (String id : aggregateIds) {
                assertThat(records.stream().filter(r -> id.equals(r.key())).count())
                        .isEqualTo(StoredEvents.of(id).size());
            }
        });
        assertThat(Set.copyOf(aggregateIds)).hasSize(3);
    }
}
