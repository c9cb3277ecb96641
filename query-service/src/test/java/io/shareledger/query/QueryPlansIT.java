package io.shareledger.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.shareledger.query.member.SubjectDigest;
import io.shareledger.query.position.Times;
import io.shareledger.query.support.IntegrationTest;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.springframework.beans.factory.annotation.Autowired;

import javax.sql.DataSource;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every statement the query API runs is served by an index: its plan, on the migrated schema, has
 * no sequential scan of a read-model table, reads through the index docs/query-service.md names for
 * it and, for the keyset-paginated lists, needs no sort (the index gives the order, so a page reads
 * only its own rows).
 *
 * <p>The SQL is the production text itself (constants and the shares list builder of the
 * controllers, read reflectively because those classes are package-private). Each plan is taken
 * with {@code EXPLAIN (FORMAT JSON)} and representative parameters inside a transaction with
 * {@code SET LOCAL enable_seqscan = off} that is rolled back: on the small test tables the planner
 * would otherwise always scan sequentially, while with it off a sequential scan is chosen only
 * when no index can serve the query. Dropping one of the indexes makes its statements fail here.
 */
class QueryPlansIT extends IntegrationTest {

    private static final Set<String> READ_MODEL_TABLES = Set.of(
            "read_model_position", "member_profile", "member_consent", "share_view", "share_forgotten_owner",
            "member_history");

    private static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    private DataSource dataSource;

    /**
     * One statement of the API, with representative parameters and the index that must serve it;
     * a keyset page must also come out of the index in order (no sort of all the member's rows).
     */
    private record Query(String name, String sql, List<Object> args, String index, boolean keyset) {
    }

    @TestFactory
    Stream<DynamicTest> everyQueryOfTheApiIsServedByAnIndex() {
        return queries().stream().map(q -> DynamicTest.dynamicTest(q.name(), () -> assertServedByIndex(q)));
    }

    private static List<Query> queries() {
        UUID member = UUID.randomUUID();
        UUID share = UUID.randomUUID();
        String positionReadModel = (String) constant("io.shareledger.query.share.ShareProjection", "READ_MODEL");
        List<Query> queries = new ArrayList<>(List.of(
                new Query("GET /members/me: member of subject digest",
                        (String) constant("io.shareledger.query.member.MemberProfiles", "MEMBER_OF_DIGEST"),
                        List.of(SubjectDigest.of("subject-" + member)), "member_profile_subject_idx", false),
                new Query("GET /members/{id}: profile by id",
                        (String) constant("io.shareledger.query.member.MemberProfiles", "BY_ID"),
                        List.of(member), "member_profile_pk", false),
                new Query("GET /members/{id}/consents",
                        (String) constant("io.shareledger.query.consent.ConsentController", "CONSENTS"),
                        // not paginated (a member has a handful): the planner may sort the rows it fetched
                        List.of(member), "member_consent_member_idx", false),
                new Query("GET /shares/{id}: share by id",
                        (String) constant("io.shareledger.query.share.ShareController", "BY_ID"),
                        List.of(share), "share_view_pk", false),
                new Query("GET /members/{id}/history: first page",
                        (String) constant("io.shareledger.query.history.HistoryController", "FIRST_PAGE"),
                        List.of(member, 21), "member_history_member_idx", true),
                new Query("GET /members/{id}/history: after cursor",
                        (String) constant("io.shareledger.query.history.HistoryController", "AFTER_CURSOR"),
                        List.of(member, Times.utc(Instant.parse("2026-01-01T10:00:00Z")), 42L, 21),
                        "member_history_member_idx", true),
                new Query("read-your-writes wait: read_model_position lookup",
                        (String) invoke("io.shareledger.query.position.Positions", "lastSql",
                                new Class<?>[] {String.class}, positionReadModel),
                        List.of(share.toString()), "read_model_position_pk", false)));

        @SuppressWarnings("unchecked")
        Map<String, String> directions = (Map<String, String>) constant("io.shareledger.query.share.ShareController", "DIRECTIONS");
        assertThat(directions).containsOnlyKeys("outgoing", "incoming");
        for (String direction : List.of("outgoing", "incoming")) {
            String party = directions.get(direction);
            String table = party.equals("owner_id") ? "share_view_owner" : "share_view_recipient";
            for (boolean byStatus : List.of(false, true)) {
                for (boolean afterCursor : List.of(false, true)) {
                    for (boolean ascending : List.of(false, true)) {
                        String sql = (String) invoke("io.shareledger.query.share.ShareController", "listSql",
                                new Class<?>[] {String.class, boolean.class, boolean.class, boolean.class},
                                party, byStatus, afterCursor, ascending);
                        List<Object> args = new ArrayList<>(List.of(member));
                        if (byStatus) {
                            args.add("ACCEPTED");
                        }
                        if (afterCursor) {
                            args.add(Times.utc(Instant.parse("2026-01-01T10:00:00Z")));
                            args.add(share);
                        }
                        args.add(21);
                        queries.add(new Query("GET /members/{id}/shares direction=" + direction
                                + (byStatus ? " status=ACCEPTED" : "") + (afterCursor ? " cursor" : "")
                                + " sort=" + (ascending ? "offeredAt" : "-offeredAt"),
                                sql, args, table + (byStatus ? "_status_idx" : "_idx"), true));
                    }
                }
            }
        }
        return queries;
    }

