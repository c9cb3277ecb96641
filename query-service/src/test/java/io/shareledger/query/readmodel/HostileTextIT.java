package io.shareledger.query.readmodel;

import com.fasterxml.jackson.databind.JsonNode;
import io.shareledger.api.ConsentId;
import io.shareledger.api.MemberId;
import io.shareledger.api.ShareId;
import io.shareledger.api.member.ConsentExpiredEvent;
import io.shareledger.api.member.ConsentGrantedEvent;
import io.shareledger.api.member.ConsentPurpose;
import io.shareledger.api.member.ConsentWithdrawnEvent;
import io.shareledger.api.member.DataAccessScope;
import io.shareledger.api.member.ErasureRequester;
import io.shareledger.api.member.MemberDataAccessedEvent;
import io.shareledger.api.member.MemberForgottenEvent;
import io.shareledger.api.member.MemberRegisteredEvent;
import io.shareledger.api.member.ProfileChangedEvent;
import io.shareledger.api.share.RevocationReason;
import io.shareledger.api.share.ShareAcceptedEvent;
import io.shareledger.api.share.ShareDeclinedEvent;
import io.shareledger.api.share.ShareExpiredEvent;
import io.shareledger.api.share.ShareOfferedEvent;
import io.shareledger.api.share.ShareRevokedEvent;
import io.shareledger.api.share.SharePermission;
import io.shareledger.query.support.Api;
import io.shareledger.query.support.EventPublisher;
import io.shareledger.query.support.StandaloneService;
import io.shareledger.testsupport.TestDatabase;
import io.shareledger.testsupport.TestIssuer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.context.ConfigurableApplicationContext;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The read side never fails on text an event can hold (ADR 0014): every event type, with strings
 * that are hostile but valid (maximum lengths, emoji, combining marks, right-to-left text) and
 * hostile strings the write API now refuses but older events hold (NUL, unpaired surrogates, other
 * controls, bidirectional overrides), goes through the real topic into every read model of a query
 * service of this test's own: no dead letter, and the expected rows, with NUL and unpaired
 * surrogates stored as U+FFFD and everything else as sent. The same after a rebuild of each read
 * model.
 *
 * <p>Personal fields are encrypted by the command side's serializer, which encodes the plaintext as
 * UTF-8 before the read side sees it: an unpaired surrogate there already arrives as '?'. Plain
 * fields (item references) carry it through the JSON of the topic to the read side.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HostileTextIT {

    private static final String TOPIC = "hostile-text-it-" + UUID.randomUUID();
    private static final Duration LONG = Duration.ofSeconds(120);
    private static final String ALEF = "\u05D0";

    /** A kind of text: as sent, as a read model stores it in a personal (encrypted) field and in a plain one. */
    record Flavour(String name, String text, String personal, String plain, boolean maximal) {
        static Flavour kept(String name, String text) {
            return new Flavour(name, text, text, text, false);
        }
    }

    private static final List<Flavour> FLAVOURS = List.of(
            new Flavour("nul", "a\u0000b\u0000", "a\uFFFDb\uFFFD", "a\uFFFDb\uFFFD", false),
            new Flavour("unpaired surrogates", "x\uD800y\uDFFF", "x?y?", "x\uFFFDy\uFFFD", false),
            Flavour.kept("emoji", "\uD83D\uDC69\u200D\uD83D\uDCBB\uD83C\uDDEB\uD83C\uDDF7\uD83D\uDE00"),
            Flavour.kept("combining marks", "Zoe\u0301 \u1E9B\u0323 a\u0300\u0301\u0302\u0303"),
            Flavour.kept("right to left", "\u05E9\u05E8\u05D4 \u0645\u062D\u0645\u062F \u202Eevil\u202C \u2067x\u2069"),
            Flavour.kept("other controls", "\u001B[31mred\u0085\u007F\t\r\n\u0001\uFFFF"),
            new Flavour("maximum lengths", "\u0000\uD83D\uDE00e\u0301\u05E9", "\uFFFD\uD83D\uDE00e\u0301\u05E9",
                    "\uFFFD\uD83D\uDE00e\u0301\u05E9", true));

    /** The write API's limits (in UTF-16 units, as it counts them). */
    private static final Map<String, Integer> MAX = Map.of("handle", 30, "displayName", 100, "email", 254,
            "itemRef", 200, "itemTitle", 200, "note", 1000, "explanation", 500, "reason", 500, "subject", 255,
            "accessedBy", 255);

    private static TestDatabase db;
    private static ConfigurableApplicationContext service;
    private static final Instant START = Instant.now().minus(Duration.ofHours(1));
    private static final Map<String, Long> nextSequence = new HashMap<>();
    private static final Map<String, Long> lastSequence = new LinkedHashMap<>();
    private static final List<Story> stories = new ArrayList<>();

    /** The ids of one flavour's story. */
    record Story(Flavour flavour, MemberId owner, MemberId recipient, MemberId forgotten, ConsentId shareItems,
                 ConsentId withdrawn, ConsentId expired, ConsentId receive, ShareId revoked, ShareId declined,
                 ShareId expiredShare, ShareId ofForgotten) {
    }

    @BeforeAll
    static void start() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                EventPublisher.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 6, (short) 1)
                    .configs(Map.of(TopicConfig.RETENTION_MS_CONFIG, "-1")))).all().get();
        }
        db = TestDatabase.get().fresh();
        service = StandaloneService.start(db, "--shareledger.kafka.topic=" + TOPIC);
        FLAVOURS.forEach(flavour -> stories.add(publishStory(flavour)));
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
    }

    @Test
    @Order(1)
    void everyEventTypeWithHostileTextReachesEveryReadModelWithoutADeadLetter() throws Exception {
        awaitApplied();
        assertExpectedRows();
    }

    @Test
    @Order(2)
    void aRebuildOfEveryReadModelGivesTheSameRowsWithoutADeadLetter() throws Exception {
        awaitApplied();
        Map<ReadModel, String> before = new EnumMap<>(ReadModel.class);
        for (ReadModel model : ReadModel.values()) {
            before.put(model, checksum(model));
            int version = projection(model).path("version").asInt();
            Api.Response started = api().post("/admin/projections/" + model.modelName() + "/rebuild").token(operator()).send();
            assertThat(started.status()).as(started.body()).isEqualTo(202);
            await().atMost(LONG).pollInterval(Duration.ofMillis(200)).until(() -> {
                JsonNode projection = projection(model);
                assertThat(projection.path("rebuild").path("state").asText()).isIn("RUNNING", "COMPLETED");
                return projection.path("version").asInt() == version + 1
                        && projection.path("rebuild").path("state").asText().equals("COMPLETED");
            });
        }
        assertThat(deadLetters()).isZero();
        for (ReadModel model : ReadModel.values()) {
            assertThat(checksum(model)).as(model.modelName()).isEqualTo(before.get(model));
        }
        assertExpectedRows();
    }

    private static Story publishStory(Flavour f) {
        MemberId owner = MemberId.random();
        MemberId recipient = MemberId.random();
        MemberId forgotten = MemberId.random();
        Story s = new Story(f, owner, recipient, forgotten, ConsentId.random(), ConsentId.random(), ConsentId.random(),
                ConsentId.random(), ShareId.random(), ShareId.random(), ShareId.random(), ShareId.random());
        register(owner, f, "owner");
        publish(owner, new ProfileChangedEvent(owner, sent(f, "displayName", "changed "), sent(f, "email", "changed@")));
        publish(owner, new ConsentGrantedEvent(owner, s.shareItems(), ConsentPurpose.SHARE_ITEMS, null));
        publish(owner, new MemberDataAccessedEvent(owner, sent(f, "accessedBy", "officer "), DataAccessScope.HISTORY,
                sent(f, "reason", "why\n")));
        publish(owner, new ConsentGrantedEvent(owner, s.withdrawn(), ConsentPurpose.RECEIVE_SHARES, null));
        publish(owner, new ConsentWithdrawnEvent(owner, s.withdrawn(), ConsentPurpose.RECEIVE_SHARES));
        publish(owner, new ConsentGrantedEvent(owner, s.expired(), ConsentPurpose.RECEIVE_SHARES, at(30)));
        publish(owner, new ConsentExpiredEvent(owner, s.expired(), ConsentPurpose.RECEIVE_SHARES));
        register(recipient, f, "recipient");
        publish(recipient, new ConsentGrantedEvent(recipient, s.receive(), ConsentPurpose.RECEIVE_SHARES, null));

        publish(s.revoked(), offer(s.revoked(), owner, recipient, f, "revoked", s));
        publish(s.revoked(), new ShareAcceptedEvent(s.revoked(), owner, recipient));
        publish(s.revoked(), new ShareRevokedEvent(s.revoked(), owner, recipient, RevocationReason.OWNER,
                sent(f, "explanation", "because\n")));
        publish(s.declined(), offer(s.declined(), owner, recipient, f, "declined", s));
        publish(s.declined(), new ShareDeclinedEvent(s.declined(), owner, recipient));
        publish(s.expiredShare(), offer(s.expiredShare(), owner, recipient, f, "expired", s));
        publish(s.expiredShare(), new ShareExpiredEvent(s.expiredShare(), owner, recipient));

        register(forgotten, f, "forgotten");
        publish(s.ofForgotten(), offer(s.ofForgotten(), forgotten, recipient, f, "of forgotten", s));
        publish(forgotten, new MemberForgottenEvent(forgotten, ErasureRequester.SELF));
        return s;
    }

    private static void register(MemberId member, Flavour f, String role) {
        publish(member, new MemberRegisteredEvent(member, sent(f, "subject", "subject-" + member + " "),
                sent(f, "handle", role.substring(0, 1) + "_"), sent(f, "displayName", role + " "),
                sent(f, "email", role + "@")));
    }

    private static ShareOfferedEvent offer(ShareId share, MemberId owner, MemberId recipient, Flavour f, String label,
                                           Story s) {
        return new ShareOfferedEvent(share, owner, recipient, sent(f, "itemRef", "doc:" + share + " "),
                sent(f, "itemTitle", label + " "), sent(f, "note", "line one\r\nline two\n"), SharePermission.VIEW,
                null, s.shareItems(), s.receive());
    }

    /** The value of a field as sent: a label and the flavour's text, padded to the field's maximum if maximal. */
    private static String sent(Flavour f, String field, String label) {
        return value(f, field, label, f.text());
    }

    private static String stored(Flavour f, String field, String label, boolean personal) {
        return value(f, field, label, personal ? f.personal() : f.plain());
    }

    private static String value(Flavour f, String field, String label, String text) {
        String value = label + text;
        if (f.maximal()) {
            int max = MAX.get(field);
            value = value + ALEF.repeat(Math.max(0, max - label.length() - f.text().length()));
        }
        return value;
    }

    private static void publish(Object aggregate, Object event) {
        String id = aggregate.toString();
        long sequence = nextSequence.merge(id, 1L, Long::sum) - 1;
        lastSequence.put(id, sequence);
        ProducerRecord<String, byte[]> record = EventPublisher.get().record(id, sequence, event, at(sequence));
        EventPublisher.get().send(new ProducerRecord<>(TOPIC, null, record.key(), record.value(), record.headers()));
    }

    private static Instant at(long sequence) {
        return START.plusSeconds(sequence);
    }

    /** Every aggregate at its last sequence in every read model; fails at once on a dead letter. */
    private static void awaitApplied() {
        await().atMost(LONG).pollInterval(Duration.ofMillis(200)).until(() -> {
            long parked = deadLetters();
            if (parked > 0) {
                throw new IllegalStateException(parked + " dead letters: " + api().get("/admin/dead-letters")
                        .token(operator()).send().body());
            }
            for (ReadModel model : ReadModel.values()) {
                Map<String, Long> positions = new HashMap<>();
                query("select aggregate_id, last_sequence from " + model.positionView(),
                        rs -> positions.put(rs.getString(1), rs.getLong(2)));
                if (!positions.entrySet().containsAll(lastSequence.entrySet())) {
                    return false;
                }
            }
            return true;
        });
    }

    private static void assertExpectedRows() throws Exception {
        for (Story s : stories) {
            Flavour f = s.flavour();
            String as = " (" + f.name() + ")";

            Map<String, String> owner = row("select * from member_profile where member_id = ?", s.owner());
            assertThat(owner.get("handle")).as("handle" + as).isEqualTo(stored(f, "handle", "o_", true));
            assertThat(owner.get("display_name")).as("display name" + as)
                    .isEqualTo(stored(f, "displayName", "changed ", true));
            assertThat(owner.get("email")).as("email" + as).isEqualTo(stored(f, "email", "changed@", true));
            assertThat(owner.get("status")).isEqualTo("ACTIVE");
            assertThat(owner.get("version")).isEqualTo("7");
            assertThat(owner.get("subject_digest")).hasSize(64);
            Map<String, String> recipient = row("select * from member_profile where member_id = ?", s.recipient());
            assertThat(recipient.get("display_name")).as("display name" + as)
                    .isEqualTo(stored(f, "displayName", "recipient ", true));
            Map<String, String> forgotten = row("select * from member_profile where member_id = ?", s.forgotten());
            assertThat(forgotten.get("status")).isEqualTo("FORGOTTEN");
            assertThat(forgotten.get("display_name")).isNull();
            assertThat(forgotten.get("handle")).isNull();

            Map<String, String> consents = new HashMap<>();
            query("select consent_id, status from member_consent where member_id = any(?::uuid[]) ",
                    rs -> consents.put(rs.getString(1), rs.getString(2)), s.owner(), s.recipient());
            assertThat(consents).as("consents" + as).isEqualTo(Map.of(
                    s.shareItems().toString(), "ACTIVE", s.withdrawn().toString(), "WITHDRAWN",
                    s.expired().toString(), "EXPIRED", s.receive().toString(), "ACTIVE"));

            Map<String, String> revoked = row("select * from share_view where share_id = ?", s.revoked());
            assertThat(revoked.get("status")).isEqualTo("REVOKED");
            assertThat(revoked.get("item_ref")).as("item ref" + as)
                    .isEqualTo(stored(f, "itemRef", "doc:" + s.revoked() + " ", false));
            assertThat(revoked.get("item_title")).as("item title" + as).isEqualTo(stored(f, "itemTitle", "revoked ", true));
            assertThat(revoked.get("note")).as("note" + as).isEqualTo(stored(f, "note", "line one\r\nline two\n", true));
            assertThat(revoked.get("revocation_note")).as("revocation note" + as)
                    .isEqualTo(stored(f, "explanation", "because\n", true));
            assertThat(revoked.get("version")).isEqualTo("2");
            assertThat(row("select * from share_view where share_id = ?", s.declined()).get("status")).isEqualTo("DECLINED");
            assertThat(row("select * from share_view where share_id = ?", s.expiredShare()).get("status")).isEqualTo("EXPIRED");
            Map<String, String> ofForgotten = row("select * from share_view where share_id = ?", s.ofForgotten());
            assertThat(ofForgotten.get("item_title")).isNull();
            assertThat(ofForgotten.get("note")).isNull();
            assertThat(ofForgotten.get("item_ref")).as("item ref" + as)
                    .isEqualTo(stored(f, "itemRef", "doc:" + s.ofForgotten() + " ", false));

            assertThat(history(s.owner())).as("owner's history" + as).containsExactlyInAnyOrder(
                    "MemberRegistered", "ProfileChanged", "ConsentGranted", "MemberDataAccessed", "ConsentGranted",
                    "ConsentWithdrawn", "ConsentGranted", "ConsentExpired", "ShareOffered", "ShareAccepted",
                    "ShareRevoked", "ShareOffered", "ShareDeclined", "ShareOffered", "ShareExpired");
            assertThat(history(s.recipient())).as("recipient's history" + as).containsExactlyInAnyOrder(
                    "MemberRegistered", "ConsentGranted", "ShareOffered", "ShareAccepted", "ShareRevoked",
                    "ShareOffered", "ShareDeclined", "ShareOffered", "ShareExpired", "ShareOffered");
            assertThat(history(s.forgotten())).as("forgotten member's history" + as)
                    .containsExactlyInAnyOrder("MemberRegistered", "ShareOffered", "MemberForgotten");
        }
        // the query API serves what the read model holds, to the owner (whose token's subject holds emoji)
        Story emoji = stories.get(2);
        String subject = sent(emoji.flavour(), "subject", "subject-" + emoji.owner() + " ");
        Api.Response share = api().get("/api/v1/shares/" + emoji.revoked()).token(TestIssuer.get().memberToken(subject))
                .send();
        assertThat(share.status()).as(share.body()).isEqualTo(200);
        assertThat(share.json().path("itemTitle").asText()).isEqualTo("revoked " + emoji.flavour().text());
        assertThat(share.json().path("note").asText()).isEqualTo("line one\r\nline two\n" + emoji.flavour().text());
        assertThat(deadLetters()).isZero();
    }

    private static List<String> history(MemberId member) throws SQLException {
        List<String> types = new ArrayList<>();
        query("select event_type from member_history where member_id = ?::uuid", rs -> types.add(rs.getString(1)), member);
        return types;
    }

    private static Map<String, String> row(String sql, Object id) throws SQLException {
        List<Map<String, String>> rows = new ArrayList<>();
        query(sql.replace("= ?", "= ?::uuid"), rs -> {
            Map<String, String> row = new HashMap<>();
            for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                row.put(rs.getMetaData().getColumnName(i), rs.getString(i));
            }
            rows.add(row);
        }, id);
        assertThat(rows).as(sql + " " + id).hasSize(1);
        return rows.get(0);
    }

    @FunctionalInterface
    private interface RowHandler {
        void handle(ResultSet rs) throws SQLException;
    }

    private static void query(String sql, RowHandler handler, Object... ids) throws SQLException {
        try (Connection connection = db.connect(); PreparedStatement statement = connection.prepareStatement(sql)) {
            if (sql.contains("any(")) {
                statement.setArray(1, connection.createArrayOf("text",
                        java.util.Arrays.stream(ids).map(Object::toString).toArray()));
            } else {
                for (int i = 0; i < ids.length; i++) {
                    statement.setString(i + 1, ids[i].toString());
                }
            }
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    handler.handle(rs);
                }
            }
        }
    }

    private static long deadLetters() throws SQLException {
        long[] count = new long[1];
        query("select count(*) from dead_letter_entry", rs -> count[0] = rs.getLong(1));
        return count[0];
    }

    private static String checksum(ReadModel model) {
        Api.Response response = api().get("/admin/projections/" + model.modelName() + "/checksum").token(operator()).send();
        assertThat(response.status()).isEqualTo(200);
        return response.json().path("checksum").asText();
    }

    private static JsonNode projection(ReadModel model) {
        Api.Response response = api().get("/admin/projections/" + model.modelName()).token(operator()).send();
        assertThat(response.status()).isEqualTo(200);
        return response.json();
    }

    private static String operator() {
        return TestIssuer.get().token("operator-hostile-text", "operator");
    }

    private static Api api() {
        return StandaloneService.api(service);
    }
}
