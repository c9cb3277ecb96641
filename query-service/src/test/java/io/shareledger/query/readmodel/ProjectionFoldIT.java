package io.shareledger.query.readmodel;

import io.shareledger.query.consent.ConsentApplier;
import io.shareledger.query.history.HistoryApplier;
import io.shareledger.query.member.MemberProfileApplier;
import io.shareledger.query.share.ShareApplier;
import io.shareledger.query.support.EventPublisher;
import io.shareledger.query.support.RandomHistory;
import io.shareledger.testsupport.TestDatabase;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.messaging.MetaData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.stream.LongStream;

import static io.shareledger.query.position.Times.instant;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Property: for random valid histories, the batch appliers give exactly the rows of a plain fold of
 * the events ({@link ExpectedReadModels}), whatever the delivery: the events of different
 * aggregates interleaved at random (as partitions interleave), any batch sizes, and redelivered
 * events mixed in. Two such deliveries of the same history give the same checksum. Runs against a
 * real PostgreSQL, in schemas created from the read models' DDL files; many seeds, each printed on
 * failure by the parameterized test's name.
 */
class ProjectionFoldIT {

    private static SingleConnectionDataSource dataSource;
    private static JdbcTemplate jdbc;
    private static TransactionTemplate transactions;
    private static ReadModelSchemas schemas;
    private static Map<ReadModel, BatchApplier> appliers;

    @BeforeAll
    static void database() {
        TestDatabase db = TestDatabase.get().fresh();
        dataSource = new SingleConnectionDataSource(db.url(), db.user(), db.password(), true);
        jdbc = new JdbcTemplate(dataSource);
        transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        schemas = new ReadModelSchemas(jdbc);
        appliers = Map.of(ReadModel.MEMBER_PROFILES, new MemberProfileApplier(jdbc),
                ReadModel.MEMBER_CONSENTS, new ConsentApplier(jdbc),
                ReadModel.SHARES, new ShareApplier(jdbc),
                ReadModel.MEMBER_HISTORY, new HistoryApplier(jdbc));
    }

    @AfterAll
    static void close() {
        dataSource.destroy();
    }

