package io.shareledger.query.readmodel;

import org.axonframework.eventhandling.DomainEventMessage;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code read_model_position} rows a batch touches: per aggregate, the sequence number of the
 * last event applied. Loaded with one query, advanced in memory in event order, written back with
 * one batched upsert.
 */
public final class AggregatePositions {

    private final Map<String, Long> last = new HashMap<>();
    private final Map<String, Long> advanced = new HashMap<>();

    private AggregatePositions() {
    }

    /**
     * The events of the batch that are new for the read model, in order; the others (redelivered,
     * or applied by a rebuild before it went live) are dropped. Their positions are advanced.
     */
    public static Fresh select(JdbcTemplate jdbc, List<DomainEventMessage<?>> events) {
        AggregatePositions positions = new AggregatePositions();
        String[] ids = events.stream().map(DomainEventMessage::getAggregateIdentifier).distinct().toArray(String[]::new);
        jdbc.query("select aggregate_id, last_sequence from read_model_position where aggregate_id = any(?)",
                rs -> {
                    positions.last.put(rs.getString(1), rs.getLong(2));
                }, (Object) ids);
        List<DomainEventMessage<?>> fresh = new ArrayList<>();
        for (DomainEventMessage<?> event : events) {
            String id = event.getAggregateIdentifier();
            long sequence = event.getSequenceNumber();
            if (sequence > positions.last.getOrDefault(id, -1L)) {
                positions.last.put(id, sequence);
                positions.advanced.put(id, sequence);
                fresh.add(event);
            }
        }
        return new Fresh(fresh, positions);
    }

    /** The new events of a batch and the positions to write once they are applied. */
    public record Fresh(List<DomainEventMessage<?>> events, AggregatePositions positions) {

        public void flush(JdbcTemplate jdbc) {
            positions.flush(jdbc);
        }
    }

    private void flush(JdbcTemplate jdbc) {
        Rows.batch(jdbc, """
                insert into read_model_position (aggregate_id, last_sequence) values (?, ?)
                on conflict (aggregate_id) do update set last_sequence = excluded.last_sequence
                where read_model_position.last_sequence < excluded.last_sequence
                """, advanced.entrySet(), (row, p) -> p.text(row.getKey()).bigint(row.getValue()));
    }
}
