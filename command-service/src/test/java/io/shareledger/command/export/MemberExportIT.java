package io.shareledger.command.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.shareledger.command.support.Api;
import io.shareledger.command.support.IntegrationTest;
import io.shareledger.command.support.StoredEvents;
import io.shareledger.testsupport.TestDatabase;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

import static io.shareledger.command.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The export (GDPR Art. 15/20): complete against the event store for a random history, valid
 * against docs/export.schema.json, free of other members' personal data, audited when a privacy
 * officer asks, and empty of personal data once the member is forgotten.
 */
class MemberExportIT extends IntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Schema SCHEMA = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
            .getSchema(read(Path.of("..", "docs", "export.schema.json")));

    private record Party(Api.Member member, String displayName, String email, List<String> titles) {
    }

    @Test
    void theExportHoldsExactlyTheStoredEventsThatConcernTheMemberAndNothingOfOthers() throws Exception {
        Random random = new Random(20261126L);
        List<Party> parties = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Api.Member member = api().register(issuer());
            assertThat(api().grant(member, "SHARE_ITEMS").status()).isEqualTo(201);
            assertThat(api().grant(member, "RECEIVE_SHARES").status()).isEqualTo(201);
            String unique = Long.toHexString(random.nextLong());
            String name = "Name " + unique;
            String email = "mail" + unique + "@example.org";
            assertThat(api().put("/api/v1/members/" + member.id() + "/profile").token(member.token())
                    .json("{\"displayName\":\"" + name + "\",\"email\":\"" + email + "\"}").send().status()).isEqualTo(200);
            parties.add(new Party(member, name, email, new ArrayList<>()));
        }
        for (int i = 0; i < 14; i++) {
            Party owner = parties.get(random.nextInt(parties.size()));
            Party recipient = parties.get(random.nextInt(parties.size()));
            if (owner == recipient) {
                continue;
            }
            String title = "Title " + Long.toHexString(random.nextLong());
            owner.titles().add(title);
            Api.Response offered = api().post("/api/v1/shares").token(owner.member().token())
                    .json("{\"recipientId\":\"" + recipient.member().id() + "\",\"itemRef\":\"doc:" + i + "\",\"itemTitle\":\""
                            + title + "\",\"note\":\"Note of " + title + "\",\"permission\":\"VIEW\"}").send();
            assertThat(offered.status()).as(offered.body()).isEqualTo(201);
            String share = "/api/v1/shares/" + offered.id();
            switch (random.nextInt(4)) {
                case 0 -> assertThat(api().post(share + "/accept").token(recipient.member().token()).send().status()).isEqualTo(200);
                case 1 -> assertThat(api().post(share + "/decline").token(recipient.member().token()).send().status()).isEqualTo(200);
                case 2 -> assertThat(api().post(share + "/revoke").token(owner.member().token())
                        .json("{\"reason\":\"Why " + title + "\"}").send().status()).isEqualTo(200);
                default -> { }
            }
        }
        // a withdrawn consent (its open shares are revoked by the saga) and an erased member
        Party withdrawing = parties.get(0);
        String consent = firstConsent(withdrawing.member());
        assertThat(api().delete("/api/v1/members/" + withdrawing.member().id() + "/consents/" + consent)
                .token(withdrawing.member().token()).send().status()).isEqualTo(200);
        Party erased = parties.get(4);
        assertThat(api().post("/api/v1/members/" + erased.member().id() + "/erasure").token(erased.member().token())
                .send().status()).isEqualTo(200);

        for (Party party : parties.subList(0, 4)) {
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                JsonNode export = export(party.member(), party.member().token(), "");
                assertThat(eventsOf(export)).isEqualTo(storedEventsConcerning(party.member().id()));
            });
            Api.Response answer = api().get("/api/v1/members/" + party.member().id() + "/export").token(party.member().token()).send();
            JsonNode export = answer.json();
            List<Error> errors = SCHEMA.validate(export);
            assertThat(errors).as("schema errors").isEmpty();
            assertThat(export.path("member").path("displayName").asText()).isEqualTo(party.displayName());
            assertThat(export.path("member").path("handle").asText()).isEqualTo(party.member().handle());
            for (String title : party.titles()) {
                assertThat(answer.body()).contains(title);
            }
            for (Party other : parties) {
                if (other != party) {
                    assertThat(answer.body()).doesNotContain(other.member().handle()).doesNotContain(other.displayName())
                            .doesNotContain(other.email()).doesNotContain(other.member().subject());
                    other.titles().forEach(title -> assertThat(answer.body()).doesNotContain(title));
                }
            }
        }
        JsonNode withdrawnExport = export(withdrawing.member(), withdrawing.member().token(), "");
        assertThat(withdrawnExport.path("consents")).anySatisfy(c -> {
            assertThat(c.path("status").asText()).isEqualTo("WITHDRAWN");
            assertThat(c.path("history")).extracting(h -> h.path("type").asText())
                    .containsExactly("ConsentGranted", "ConsentWithdrawn");
        });
    }

    @Test
    void anOfficerGivesAReasonAndTheExportIsRecordedFirst() {
        Api.Member member = api().register(issuer());
        String officerSubject = "officer-" + UUID.randomUUID();
        String officer = issuer().token(officerSubject, "privacy-officer");

        for (String query : new String[]{"", "?reason=", "?reason=%20", "?reason=" + "x".repeat(501)}) {
            Api.Response refused = api().get("/api/v1/members/" + member.id() + "/export" + query).token(officer).send();
            assertThat(refused.status()).as(query).isEqualTo(400);
            assertThat(refused.json().path("errors").get(0).path("field").asText()).isEqualTo("reason");
        }
        assertThat(StoredEvents.typesOf(member.id())).containsExactly("MemberRegisteredEvent");

        JsonNode export = export(member, officer, "?reason=Subject%20access%20request");

        assertThat(StoredEvents.typesOf(member.id())).containsExactly("MemberRegisteredEvent", "MemberDataAccessedEvent");
        JsonNode access = export.path("events").get(1);
        assertThat(access.path("type").asText()).isEqualTo("MemberDataAccessed");
        assertThat(access.path("actor").asText()).isEqualTo("privacy-officer");
        assertThat(access.path("payload").path("accessedBy").asText()).isEqualTo(officerSubject);
        assertThat(access.path("payload").path("reason").asText()).isEqualTo("Subject access request");
        assertThat(access.path("payload").path("scope").asText()).isEqualTo("EXPORT");
    }

    @Test
    void membersExportOnlyThemselvesAndUnknownMembersAre404() {
        Api.Member member = api().register(issuer());
        Api.Member other = api().register(issuer());

        assertProblem(api().get("/api/v1/members/" + other.id() + "/export").token(member.token()).send(), 403, "forbidden");
        assertProblem(api().get("/api/v1/members/" + UUID.randomUUID() + "/export?reason=check")
                .token(issuer().token("officer-" + UUID.randomUUID(), "privacy-officer")).send(), 404, "not-found");
    }

    @Test
    void afterErasureOnlyIdsTimesAndTypesAreLeft() {
        Api.Member member = api().register(issuer());
        Api.Member recipient = api().register(issuer());
        assertThat(api().grant(member, "SHARE_ITEMS").status()).isEqualTo(201);
        assertThat(api().grant(recipient, "RECEIVE_SHARES").status()).isEqualTo(201);
        assertThat(api().offer(member, recipient).status()).isEqualTo(201);
        assertThat(api().post("/api/v1/members/" + member.id() + "/erasure").token(member.token()).send().status()).isEqualTo(200);
        String officer = issuer().token("officer-" + UUID.randomUUID(), "privacy-officer");

        Api.Response answer = api().get("/api/v1/members/" + member.id() + "/export?reason=audit").token(officer).send();

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.header("Cache-Control")).contains("no-store");
        assertThat(answer.header("Content-Disposition")).startsWith("attachment");
        JsonNode export = answer.json();
        assertThat(SCHEMA.validate(export)).isEmpty();
        assertThat(export.path("member").path("status").asText()).isEqualTo("FORGOTTEN");
        assertThat(absent(export.path("member").path("handle"))).isTrue();
        assertThat(export.path("events")).isNotEmpty().allSatisfy(e -> {
            assertThat(absent(e.path("payload"))).isTrue();
            assertThat(e.path("type").asText()).isNotBlank();
            assertThat(e.path("occurredAt").asText()).isNotBlank();
        });
        assertThat(export.path("shares").path("outgoing")).singleElement()
                .satisfies(s -> assertThat(absent(s.path("itemTitle"))).isTrue());
        assertThat(answer.body()).doesNotContain(member.handle()).doesNotContain(member.subject())
                .doesNotContain("Test Member").doesNotContain("A title");
    }

    /** Null fields are left out of answers. */
    private static boolean absent(JsonNode node) {
        return node.isMissingNode() || node.isNull();
    }

    private JsonNode export(Api.Member member, String token, String query) {
        Api.Response answer = api().get("/api/v1/members/" + member.id() + "/export" + query).token(token).send();
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return answer.json();
    }

    private static Set<String> eventsOf(JsonNode export) {
        Set<String> events = new HashSet<>();
        export.path("events").forEach(e -> events.add(e.path("aggregateId").asText() + "/" + e.path("sequenceNumber").asLong()));
        return events;
    }

    /** Every stored event naming the member as its member, owner or recipient, read from the event table itself. */
    private static Set<String> storedEventsConcerning(String memberId) throws Exception {
        Set<String> events = new HashSet<>();
        try (Connection connection = TestDatabase.get().connect();
             PreparedStatement query = connection.prepareStatement(
                     "select aggregate_identifier, sequence_number, payload from domain_event_entry");
             ResultSet rs = query.executeQuery()) {
            while (rs.next()) {
                JsonNode payload = JSON.readTree(rs.getBytes(3));
                for (String field : new String[]{"memberId", "ownerId", "recipientId"}) {
                    if (memberId.equals(payload.path(field).asText())) {
                        events.add(rs.getString(1) + "/" + rs.getLong(2));
                    }
                }
            }
        }
        return events;
    }

    private String firstConsent(Api.Member member) {
        return StoredEvents.of(member.id()).stream().filter(e -> e.type().endsWith("ConsentGrantedEvent")).findFirst()
                .map(e -> {
                    try {
                        return JSON.readTree(e.payload()).path("consentId").asText();
                    } catch (Exception notJson) {
                        throw new IllegalStateException(notJson);
                    }
                }).orElseThrow();
    }

    private static String read(Path path) {
        try {
            return Files.readString(path);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