    private void assertServedByIndex(Query query) throws Exception {
        JsonNode plan = explain(query.sql(), query.args());
        List<JsonNode> nodes = new ArrayList<>();
        collect(plan, nodes);
        String shown = query.sql().strip() + "\n" + plan.toPrettyString();

        List<String> seqScans = nodes.stream()
                .filter(n -> n.path("Node Type").asText().equals("Seq Scan"))
                .map(n -> n.path("Relation Name").asText())
                .filter(READ_MODEL_TABLES::contains)
                .toList();
        assertThat(seqScans).as("sequential scans of read-model tables in the plan of\n%s", shown).isEmpty();

        Set<String> indexes = new LinkedHashSet<>();
        nodes.stream().map(n -> n.path("Index Name")).filter(JsonNode::isTextual).map(JsonNode::asText).forEach(indexes::add);
        assertThat(indexes).as("indexes used by the plan of\n%s", shown).containsExactly(query.index());

        if (query.keyset()) {
            assertThat(nodes.stream().map(n -> n.path("Node Type").asText()))
                    .as("keyset page in index order, no sort, in the plan of\n%s", shown)
                    .noneMatch(type -> type.contains("Sort"));
        }
    }

    /** The plan of the statement with these parameters, taken in a transaction that is rolled back. */
    private JsonNode explain(String sql, List<Object> args) throws Exception {
        try (Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("set local enable_seqscan = off");
                }
                try (PreparedStatement explain = connection.prepareStatement("explain (format json) " + sql)) {
                    for (int i = 0; i < args.size(); i++) {
                        explain.setObject(i + 1, args.get(i));
                    }
                    try (ResultSet rs = explain.executeQuery()) {
                        assertThat(rs.next()).isTrue();
                        return JSON.readTree(rs.getString(1)).get(0).get("Plan");
                    }
                }
            } finally {
                connection.rollback();
                connection.setAutoCommit(autoCommit);
            }
        }
    }

    private static void collect(JsonNode node, List<JsonNode> nodes) {
        nodes.add(node);
        for (JsonNode child : node.path("Plans")) {
            collect(child, nodes);
        }
    }

    private static Object constant(String className, String field) {
        try {
            Field f = Class.forName(className).getDeclaredField(field);
            f.setAccessible(true);
            return f.get(null);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("the production SQL " + className + "." + field + " is gone", e);
        }
    }

    private static Object invoke(String className, String method, Class<?>[] types, Object... args) {
        try {
            Method m = Class.forName(className).getDeclaredMethod(method, types);
            m.setAccessible(true);
            return m.invoke(null, args);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("the production SQL builder " + className + "." + method + " is gone", e);
        }
    }
}
