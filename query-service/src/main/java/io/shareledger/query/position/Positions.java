package io.shareledger.query.position;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * Per read model and aggregate, the sequence number of the last event applied. Handlers call
 * {@link #advance} first, inside the processor's transaction: it records the event and tells
 * whether it is new, so that a redelivered event changes nothing.
 */
@Component
public class Positions {

    static final String LAST = "select last_sequence from read_model_position where read_model = ? and aggregate_id = ?";

    private final JdbcTemplate jdbc;

    Positions(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** @return true if the event is new for this read model and must be applied, false if seen before */
    public boolean advance(String readModel, String aggregateId, long sequence) {
        return jdbc.update("""
                insert into read_model_position (read_model, aggregate_id, last_sequence) values (?, ?, ?)
                on conflict (read_model, aggregate_id) do update set last_sequence = excluded.last_sequence
                where read_model_position.last_sequence < excluded.last_sequence
                """, readModel, aggregateId, sequence) == 1;
    }

    /** @return the last sequence applied for the aggregate, or -1 if none */
    public long last(String readModel, String aggregateId) {
        List<Long> last = jdbc.queryForList(LAST, Long.class, readModel, aggregateId);
        return last.isEmpty() ? -1 : last.get(0);
    }
}