    static LongStream seeds() {
        return LongStream.rangeClosed(1, 30);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void appliersEqualAPlainFoldOfTheEventsAndTwoDeliveriesGiveOneChecksum(long seed) {
        Random random = new Random(seed);
        RandomHistory history = RandomHistory.generate(seed, 12 + random.nextInt(20), 100 + random.nextInt(300),
                random.nextInt(3), Instant.parse("2026-01-01T00:00:00Z"));
        ExpectedReadModels expected = ExpectedReadModels.of(history.events());

        for (ReadModel model : ReadModel.values()) {
            String first = deliver(model, 1, history, new Random(random.nextLong()));
            assertRowsEqual(model, model.schema(1), expected);
            String second = deliver(model, 2, history, new Random(random.nextLong()));
            assertThat(second).as("checksum of a second delivery of %s", model).isEqualTo(first);
        }
    }

    /** Applies the history to a new version of the read model, delivered at random. @return its checksum */
    private String deliver(ReadModel model, int version, RandomHistory history, Random random) {
        transactions.executeWithoutResult(s -> {
            schemas.drop(model, version);
            schemas.create(model, version);
        });
        List<EventMessage<?>> delivery = interleavedWithRedeliveries(history.events(), random);
        for (int from = 0; from < delivery.size(); ) {
            int to = Math.min(delivery.size(), from + 1 + random.nextInt(random.nextBoolean() ? 5 : 200));
            List<EventMessage<?>> batch = delivery.subList(from, to);
            transactions.executeWithoutResult(s -> {
                schemas.use(model.schema(version));
                appliers.get(model).apply(batch);
            });
            from = to;
        }
        return transactions.execute(s -> Checksums.of(jdbc, model, model.schema(version)).sha256());
    }

    /**
     * The events with each aggregate's in order, aggregates interleaved at random, and now and then
     * an event delivered again after later ones.
     */
    private static List<EventMessage<?>> interleavedWithRedeliveries(List<RandomHistory.Event> events, Random random) {
        Map<String, Deque<RandomHistory.Event>> byAggregate = new LinkedHashMap<>();
        events.forEach(e -> byAggregate.computeIfAbsent(e.aggregateId(), id -> new ArrayDeque<>()).add(e));
        List<Deque<RandomHistory.Event>> queues = new ArrayList<>(byAggregate.values());
        List<EventMessage<?>> delivered = new ArrayList<>();
        while (!queues.isEmpty()) {
            Deque<RandomHistory.Event> queue = queues.get(random.nextInt(queues.size()));
            delivered.add(message(queue.poll()));
            if (queue.isEmpty()) {
                queues.remove(queue);
            }
            if (random.nextInt(20) == 0) {
                delivered.add(delivered.get(random.nextInt(delivered.size())));
            }
        }
        return delivered;
    }

    private static EventMessage<?> message(RandomHistory.Event e) {
        return new GenericDomainEventMessage<>(EventPublisher.aggregateType(e.payload()), e.aggregateId(), e.sequence(),
                e.payload(), MetaData.emptyInstance(), UUID.randomUUID().toString(), e.at());
    }

    private static void assertRowsEqual(ReadModel model, String schema, ExpectedReadModels expected) {
        Map<String, Long> positions = new HashMap<>();
        jdbc.query("select aggregate_id, last_sequence from " + schema + ".read_model_position",
                rs -> {
                    positions.put(rs.getString(1), rs.getLong(2));
                });
        assertThat(positions).as("positions of %s", model).isEqualTo(expected.positions);
        switch (model) {
            case MEMBER_PROFILES -> assertThat(jdbc.query("select * from " + schema + ".member_profile",
                    (rs, n) -> new ExpectedReadModels.Profile(rs.getObject("member_id", UUID.class),
                            rs.getString("subject_digest"), rs.getString("handle"), rs.getString("display_name"),
                            rs.getString("email"), rs.getString("status"), at(rs, "registered_at"), at(rs, "updated_at"),
                            rs.getLong("version"))))
                    .containsExactlyInAnyOrderElementsOf(expected.profiles.values());
            case MEMBER_CONSENTS -> assertThat(jdbc.query("select * from " + schema + ".member_consent",
                    (rs, n) -> new ExpectedReadModels.Consent(rs.getObject("consent_id", UUID.class),
                            rs.getObject("member_id", UUID.class), rs.getString("purpose"), at(rs, "granted_at"),
                            at(rs, "expires_at"), rs.getString("status"), at(rs, "ended_at"))))
                    .containsExactlyInAnyOrderElementsOf(expected.consents.values());
            case SHARES -> {
                assertThat(jdbc.query("select * from " + schema + ".share_view",
                        (rs, n) -> new ExpectedReadModels.Share(rs.getObject("share_id", UUID.class),
                                rs.getObject("owner_id", UUID.class), rs.getObject("recipient_id", UUID.class),
                                rs.getString("item_ref"), rs.getString("item_title"), rs.getString("note"),
                                rs.getString("permission"), rs.getString("status"), rs.getString("revocation_reason"),
                                rs.getString("revocation_note"), at(rs, "offered_at"), at(rs, "updated_at"),
                                at(rs, "expires_at"), rs.getLong("version"))))
                        .containsExactlyInAnyOrderElementsOf(expected.shares.values());
                assertThat(jdbc.queryForList("select member_id from " + schema + ".share_forgotten_owner", UUID.class))
                        .containsExactlyInAnyOrderElementsOf(expected.forgottenOwners);
            }
            case MEMBER_HISTORY -> assertThat(jdbc.query("select * from " + schema + ".member_history",
                    (rs, n) -> new ExpectedReadModels.HistoryEntry(rs.getObject("member_id", UUID.class),
                            at(rs, "occurred_at"), rs.getString("event_type"), rs.getString("actor"),
                            rs.getString("aggregate_id"), rs.getLong("sequence_number"))))
                    .containsExactlyInAnyOrderElementsOf(expected.history);
        }
    }

    private static Instant at(java.sql.ResultSet rs, String column) throws java.sql.SQLException {
        return instant(rs.getObject(column, OffsetDateTime.class));
    }
}
