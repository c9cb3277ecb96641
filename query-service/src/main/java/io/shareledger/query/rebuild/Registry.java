package io.shareledger.query.rebuild;

import io.shareledger.query.readmodel.ReadModel;
import org.apache.kafka.common.TopicPartition;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.shareledger.query.position.Times.instant;

/**
 * The {@code read_model} registry rows and the rebuild offsets. Every method runs in the caller's
 * transaction. Updates of a row that change no key take a lock that does not conflict with the
 * live writers' {@code FOR KEY SHARE}; only the switch's {@code FOR UPDATE} does.
 */
@Component
class Registry {

    static final String RUNNING = "RUNNING";

    private final JdbcTemplate jdbc;

    Registry(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** A registry row. */
    record Row(ReadModel model, int liveVersion, String rebuildState, Integer targetVersion, Instant startedAt,
               Instant finishedAt, Long total, Long processed, Double eventsPerSecond, Long etaSeconds,
               String failure, String owner, Instant heartbeatAt) {

        boolean running() {
            return RUNNING.equals(rebuildState);
        }
    }

    private static final RowMapper<Row> ROW = (rs, n) -> new Row(ReadModel.of(rs.getString("name")),
            rs.getInt("live_version"), rs.getString("rebuild_state"), integer(rs, "target_version"),
            instant(rs.getObject("started_at", OffsetDateTime.class)),
            instant(rs.getObject("finished_at", OffsetDateTime.class)), longOrNull(rs, "total"),
            longOrNull(rs, "processed"), doubleOrNull(rs, "events_per_second"), longOrNull(rs, "eta_seconds"),
            rs.getString("failure"), rs.getString("rebuild_owner"),
            instant(rs.getObject("heartbeat_at", OffsetDateTime.class)));

    Row find(ReadModel model) {
        return jdbc.queryForObject("select * from read_model where name = ?", ROW, model.modelName());
    }

    /** Locks the row against live writers for a switch: they wait until the transaction ends. */
    Row lockForSwitch(ReadModel model) {
        return jdbc.queryForObject("select * from read_model where name = ? for update", ROW, model.modelName());
    }

    /** Marks a rebuild as running, owned by this instance, unless one is running. @return its target version */
    Optional<Integer> start(ReadModel model, String owner) {
        List<Integer> target = jdbc.queryForList("""
                update read_model set rebuild_state = 'RUNNING', target_version = live_version + 1, started_at = now(),
                       finished_at = null, total = null, processed = 0, events_per_second = null, eta_seconds = null,
                       failure = null, rebuild_owner = ?, heartbeat_at = now()
                where name = ? and rebuild_state is distinct from 'RUNNING'
                returning target_version
                """, Integer.class, owner, model.modelName());
        return target.stream().findFirst();
    }

    /** Takes over a running rebuild whose owner stopped beating. @return the row, now owned by this instance */
    Optional<Row> adopt(ReadModel model, String owner, Duration heartbeatTimeout) {
        return jdbc.query("""
                update read_model set rebuild_owner = ?, heartbeat_at = now()
                where name = ? and rebuild_state = 'RUNNING' and heartbeat_at < now() - make_interval(secs => ?)
                returning *
                """, ROW, owner, model.modelName(), (double) heartbeatTimeout.toMillis() / 1000).stream().findFirst();
    }

    /**
     * Records progress and that the owner is alive. @return false if the rebuild is no longer this
     * instance's to run (cancelled, or taken over after a missed heartbeat): the caller must stop.
     */
    boolean heartbeat(ReadModel model, String owner, RebuildProgress.Snapshot progress) {
        return jdbc.update("""
                update read_model set heartbeat_at = now(), total = ?, processed = ?, events_per_second = ?, eta_seconds = ?
                where name = ? and rebuild_state = 'RUNNING' and rebuild_owner = ?
                """, progress.total(), progress.processed(), progress.eventsPerSecond(), progress.etaSeconds(),
                model.modelName(), owner) == 1;
    }

    void complete(ReadModel model, int version, RebuildProgress.Snapshot progress) {
        jdbc.update("""
                update read_model set live_version = ?, rebuild_state = 'COMPLETED', finished_at = now(), eta_seconds = 0,
                       total = ?, processed = ?
                where name = ?
                """, version, progress.total(), progress.processed(), model.modelName());
    }

    /** @return the target version of the running rebuild now cancelled, if one was running */
    Optional<Integer> cancel(ReadModel model) {
        return jdbc.queryForList("""
                update read_model set rebuild_state = 'CANCELLED', finished_at = now(), eta_seconds = null
                where name = ? and rebuild_state = 'RUNNING' returning target_version
                """, Integer.class, model.modelName()).stream().findFirst();
    }

    /** @return true if this instance's running rebuild is now marked failed */
    boolean fail(ReadModel model, String owner, String failure) {
        return jdbc.update("""
                update read_model set rebuild_state = 'FAILED', finished_at = now(), failure = ?, eta_seconds = null
                where name = ? and rebuild_state = 'RUNNING' and rebuild_owner = ?
                """, failure, model.modelName(), owner) == 1;
    }

    Map<TopicPartition, Long> offsets(ReadModel model) {
        Map<TopicPartition, Long> offsets = new HashMap<>();
        jdbc.query("select topic, partition, next_offset from read_model_rebuild_offset where name = ?", rs -> {
            offsets.put(new TopicPartition(rs.getString(1), rs.getInt(2)), rs.getLong(3));
        }, model.modelName());
        return offsets;
    }

    void storeOffsets(ReadModel model, Map<TopicPartition, Long> offsets) {
        jdbc.batchUpdate("""
                insert into read_model_rebuild_offset (name, topic, partition, next_offset) values (?, ?, ?, ?)
                on conflict (name, topic, partition) do update set next_offset = excluded.next_offset
                """, offsets.entrySet().stream().map(e -> new Object[] {
                model.modelName(), e.getKey().topic(), e.getKey().partition(), e.getValue()}).toList());
    }

    void deleteOffsets(ReadModel model) {
        jdbc.update("delete from read_model_rebuild_offset where name = ?", model.modelName());
    }

    private static Integer integer(ResultSet rs, String column) throws SQLException {
        int value = rs.getInt(column);
        return rs.wasNull() ? null : value;
    }

    private static Long longOrNull(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }

    private static Double doubleOrNull(ResultSet rs, String column) throws SQLException {
        double value = rs.getDouble(column);
        return rs.wasNull() ? null : value;
    }
}
