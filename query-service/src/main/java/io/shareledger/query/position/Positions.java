package io.shareledger.query.position;

import io.shareledger.query.readmodel.ReadModel;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * Per read model and aggregate, the sequence number of the last event applied, as the live version
 * of the read model has it (the read model's positions view in {@code public}).
 */
@Component
public class Positions {

    private final JdbcTemplate jdbc;

    Positions(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The statement that reads an aggregate's position in a read model; one parameter, the aggregate id. */
    static String lastSql(String readModel) {
        return "select last_sequence from " + ReadModel.of(readModel).positionView() + " where aggregate_id = ?";
    }

    /** @return the last sequence applied for the aggregate, or -1 if none */
    public long last(String readModel, String aggregateId) {
        List<Long> last = jdbc.queryForList(lastSql(readModel), Long.class, aggregateId);
        return last.isEmpty() ? -1 : last.get(0);
    }
}
