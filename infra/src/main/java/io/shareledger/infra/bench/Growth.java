package io.shareledger.infra.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Issue 10's growth check: grows the event store by a large history before a second load phase, and
 * tells how much loading an aggregate reads.
 *
 * <p>The preloaded events are copies of the events the benchmark's own set-up and load stored (the
 * same encrypted payload bytes, types and sizes), each under a new aggregate identifier (ten events per
 * aggregate, sequences 0–9) and a new event identifier, so the table, its heap and its three indexes
 * (global index, aggregate and sequence, event identifier) hold that many more rows, which is what the
 * write path and every aggregate load meet. Their global indexes are negative, below any tracking
 * token (a processor reads {@code global_index > token}, from -1 when it has none), so no processor
 * handles them and the topic and read models stay as they were. They are placeholders, not a history
 * anyone could load or replay from the tail: the benchmark preloads only into a stack it started itself
 * on a temporary data directory.
 */
final class Growth {

    /** Rows copied per statement, each statement its own transaction. */
    private static final int CHUNK = 100_000;
    /** Source rows the copies cycle through. */
    private static final int SOURCE = 10_000;

    private Growth() {
    }

    /** Appends {@code events} placeholder events; returns the seconds it took. */
    static double preload(String jdbcUrl, String user, String password, long events, String runId) throws SQLException {
        long start = System.nanoTime();
        try (Connection db = DriverManager.getConnection(jdbcUrl, user, password); Statement st = db.createStatement()) {
            db.setAutoCommit(true);
            st.execute("create temporary table growth_source as select row_number() over (order by global_index) - 1 as r, "
                    + "type, payload_type, payload_revision, payload, meta_data, time_stamp from domain_event_entry "
                    + "where global_index >= 0 order by global_index limit " + SOURCE);
            long sources;
            long below;
            try (ResultSet rs = st.executeQuery("select (select count(*) from growth_source), "
                    + "(select least(coalesce(min(global_index), 0), 0) from domain_event_entry)")) {
                rs.next();
                sources = rs.getLong(1);
                below = rs.getLong(2);
            }
            if (sources == 0) {
                throw new IllegalStateException("the event store is empty: nothing to copy");
            }
            try (PreparedStatement insert = db.prepareStatement("""
                    insert into domain_event_entry (global_index, aggregate_identifier, sequence_number, type,
                        event_identifier, payload_type, payload_revision, payload, meta_data, time_stamp)
                    select ? - g.i, md5(? || (g.i / 10)::text)::uuid::text, g.i % 10, s.type, gen_random_uuid()::text,
                           s.payload_type, s.payload_revision, s.payload, s.meta_data, s.time_stamp
                    from generate_series(?::bigint, ?::bigint) g(i) join growth_source s on s.r = g.i % ?
                    """)) {
                for (long from = 1; from <= events; from += CHUNK) {
                    insert.setLong(1, below - 1);
                    insert.setString(2, "growth-" + runId + "-");
                    insert.setLong(3, from);
                    insert.setLong(4, Math.min(events, from + CHUNK - 1));
                    insert.setLong(5, sources);
                    insert.executeUpdate();
                }
            }
            // what autovacuum would do during the next phase, done before it
            st.execute("vacuum (analyze) domain_event_entry");
        }
        return (System.nanoTime() - start) / 1e9;
    }

    /** The stored events (placeholders included) and what loading the aggregates reads now. */
    record Loads(long storedEvents, long longestHistory, long mostEventsReadToLoad, long snapshots) {
    }

    /**
     * For the aggregates the benchmark wrote (non-negative global indexes): the longest history, and
     * the most events any of them makes a load read (those after its latest snapshot).
     */
    static Loads loads(String jdbcUrl, String user, String password) throws SQLException {
        try (Connection db = DriverManager.getConnection(jdbcUrl, user, password); Statement st = db.createStatement();
             ResultSet rs = st.executeQuery("""
                     select (select count(*) from domain_event_entry),
                            coalesce(max(n), 0), coalesce(max(after_snapshot), 0),
                            (select count(*) from snapshot_event_entry)
                     from (select e.aggregate_identifier, count(*) as n,
                                  count(*) filter (where e.sequence_number > coalesce(s.seq, -1)) as after_snapshot
                           from domain_event_entry e
                           left join (select aggregate_identifier, max(sequence_number) as seq
                                      from snapshot_event_entry group by aggregate_identifier) s
                             on s.aggregate_identifier = e.aggregate_identifier
                           where e.global_index >= 0
                           group by e.aggregate_identifier) per_aggregate
                     """)) {
            rs.next();
            return new Loads(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4));
        }
    }
}
